// One CSRF token for everyone: Django masks the token afresh on every render,
// so two clients that share nothing (no cookies, no memo) getting the same
// csrfmiddlewaretoken were served one cached page, and every form post fails
// with 403. Every form page met is a candidate: the admin login, the canaries
// that answer with Wagtail's password form, the password-form documents and
// pages the crawl met, and pages with a CSRF form, within MAX_FORM_PAGES.

import { evidenceFrom, READ, type AnsweredPage, type FetchResult, type SiteModel } from '../../src/probe-kit/index.js';
import { CACHE_EVIDENCE_HEADERS } from '../../src/signals/shared-cache.js';
import { csrfToken } from '../../src/wagtail/django-pages.js';
import { isWagtailPasswordForm } from '../../src/wagtail/privacy.js';
import type { Context, Report } from './messages.js';
import { isPasswordFormAnswer, type CanaryAnswer } from './private-canaries.js';

/**
 * Form pages compared at most, the admin login included; each costs two
 * fresh-client requests (16 at most). A page is compared only for a form no
 * compared page carries: forms are told apart by their action, so a contact
 * form on every page counts once.
 */
export const MAX_FORM_PAGES = 8;
/** URLs named in the note of the finding that says what the cap left out. */
const MAX_URLS_SHOWN = 25;

/** Why a URL is compared, in the order candidates are taken. */
export type FormSource = 'admin login' | 'private page' | 'private document' | 'password-form document' | 'password form' | 'csrf form';

export interface FormPage {
  readonly url: string;
  readonly source: FormSource;
  /**
   * What tells its forms apart: each CSRF form's action. A private answer's
   * password form (and the admin login) is its URL's own: a cache stores each
   * URL apart, and the operator named each canary to be checked.
   */
  readonly forms: readonly string[];
}

export interface FormPageSelection {
  readonly compared: readonly FormPage[];
  /** Pages with a form no compared page carries, past the cap. */
  readonly left: readonly FormPage[];
  /** How many distinct forms those carry. */
  readonly formsLeft: number;
}

const hasCsrf = (form: { inputNames: readonly string[] }) => form.inputNames.includes('csrfmiddlewaretoken');

/** A crawled document whose first bytes are Wagtail's password form (the crawl reads a prefix only). */
function isPasswordFormDocument(response: FetchResult | null): boolean {
  if (!response?.ok || response.status < 200 || response.status >= 300) return false;
  return isWagtailPasswordForm(Buffer.from(response.body.prefixBase64, 'base64').toString('utf8'));
}

/**
 * Candidates in the order they are taken: the admin login, the canaries whose
 * answer is the password form, the password-form documents the crawl met, then
 * crawled pages with a CSRF form, those that take a password (Wagtail's
 * password form, a login) first. Each URL once.
 */
export function formPagesOf(site: SiteModel, pages: Iterable<AnsweredPage>, canaryAnswers: readonly CanaryAnswer[]): FormPage[] {
  const found: FormPage[] = [{ url: site.adminLoginUrl, source: 'admin login', forms: [site.adminLoginUrl] }];
  for (const { canary, answer } of canaryAnswers) {
    if (isPasswordFormAnswer(answer)) found.push({ url: canary.url, source: canary.what === 'page' ? 'private page' : 'private document', forms: [canary.url] });
  }
  for (const resource of site.resources) {
    if (resource.kind === 'document' && isPasswordFormDocument(resource.response)) found.push({ url: resource.url, source: 'password-form document', forms: [resource.url] });
  }
  const withForms: FormPage[] = [];
  for (const page of pages) {
    const forms = (page.facts?.forms ?? []).filter(hasCsrf);
    if (page.role === 'admin-login' || forms.length === 0 || page.response.status < 200 || page.response.status >= 300) continue;
    const takesPassword = forms.some((f) => f.inputNames.includes('password'));
    // The page as it answered: the fresh clients do not follow redirects.
    withForms.push({ url: page.response.url, source: takesPassword ? 'password form' : 'csrf form', forms: forms.map((f) => f.action) });
  }
  found.push(...withForms.filter((p) => p.source === 'password form'), ...withForms.filter((p) => p.source === 'csrf form'));
  const byUrl = new Map<string, FormPage>();
  for (const page of found) if (!byUrl.has(page.url)) byUrl.set(page.url, page);
  return [...byUrl.values()];
}

/** The first `cap` candidates that each bring a form not compared yet; what the cap leaves out is counted. */
export function selectFormPages(candidates: readonly FormPage[], cap: number = MAX_FORM_PAGES): FormPageSelection {
  const covered = new Set<string>();
  const compared: FormPage[] = [];
  const left: FormPage[] = [];
  for (const page of candidates) {
    if (page.forms.every((form) => covered.has(form))) continue; // a compared page carries the same forms
    if (compared.length < cap) {
      compared.push(page);
      for (const form of page.forms) covered.add(form);
    } else {
      left.push(page);
    }
  }
  const formsLeft = new Set(left.flatMap((p) => p.forms).filter((form) => !covered.has(form))).size;
  return { compared, left, formsLeft };
}

/** A check not done is never a pass: the forms past the cap are counted; a canary left out makes it inconclusive. */
export function reportFormPagesCapped(selection: FormPageSelection, report: Report): void {
  const [first] = selection.left;
  if (first === undefined) return;
  const urls = selection.left.slice(0, MAX_URLS_SHOWN).map((p) => `${p.url} (${p.source})`);
  const more = selection.left.length > MAX_URLS_SHOWN ? ` and ${selection.left.length - MAX_URLS_SHOWN} more` : '';
  report('formPagesCapped', { count: selection.formsLeft, limit: MAX_FORM_PAGES }, [{ note: `not compared: ${urls.join(' ')}${more}` }], {
    url: first.url,
    inconclusive: selection.left.some((p) => p.source === 'private page' || p.source === 'private document'),
  });
}

/** What one URL gave two fresh clients, in the order they asked. */
export interface ClientPair {
  readonly url: string;
  readonly first: FetchResult;
  readonly second: FetchResult;
}

/** A client that shares nothing with any other request: no cookies, and no answer from the run's memo. */
function fetchAsFreshClient(ctx: Context, url: string): Promise<FetchResult> {
  return ctx.fetch(url, { fresh: true, followRedirects: false, body: READ.page });
}

/** Two requests per URL, one after the other: the first fresh client, then the second. */
export async function fetchClientPairs(ctx: Context, urls: readonly string[]): Promise<ClientPair[]> {
  const pairs: ClientPair[] = [];
  for (const url of urls) {
    const first = await fetchAsFreshClient(ctx, url);
    const second = await fetchAsFreshClient(ctx, url);
    pairs.push({ url, first, second });
  }
  return pairs;
}

export function judgeCsrfTokens(pairs: readonly ClientPair[], report: Report): void {
  for (const { url, first, second } of pairs) {
    if (!first.ok || !second.ok) {
      const failed = (!first.ok ? first : second) as Extract<FetchResult, { ok: false }>;
      report('formPageUnreadable', { url, error: failed.error.code }, [evidenceFrom(failed)], { url, inconclusive: true });
      continue;
    }
    const [a, b] = [csrfToken(first.text ?? ''), csrfToken(second.text ?? '')];
    if (a !== null && a === b) {
      report('csrfTokenShared', { url }, [
        evidenceFrom(first, CACHE_EVIDENCE_HEADERS, { note: 'first client' }),
        evidenceFrom(second, CACHE_EVIDENCE_HEADERS, { note: `second client: the same token ${a.slice(0, 8)}…`, decisive: true }),
      ], { url });
    }
  }
}

// One CSRF token for everyone: Django masks the token afresh on every render,
// so two clients that share nothing (no cookies, no memo) getting the same
// csrfmiddlewaretoken were served one cached page, and every form post fails with 403.

import { evidenceFrom, READ, type FetchResult, type PageRecord, type SiteModel } from '../../src/probe-kit/index.js';
import { csrfToken } from '../../src/wagtail/django-pages.js';
import { CACHE_HEADERS, type Context, type Report } from './messages.js';

/** Public form pages compared besides the admin login (each costs two requests). */
export const MAX_FORM_PAGES = 2;

/** What one URL gave two fresh clients, in the order they asked. */
export interface ClientPair {
  readonly url: string;
  readonly first: FetchResult;
  readonly second: FetchResult;
}

function hasCsrfForm(page: PageRecord): boolean {
  return page.facts?.forms.some((f) => f.inputNames.includes('csrfmiddlewaretoken')) ?? false;
}

/** The admin login, then the first MAX_FORM_PAGES content pages whose forms carry a CSRF token. */
export function formPageUrls(site: SiteModel, pages: readonly PageRecord[]): string[] {
  return [site.adminLoginUrl, ...pages.filter((p) => p.role === 'content' && hasCsrfForm(p)).slice(0, MAX_FORM_PAGES).map((p) => p.url)];
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
      report('csrfTokenShared', { url }, [evidenceFrom(first, CACHE_HEADERS, { note: 'first client' }), evidenceFrom(second, CACHE_HEADERS, { note: `second client: the same token ${a.slice(0, 8)}…`, decisive: true })], { url });
    }
  }
}

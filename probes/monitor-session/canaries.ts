// The canaries, proven with the monitor account: the account gets each (the
// positive control: the document's bytes and type, the page itself), then an
// anonymous client asks for the same URL at once and must be refused. A canary
// the account cannot get either is broken, not protected. The same order as
// real life makes the cache replay visible: a shared cache that stored the
// authorised answer hands it to the anonymous client.
//
// Both requests carry a query string of the run's own (Wagtail's serve view and
// pages ignore it): the control must be the origin's answer to this session, not
// what an earlier visitor left in a cache, and the anonymous request must meet
// exactly what this session's visit could have stored.

import { evidenceFrom, READ, type BodyPolicy, type Evidence, type FetchResponse, type FetchResult, type SiteModel } from '../../src/probe-kit/index.js';
import { sniffBody } from '../../src/signals/body-sniff.js';
import { CACHE_EVIDENCE_HEADERS, cacheReplay, cacheSignsText } from '../../src/signals/shared-cache.js';
import { hasPasswordField, isLoginRedirect } from '../../src/wagtail/privacy.js';
import type { MonitorSession } from '../../src/session/session.js';
import { canariesOf, isPasswordFormAnswer, type Canary } from '../cache-privacy/private-canaries.js';
import type { Context, Report } from './messages.js';

/** The query parameter that gives this run's visits a cache key of their own. */
export const VISIT_PARAMETER = 'wagtail-probe-visit';

/** Requests per canary at most: the control, the anonymous visit, the document's file URL. */
export const REQUESTS_PER_CANARY = 3;

export function visitUrl(url: string, nonce: string): string {
  const visit = new URL(url);
  visit.searchParams.set(VISIT_PARAMETER, nonce);
  return visit.href;
}

function bodyFor(canary: Canary, maxAssetBytes: number): BodyPolicy {
  // A document read whole (within the asset cap) and hashed: its bytes are what the comparisons compare.
  return canary.what === 'page' ? READ.page : { read: 'whole', maxBytes: maxAssetBytes, hash: true, keepText: true };
}

export type Control =
  | { readonly kind: 'got'; readonly response: FetchResponse }
  | { readonly kind: 'password-form'; readonly response: FetchResponse }
  | { readonly kind: 'broken'; readonly answer: string; readonly result: FetchResult }
  | { readonly kind: 'unproven'; readonly reason: string; readonly result: FetchResult };

/** What the account got: the canary itself, its password form, or nothing a member could use. */
export function judgeControl(canary: Canary, result: FetchResult): Control {
  if (!result.ok) return { kind: 'unproven', reason: `the monitor account's request failed (${result.error.code}: ${result.error.message})`, result };
  if (result.hops.some((hop) => hop.location !== null && isLoginRedirect(hop.location, hop.url))) {
    return { kind: 'broken', answer: 'it redirects the account to the login page: a group restriction the account is not in, or the session was not accepted', result };
  }
  const replay = cacheReplay(result.headers);
  if (replay !== null) return { kind: 'unproven', reason: `the monitor account's answer came from ${replay.name} (${cacheSignsText(replay)}), not from the origin`, result };
  const { status } = result;
  if (status >= 200 && status < 300) {
    if (isPasswordFormAnswer(result)) return { kind: 'password-form', response: result };
    if (canary.what === 'page' && result.text !== undefined && hasPasswordField(result.text)) {
      return { kind: 'broken', answer: `a ${status} page with a password field (a login wall in front?)`, result };
    }
    return { kind: 'got', response: result };
  }
  if (status === 404 || status === 410) return { kind: 'broken', answer: `${status}: the canary does not exist (deleted, moved, or its URL is wrong)`, result };
  if (status === 403) return { kind: 'broken', answer: '403: the account may not read it', result };
  return { kind: 'broken', answer: `it answered ${status}`, result };
}

export type AnonymousVisit =
  | { readonly kind: 'refused' }
  | { readonly kind: 'replayed'; readonly cache: string; readonly signs: string; readonly sameBytes: boolean }
  | { readonly kind: 'same-bytes' }
  | { readonly kind: 'unproven'; readonly reason: string };

/** The anonymous client right after the account: refused, handed the stored answer by a cache, or given the file itself. */
export function judgeAnonymousVisit(canary: Canary, control: FetchResponse, result: FetchResult): AnonymousVisit {
  if (!result.ok) return { kind: 'unproven', reason: `the anonymous request failed (${result.error.code}: ${result.error.message})` };
  const { status } = result;
  const location = result.headers['location'];
  if (status >= 300 && status < 400 && location !== undefined && isLoginRedirect(location, result.url)) return { kind: 'refused' };
  if (status === 401 || isPasswordFormAnswer(result)) return { kind: 'refused' };
  const sameBytes = canary.what === 'document' && control.body.sha1 !== undefined && result.body.sha1 === control.body.sha1;
  const replay = cacheReplay(result.headers);
  if (status >= 200 && status < 300 && replay !== null) return { kind: 'replayed', cache: replay.name, signs: cacheSignsText(replay), sameBytes };
  if (status >= 200 && status < 300 && sameBytes) return { kind: 'same-bytes' };
  if (status >= 200 && status < 300) {
    return { kind: 'unproven', reason: `an anonymous client got a ${status} that is not a refusal, starting ${sniffBody(result.body.prefixBase64).describe} (page-privacy and document-privacy judge the canary's own URL)` };
  }
  return { kind: 'unproven', reason: `an anonymous client got ${status}, neither the login redirect nor the password form` };
}

/** The document's file URL (MEDIA_URL + documents/ + the serve URL's file name, as written). */
export function documentFileUrl(serveUrl: string, mediaUrl: string): string | null {
  const segment = new URL(serveUrl).pathname.split('/').pop() ?? '';
  return segment === '' ? null : new URL(`documents/${segment}`, mediaUrl).href;
}

/** What the control showed of a document: its bytes' size, hash and type. */
function describeFile(response: FetchResponse): string {
  const type = response.headers['content-type'] ?? 'no Content-Type';
  return `${response.status}, ${response.body.bytesRead} bytes, ${type}, ${sniffBody(response.body.prefixBase64).describe}${response.body.sha1 ? `, SHA-1 ${response.body.sha1}` : ''}`;
}

const CONTROL_HEADERS = ['content-type', 'content-length', 'content-disposition', ...CACHE_EVIDENCE_HEADERS];

function controlEvidence(control: FetchResult, note: string): Evidence {
  return evidenceFrom(control, CONTROL_HEADERS, { note: `the monitor account's request (its session cookie not shown): ${note}` });
}

export async function proveCanaries(site: SiteModel, session: MonitorSession, ctx: Context, nonce: string): Promise<void> {
  const proven: string[] = [];
  const needPassword: { url: string; evidence: Evidence }[] = [];
  for (const canary of canariesOf(ctx.options, site.target)) {
    const url = visitUrl(canary.url, nonce);
    const body = bodyFor(canary, ctx.options.http.maxAssetBytes);
    // Redirects followed: with the redirect and direct serve methods the file is one hop on (the cookie stays on the site's origin).
    const control = judgeControl(canary, await session.get(url, { followRedirects: true, body }));
    if (control.kind === 'password-form') {
      needPassword.push({ url: canary.url, evidence: controlEvidence(control.response, 'the password form') });
      continue;
    }
    if (control.kind === 'broken') {
      ctx.report('canaryBroken', { url: canary.url, answer: control.answer }, [controlEvidence(control.result, control.answer)], { url: canary.url });
      continue;
    }
    if (control.kind === 'unproven') {
      ctx.report('canaryUnproven', { url: canary.url, reason: control.reason }, [controlEvidence(control.result, control.reason)], { url: canary.url, inconclusive: true });
      continue;
    }
    const got = control.response;
    const gotNote = canary.what === 'document' ? `the document (${describeFile(got)})` : `the page (${got.status})`;
    const anonymous = await ctx.fetch(url, { fresh: true, followRedirects: false, body });
    const visit = judgeAnonymousVisit(canary, got, anonymous);
    const anonymousEvidence = (note: string): Evidence => ({ ...evidenceFrom(anonymous, [...CACHE_EVIDENCE_HEADERS, 'location', 'content-type']), note, decisive: true });
    switch (visit.kind) {
      case 'refused':
        proven.push(canary.url);
        break;
      case 'replayed':
        ctx.report('privateReplayed', { what: canary.what, url: canary.url, cache: visit.cache, signs: visit.signs }, [
          controlEvidence(got, gotNote),
          anonymousEvidence(`the anonymous request right after it, no cookie: the stored answer${visit.sameBytes ? ', the same bytes' : ''}`),
        ], { url: canary.url });
        break;
      case 'same-bytes':
        reportLeak(ctx.report, canary.url, 'its serve URL, anonymously', got, [controlEvidence(got, gotNote), anonymousEvidence('the anonymous request, no cookie, no cache sign: the same bytes from the origin')]);
        break;
      case 'unproven':
        ctx.report('canaryUnproven', { url: canary.url, reason: visit.reason }, [controlEvidence(got, gotNote), anonymousEvidence(visit.reason)], { url: canary.url, inconclusive: true });
        break;
    }
    if (canary.what === 'document') await compareFileUrl(site, canary, got, ctx);
  }
  if (proven.length > 0) ctx.report('canariesProven', { count: proven.length, canaries: proven.join(', ') }, [], { url: site.target });
  if (needPassword.length > 0) {
    ctx.report('canaryNeedsPassword', { count: needPassword.length, canaries: needPassword.map((n) => n.url).join(', ') }, needPassword.map((n) => n.evidence), { url: needPassword[0]?.url as string });
  }
}

function reportLeak(report: Report, doc: string, where: string, got: FetchResponse, evidence: Evidence[]): void {
  report('leakConfirmed', { doc, where, bytes: got.body.bytesRead, sha1: got.body.sha1 ?? '' }, evidence, { url: doc });
}

/** When the file URL answers anonymously, its bytes decide: the document's (a proven leak) or another file's. */
async function compareFileUrl(site: SiteModel, canary: Canary, got: FetchResponse, ctx: Context): Promise<void> {
  const mediaUrl = site.mediaUrl?.url;
  if (mediaUrl === undefined || got.body.sha1 === undefined) return; // document-privacy says when MEDIA_URL is unknown
  const fileUrl = documentFileUrl(canary.url, mediaUrl);
  if (fileUrl === null) return;
  const answer = await ctx.fetch(fileUrl, { followRedirects: false, body: { read: 'whole', maxBytes: ctx.options.http.maxAssetBytes, hash: true } });
  if (!answer.ok || answer.status < 200 || answer.status >= 300) return; // refused: document-privacy's question, answered there
  const evidence: Evidence[] = [
    controlEvidence(got, `the document (${describeFile(got)})`),
    { ...evidenceFrom(answer, ['content-type', 'content-length', ...CACHE_EVIDENCE_HEADERS]), note: `the file URL, anonymously: ${describeFile(answer)}`, decisive: true },
  ];
  if (answer.body.sha1 === got.body.sha1) reportLeak(ctx.report, canary.url, fileUrl, got, evidence);
  else ctx.report('fileUrlOtherFile', { fileUrl, status: answer.status, doc: canary.url, sha1: answer.body.sha1 ?? 'unread', expected: got.body.sha1 }, evidence, { url: fileUrl });
}

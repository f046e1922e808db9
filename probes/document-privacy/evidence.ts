// Evidence and names shared by the rules. A document's answer carries what the
// kit's evidenceFrom does not know: the page that referenced the document, the
// sniffed first bytes, and a note saying what the answer meant.

import { evidenceFrom, pickHeaders, type Evidence, type FetchResponse } from '../../src/probe-kit/index.js';
import { sniffBody } from '../../src/signals/body-sniff.js';
import { CACHE_EVIDENCE_HEADERS, cacheReplay, describeCacheText } from '../../src/signals/shared-cache.js';
import { decodeUrlComponent } from '../../src/signals/url-decoding.js';
import { MAX_NAMES_SHOWN } from './bounds.js';
import type { Answer, DocumentRef, Examined, Verdict } from './facts.js';

/** Headers that decide a document's verdict, or show a fingerprint on it, then the one list of cache headers cache-privacy shows too. */
export const DECISIVE_HEADERS = [
  'location', 'content-type', 'content-disposition', 'content-security-policy', 'x-content-type-options', 'etag', ...CACHE_EVIDENCE_HEADERS,
] as const;

/** Headers of a file URL's (or a bucket's, or an API page's) answer; a store's request ids show who answered. */
const FILE_HEADERS = ['content-type', 'content-length', 'content-disposition', 'location', 'server', 'cache-control', 'x-amz-request-id', 'x-amz-id-2'] as const;

export function answerEvidence(answer: Answer, doc: DocumentRef, names: readonly string[] = DECISIVE_HEADERS, note?: string): Evidence {
  return {
    request: answer.request,
    status: answer.status,
    headers: pickHeaders(answer.headers, names),
    ...(answer.prefixBase64 !== null && answer.status < 300 ? { bodyPrefix: sniffBody(answer.prefixBase64).describe } : {}),
    ...(doc.referrer !== undefined ? { referrer: doc.referrer } : {}),
    ...(note !== undefined ? { note } : {}),
  };
}

/** The answer that decided the verdict, or the request that got none. */
export function examinedEvidence(e: Examined, note?: string): Evidence {
  if (e.answer !== null) return answerEvidence(e.answer, e.doc, DECISIVE_HEADERS, note ?? examinedNote(e));
  return {
    request: { method: 'GET', url: e.doc.url, headers: {} },
    ...(e.error !== undefined ? { error: e.error } : {}),
    ...(e.doc.referrer !== undefined ? { referrer: e.doc.referrer } : {}),
    note: note ?? examinedNote(e),
  };
}

/** What the deciding answer meant, and, when a shared cache replayed it, which cache and by which headers. */
export function examinedNote(e: Examined): string {
  const note = verdictNote(e.verdict);
  const replay = e.verdict.kind === 'replayed' || e.answer === null ? null : cacheReplay(e.answer.headers);
  return replay === null ? note : `${note}, replayed by ${describeCacheText(replay)}: stored from an earlier request, not the serve view's answer to this one`;
}

/** A targeted answer that proves a claim by its body: the first bytes are shown. */
export function fileEvidence(result: FetchResponse, note?: string): Evidence {
  return evidenceFrom(result, FILE_HEADERS, { bodyPrefix: sniffBody(result.body.prefixBase64).describe, ...(note ? { note } : {}) });
}

export function verdictNote(verdict: Verdict): string {
  switch (verdict.kind) {
    case 'served': return 'served by the serve view (200 with the file)';
    case 'redirect': return `redirects to the file at ${verdict.target}`;
    case 'replayed': {
      const stored = verdict.stored.kind === 'served' ? 'the file' : `a redirect to the file at ${verdict.stored.target}`;
      return `replayed by ${describeCacheText(verdict.cache)}: the serve view's check did not run for this request (the cache stored ${stored})`;
    }
    case 'direct': return 'the page links the file itself';
    case 'login': return `redirects to the login page ${verdict.target}`;
    case 'password': return "answers with Wagtail's password form (a 200 that is not access)";
    case 'unrecognised': return verdict.reason;
    case 'not-served': return verdict.reason;
  }
}

/** Which of a protected document's responses this is, as a message says it. */
export function responseName(answer: Answer, verdict: Verdict): string {
  if (answer.status >= 300 && answer.status < 400) return 'login redirect';
  if (verdict.kind === 'password') return 'password form';
  return 'file';
}

/** "/documents/7/a.pdf": short, unique, what an operator searches the admin for. */
export function docName(doc: DocumentRef): string {
  return decodeUrlComponent(new URL(doc.url).pathname);
}

export function nameList(group: readonly Examined[]): string {
  const names = group.slice(0, MAX_NAMES_SHOWN).map((e) => docName(e.doc));
  return group.length > MAX_NAMES_SHOWN ? `${names.join(', ')} and ${group.length - MAX_NAMES_SHOWN} more` : names.join(', ');
}

// Private pages and documents (the operator's canaries): the anonymous answer
// (a login redirect or a password form) must neither come from a shared cache
// nor be storable by one. This probe owns every finding about a cache and a
// canary's answer; document-privacy defers to it (see its canaries.ts).

import { evidenceFrom, READ, type BodyPolicy, type Evidence, type FetchResponse, type FetchResult, type RunOptions } from '../../src/probe-kit/index.js';
import { sniffBody } from '../../src/signals/body-sniff.js';
import { isStorableBySharedCache } from '../../src/signals/cache-control.js';
import { CACHE_EVIDENCE_HEADERS, cacheReplay, cacheSignsText } from '../../src/signals/shared-cache.js';
import { isLoginRedirect, isWagtailPasswordForm } from '../../src/wagtail/privacy.js';
import type { Context, Report } from './messages.js';

/**
 * A document's answer may be the file itself: read as far as the password form
 * and no further. The same read (and redirects not followed) as document-privacy's
 * re-read of a serve URL, so the run's memo sends one request for both probes
 * and both judge the same response, the same cache headers.
 */
const DOCUMENT_READ: BodyPolicy = { read: 'whole', maxBytes: 8192, keepText: true };

export interface Canary {
  readonly url: string;
  readonly what: 'page' | 'document';
}

/** A canary and what it answered anonymously. */
export interface CanaryAnswer {
  readonly canary: Canary;
  readonly answer: FetchResult;
}

/** The configured canaries, pages first, resolved against the target. */
export function canariesOf(options: RunOptions, target: string): Canary[] {
  return [
    ...options.privateCanaries.pages.map((url) => ({ url: new URL(url, target).href, what: 'page' as const })),
    ...options.privateCanaries.documents.map((url) => ({ url: new URL(url, target).href, what: 'document' as const })),
  ];
}

/** One request per canary, its redirect not followed; a page's body read whole, for its password form's CSRF token. */
export function fetchCanary(ctx: Context, canary: Canary): Promise<FetchResult> {
  return ctx.fetch(canary.url, { followRedirects: false, body: canary.what === 'page' ? READ.page : DOCUMENT_READ });
}

/** Wagtail's password form, read from the body (a 200 is not access). */
export function isPasswordFormAnswer(answer: FetchResult): boolean {
  return answer.ok && answer.status >= 200 && answer.status < 300 && answer.text !== undefined && isWagtailPasswordForm(answer.text);
}

/** What the canary answered, as a message says it. */
function answerName(answer: FetchResponse): string {
  if (answer.status >= 300 && answer.status < 400) {
    const location = answer.headers['location'];
    if (location !== undefined && isLoginRedirect(location, answer.url)) return 'its login redirect';
    return `a ${answer.status} redirect to ${location ?? 'nowhere'}`;
  }
  if (isPasswordFormAnswer(answer)) return 'its password form';
  if (answer.status >= 200 && answer.status < 300) return `a ${answer.status} that is not Wagtail's refusal, starting ${sniffBody(answer.body.prefixBase64).describe}`;
  return `a ${answer.status}`;
}

export function judgeCanaryAnswer({ url, what }: Canary, answer: FetchResult, report: Report): void {
  if (!answer.ok) return; // document-privacy and the crawl report unreachable canaries
  const replay = cacheReplay(answer.headers);
  // A 2xx that is no refusal shows its first bytes: the proof of what the cache hands out.
  const shown = answer.status < 300 && !isPasswordFormAnswer(answer) ? { bodyPrefix: sniffBody(answer.body.prefixBase64).describe } : {};
  const evidence: Evidence[] = [evidenceFrom(answer, [...CACHE_EVIDENCE_HEADERS, 'location', 'content-type'], shown)];
  if (replay !== null) {
    report('privateResponseCached', { what, url, response: answerName(answer), cache: replay.name, signs: cacheSignsText(replay) }, evidence, { url });
    return;
  }
  // Heuristic freshness on a 200 password form is how a default CDN setup caches it.
  const storable = isStorableBySharedCache(answer.headers, answer.status, answer.setCookies);
  if (storable.storable) {
    report('privateResponseStorable', { what, url, status: answer.status, basis: storable.basis }, evidence, { url });
  }
}

// One answer of a serve URL read into a (provisional) verdict, pure: the file,
// a redirect to the file, the login redirect, the password form, or neither.

import { sniffBody } from '../../src/signals/body-sniff.js';
import { cacheReplay } from '../../src/signals/shared-cache.js';
import { decodeUrlComponent, lastPathSegment } from '../../src/signals/url-decoding.js';
import { parseDocumentServeUrl } from '../../src/wagtail/documents.js';
import { isLoginRedirect, isWagtailPasswordForm } from '../../src/wagtail/privacy.js';
import { isHtmlType } from './answers.js';
import type { Answer, DocumentRef, Provisional } from './facts.js';

function withoutTrailingSlash(path: string): string {
  return path.length > 1 ? path.replace(/\/$/, '') : path;
}

/**
 * The verdict of one answer. A canary's file that came from a shared cache is
 * a replay, never "served by the serve view": the origin may well refuse it
 * (the cache stored an authorised visit's answer). Other documents keep their
 * verdict, and the evidence names the cache (examinedNote): a public file or a
 * refusal replayed is still what the serve view once said.
 */
export function classify(answer: Answer, doc: DocumentRef): Provisional {
  const verdict = classifyOrigin(answer, doc);
  if (!doc.canary || (verdict.kind !== 'served' && verdict.kind !== 'redirect')) return verdict;
  const cache = cacheReplay(answer.headers);
  return cache === null ? verdict : { kind: 'replayed', cache, stored: verdict };
}

/** The verdict as if the origin had answered. */
function classifyOrigin(answer: Answer, doc: DocumentRef): Provisional {
  const { status, headers, location } = answer;
  if (status >= 300 && status < 400) {
    if (location === null) return { kind: 'not-served', reason: `${status} without a usable Location` };
    if (isLoginRedirect(location, answer.url)) return { kind: 'login', target: location };
    if (lastPathSegment(location) === decodeUrlComponent(doc.filename)) {
      const target = new URL(location).pathname;
      // The same serve URL elsewhere (http → https, www, a slash, a language prefix)
      // is the way in, not the serve method: the file's own URL has no <id>/ before its name.
      const sameDocument = withoutTrailingSlash(target) === withoutTrailingSlash(new URL(answer.url).pathname) || (doc.id !== null && parseDocumentServeUrl(target)?.id === doc.id);
      return sameDocument ? { kind: 'transport', target: location } : { kind: 'redirect', target: location };
    }
    return { kind: 'not-served', reason: `${status} to ${location}` };
  }
  if (status < 200 || status >= 300) return { kind: 'not-served', reason: `status ${status}` };
  if (doc.linkedFile) return { kind: 'direct' };
  if (answer.text !== undefined && isWagtailPasswordForm(answer.text)) return { kind: 'password' };
  // Wagtail's serve view always names the file; the password form never does.
  if (headers['content-disposition'] !== undefined) return { kind: 'served' };
  const looksHtml = isHtmlType(headers['content-type'] ?? '') || (answer.prefixBase64 !== null && sniffBody(answer.prefixBase64).type === 'html');
  if (!looksHtml) return { kind: 'served' };
  if (answer.text === undefined) return { kind: 'needs-body' };
  if (/\.x?html?$/i.test(doc.filename)) return { kind: 'served' };
  return { kind: 'unrecognised', reason: `${status} HTML that is neither the file nor Wagtail's password form (a login wall, a bot challenge?)` };
}

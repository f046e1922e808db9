// A fetch result as the answers it is made of: each redirect hop is an answer
// of its own, since a login redirect or an ETag can sit on any of them.

import type { FetchResult } from '../../src/probe-kit/index.js';
import type { Answer } from './facts.js';

/** The responses of a fetch in order: each redirect hop, then the final response. */
export function answersOf(result: FetchResult): Answer[] {
  const answers: Answer[] = result.hops.map((hop) => ({
    request: { ...result.request, url: hop.url },
    url: hop.url,
    status: hop.status,
    headers: hop.headers,
    location: resolveLocation(hop.location, hop.url),
    prefixBase64: null,
  }));
  if (result.ok) {
    answers.push({
      request: { ...result.request, url: result.url },
      url: result.url,
      status: result.status,
      headers: result.headers,
      location: resolveLocation(result.headers['location'] ?? null, result.url),
      prefixBase64: result.body.prefixBase64,
      ...(result.text !== undefined ? { text: result.text } : {}),
    });
  }
  return answers;
}

function resolveLocation(location: string | null, base: string): string | null {
  if (location === null) return null;
  try {
    return new URL(location, base).href;
  } catch {
    return null;
  }
}

const HTML_TYPES = /^\s*(text\/html|application\/xhtml\+xml)/i;

/** A Content-Type that says HTML (or XHTML). */
export function isHtmlType(contentType: string): boolean {
  return HTML_TYPES.test(contentType);
}

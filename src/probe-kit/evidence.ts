// Evidence from a recorded request: what was sent, what came back, and only
// the headers that decided the finding, so a report stays readable and an
// operator can replay it with curl.

import type { Evidence } from '../engine/finding.js';
import type { FetchResult, HeaderMap } from '../http/types.js';

/** The named headers, as received, in the order asked for; absent ones left out. */
export function pickHeaders(headers: HeaderMap, names: readonly string[]): HeaderMap {
  return Object.fromEntries(names.filter((n) => headers[n] !== undefined).map((n) => [n, headers[n] as string]));
}

export function evidenceFrom(result: FetchResult, headerNames: readonly string[] = [], extra: Partial<Evidence> = {}): Evidence {
  return {
    request: result.request,
    ...(result.ok ? { status: result.status, headers: pickHeaders(result.headers, headerNames) } : { error: `${result.error.code}: ${result.error.message}` }),
    ...(result.hops.length > 0 ? { hops: result.hops } : {}),
    ...extra,
  };
}

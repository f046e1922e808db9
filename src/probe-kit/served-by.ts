// Who served a file, as one step for every probe that asks (static-assets for
// STATIC_ROOT, media-offload for MEDIA_ROOT): the file's own response, the
// same final URL with a two-byte Range (Django's file views ignore Range; web
// servers, object storage and WhiteNoise answer 206), and the site's missing
// page as a response known to come through Django. The verdict weighs them
// (src/signals/served-by.ts); the evidence shows all three.

import type { Evidence } from '../engine/finding.js';
import type { ProbeFetch } from '../engine/probe.js';
import type { FetchResponse, FetchResult } from '../http/types.js';
import { fingerprintServer, type ServerVerdict } from '../signals/served-by.js';
import { evidenceFrom } from './evidence.js';
import { READ } from './read.js';
import { RANGE_PROBE_HEADERS } from './shared-requests.js';

/** Headers an operator needs to follow a who-served-it verdict; only those present are shown. */
export const SERVED_BY_HEADERS = [
  'server', 'via', 'x-frame-options', 'x-content-type-options', 'referrer-policy', 'cross-origin-opener-policy',
  'content-security-policy', 'content-disposition', 'content-encoding', 'etag', 'last-modified', 'accept-ranges',
  'access-control-allow-origin', 'content-type', 'cache-control', 'vary', 'age', 'x-cache', 'x-cache-status',
  'cf-ray', 'cf-cache-status', 'x-amz-cf-id', 'x-amz-request-id', 'x-served-by', 'x-varnish',
] as const;

export interface ServedByJudgement {
  readonly verdict: ServerVerdict;
  /** The Range answer: the evidence a web server cannot fake easily. */
  readonly range: FetchResult;
  /** The file, the Range answer, the Django reference and the signals that decided, in that order. */
  readonly evidence: readonly Evidence[];
}

/** The Range request on the file's final URL (a redirect hop would answer with its 3xx and say nothing). */
export function fetchRangeAnswer(fetch: ProbeFetch, file: FetchResponse): Promise<FetchResult> {
  return fetch(file.url, { headers: RANGE_PROBE_HEADERS, followRedirects: false, body: READ.range });
}

/** The signals that decided, one line: what was seen and what it points to. */
export function signalsNote(verdict: ServerVerdict): string {
  return verdict.signals.map((s) => `${s.name}${s.value ? ` (${s.value})` : ''} -> ${s.pointsTo.join('/')}`).join('; ');
}

/** The verdict and its evidence from answers already in hand (pure). */
export function judgeServedBy(file: FetchResponse, range: FetchResult, missingPage: FetchResult): ServedByJudgement {
  const verdict = fingerprintServer({ response: file, rangeResponse: range.ok ? range : null, djangoReference: missingPage.ok ? missingPage : null });
  const evidence: Evidence[] = [
    evidenceFrom(file, SERVED_BY_HEADERS),
    evidenceFrom(range, ['content-range', 'accept-ranges', 'content-length', 'server'], { note: `the same file with Range: ${RANGE_PROBE_HEADERS['Range']}` }),
    ...(missingPage.ok ? [evidenceFrom(missingPage, SERVED_BY_HEADERS, { note: 'a response known to come from Django (a missing page), for comparison' })] : []),
    { note: signalsNote(verdict) },
  ];
  return { verdict, range, evidence };
}

/** The whole step: one Range request (shared through the run's memo), then the verdict. */
export async function fetchServedBy(fetch: ProbeFetch, file: FetchResponse, missingPage: FetchResult): Promise<ServedByJudgement> {
  return judgeServedBy(file, await fetchRangeAnswer(fetch, file), missingPage);
}

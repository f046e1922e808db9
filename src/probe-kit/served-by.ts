// Who served a file, as one step for every probe that asks (static-assets for
// STATIC_ROOT, media-offload for MEDIA_ROOT): the file's own response, the
// same final URL with a two-byte Range (Django's file views ignore Range; web
// servers, object storage and WhiteNoise answer 206), and the site's missing
// page, Django's reference only when Django answered it (a web server's own
// error page carries the headers it copies; src/wagtail/django-reference.ts).
// The verdict weighs them (src/signals/served-by.ts); the evidence shows all three.

import type { Evidence } from '../engine/finding.js';
import type { ProbeFetch } from '../engine/probe.js';
import type { FetchResponse, FetchResult } from '../http/types.js';
import { fingerprintServer, type ServerVerdict } from '../signals/served-by.js';
import { classifyMissingPage, describeMissingPageAnswer, type DjangoReference } from '../wagtail/django-reference.js';
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
  /** Whose answer the missing page was; null when its request failed. Only Django's was compared against. */
  readonly reference: DjangoReference | null;
  /** The file's response with the headers that decide. */
  readonly fileEvidence: Evidence;
  /** The Range answer, the evidence a web server cannot fake easily; null when none was asked (a budget spent). */
  readonly rangeEvidence: Evidence | null;
  /** The missing page and what answered it. */
  readonly referenceEvidence: Evidence;
  /** The file, the Range answer, the missing page and the signals that decided, in that order. */
  readonly evidence: readonly Evidence[];
}

/** The Range request on the file's final URL (a redirect hop would answer with its 3xx and say nothing). */
export function fetchRangeAnswer(fetch: ProbeFetch, file: FetchResponse): Promise<FetchResult> {
  return fetch(file.url, { headers: RANGE_PROBE_HEADERS, followRedirects: false, body: READ.range });
}

/** The signals that decided, one line: what was seen and what it points to (copyable: a web server can send it too). */
export function signalsNote(verdict: ServerVerdict): string {
  return verdict.signals.map((s) => `${s.name}${s.value ? ` (${s.value})` : ''} -> ${s.pointsTo.join('/')}${s.copyable ? ' [copyable]' : ''}`).join('; ');
}

/** The missing page as evidence, saying what answered it and whether it served as Django's reference. */
function missingPageEvidence(missingPage: FetchResult, reference: DjangoReference | null): Evidence {
  if (!missingPage.ok || reference === null) {
    return evidenceFrom(missingPage, [], { note: "the site's missing page, to compare against Django's headers: the request failed, so no reference" });
  }
  const note = reference.verdict === 'django'
    ? `a path nothing serves, answered by ${describeMissingPageAnswer(reference)}: the reference for its middleware headers`
    : `a path nothing serves, answered by ${describeMissingPageAnswer(reference)}: not usable as Django's reference`;
  return evidenceFrom(missingPage, SERVED_BY_HEADERS, { note });
}

/**
 * The verdict and its evidence from answers already in hand (pure). A null
 * range: none was asked (a request budget spent), the headers decide alone.
 */
export function judgeServedBy(file: FetchResponse, range: FetchResult | null, missingPage: FetchResult): ServedByJudgement {
  const reference = missingPage.ok ? classifyMissingPage(missingPage) : null;
  const djangoReference = missingPage.ok && reference?.verdict === 'django' ? missingPage : null;
  const verdict = fingerprintServer({ response: file, rangeResponse: range?.ok ? range : null, djangoReference });
  const fileEvidence = evidenceFrom(file, SERVED_BY_HEADERS);
  const rangeEvidence = range === null
    ? null
    : evidenceFrom(range, ['content-range', 'accept-ranges', 'content-length', 'server'], { note: `the same file with Range: ${RANGE_PROBE_HEADERS['Range']}` });
  const referenceEvidence = missingPageEvidence(missingPage, reference);
  const evidence = [fileEvidence, ...(rangeEvidence ? [rangeEvidence] : []), referenceEvidence, { note: signalsNote(verdict) }];
  return { verdict, reference, fileEvidence, rangeEvidence, referenceEvidence, evidence };
}

/** The whole step: one Range request (shared through the run's memo), then the verdict. */
export async function fetchServedBy(fetch: ProbeFetch, file: FetchResponse, missingPage: FetchResult): Promise<ServedByJudgement> {
  return judgeServedBy(file, await fetchRangeAnswer(fetch, file), missingPage);
}

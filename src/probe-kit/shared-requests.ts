// Requests that more than one probe makes, defined once: the run's memo keys
// on URL and options, so probes that call these share one request.

import { createHash } from 'node:crypto';
import type { FetchOptions, FetchResult } from '../http/types.js';
import type { SiteModel } from '../gather/model.js';

const NOT_FOUND_OPTIONS: FetchOptions = { followRedirects: false, body: { read: 'whole', maxBytes: 512 * 1024, keepText: true } };

type Fetch = (url: string, options?: FetchOptions) => Promise<FetchResult>;

/**
 * The Range request that tells a file server (206) from Django's file views,
 * which ignore Range (200). Two bytes, not one: WhiteNoise 6.12 answers the
 * one-byte `bytes=0-0` with 416 (it rejects a range whose start equals its end).
 */
export const RANGE_PROBE_HEADERS: Readonly<Record<string, string>> = { Range: 'bytes=0-1' };
type SiteIdentity = Pick<SiteModel, 'target' | 'startedAt'>;

/**
 * A path no site serves (`/wagtail-probe-<12 hex>/`): different on every run,
 * so no cache in front can hold an old answer for it, yet the same for one
 * SiteModel, so every probe of a run (and a test) asks for the same URL.
 */
/** The run-specific segment of the missing-page URL. */
const RUN_SPECIFIC_NOT_FOUND = /\/wagtail-probe-[0-9a-f]{12}\//;

/** The same URL with the run-specific missing-page segment folded, so findings about it keep one identity across runs. */
export function withStableNotFoundPath(url: string): string {
  return url.replace(RUN_SPECIFIC_NOT_FOUND, '/wagtail-probe-missing-page/');
}

export function notFoundUrl(site: SiteIdentity): string {
  const hex = createHash('sha1').update(`${site.startedAt} ${site.target}`).digest('hex').slice(0, 12);
  return new URL(`/wagtail-probe-${hex}/`, site.target).href;
}

/**
 * The site's answer to a missing page: the page DEBUG or a broken manifest
 * shows itself on, and the reference for "who served this" when Django
 * answered it, which is not a given: a web server may answer missing URLs
 * itself (classifyMissingPage in src/wagtail/django-reference.ts tells).
 * One request per run, shared through the memo by every probe that asks.
 */
export function fetchNotFound(fetch: Fetch, site: SiteIdentity): Promise<FetchResult> {
  return fetch(notFoundUrl(site), NOT_FOUND_OPTIONS);
}

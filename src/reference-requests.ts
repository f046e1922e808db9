// Requests that more than one probe makes, defined once: the run's memo keys
// on URL and options, so probes that call these share one request.

import type { FetchOptions, FetchResult } from './http/types.js';

/** A path no real site serves: Wagtail's page router and Django answer it with their 404. */
export const NOT_FOUND_PATH = '/wagtail-probe-missing-page-4f1c2b/';

const NOT_FOUND_OPTIONS: FetchOptions = { followRedirects: false, body: { read: 'whole', maxBytes: 512 * 1024, keepText: true } };

type Fetch = (url: string, options?: FetchOptions) => Promise<FetchResult>;

export function notFoundUrl(target: string): string {
  return new URL(NOT_FOUND_PATH, target).href;
}

/**
 * The site's answer to a missing page: a response known to come through Django
 * (the reference for "who served this"), and the page DEBUG or a broken
 * manifest shows itself on.
 */
export function fetchNotFound(fetch: Fetch, target: string): Promise<FetchResult> {
  return fetch(notFoundUrl(target), NOT_FOUND_OPTIONS);
}

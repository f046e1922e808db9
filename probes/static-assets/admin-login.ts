// The admin login page: the one page every Wagtail site has whose assets are
// the admin's own. It answering 5xx is most often the missing manifest entry;
// it being storable by a shared cache means every visitor may get the same
// page and, after the next deploy, its stale asset URLs.

import { evidenceFrom, type Evidence, type FetchResponse, type PageRecord } from '../../src/probe-kit/index.js';
import { isStorableBySharedCache } from '../../src/signals/cache-control.js';
import type { Context, Report } from './messages.js';
import { isServerError, judgeServerError } from './server-errors.js';

export type LoginState =
  | { readonly state: 'answered' }
  | { readonly state: 'server-error'; readonly detail: string }
  | { readonly state: 'unavailable'; readonly detail: string; readonly evidence: Evidence[] };

/**
 * Judges the admin login page; when it answered 200 its assets are among the
 * crawled resources. One request at most: a 5xx is read again, because the
 * crawl kept no body and the error page may say what went wrong.
 */
export async function fetchAdminLoginState(login: PageRecord | null, ctx: Context): Promise<LoginState> {
  if (login === null) return { state: 'unavailable', detail: 'not crawled', evidence: [] };
  const response = login.response;
  if (!response.ok) return { state: 'unavailable', detail: response.error.code, evidence: [evidenceFrom(response)] };
  if (response.status >= 500) {
    // As much as a page may be (http.maxHtmlBytes): a DEBUG 500 page names its cause near the end too.
    const again = await ctx.fetch(login.url, { body: { read: 'whole', maxBytes: ctx.options.http.maxHtmlBytes, keepText: true } });
    judgeServerError(isServerError(again) ? again : response, 'The admin login page', ctx.report);
    return { state: 'server-error', detail: String(response.status) };
  }
  if (response.status !== 200) {
    return { state: 'unavailable', detail: String(response.status), evidence: [evidenceFrom(response, ['location', 'content-type'])] };
  }
  judgeLoginCaching(login.url, response, ctx.report);
  return { state: 'answered' };
}

/**
 * Wagtail wraps every admin view in never_cache ("max-age=0, no-cache,
 * no-store, must-revalidate, private"). Whether a cache in front replays the
 * page anyway is cache-privacy's to say (it compares the CSRF tokens two
 * fresh clients get); this rule judges the headers.
 */
function judgeLoginCaching(url: string, response: FetchResponse, report: Report): void {
  if (!isStorableBySharedCache(response.headers, response.status, response.setCookies).storable) return;
  const received = response.headers['cache-control'] !== undefined ? `Cache-Control: ${response.headers['cache-control']}` : 'no Cache-Control';
  report('adminLoginCacheable', { url, received }, [evidenceFrom(response, ['cache-control', 'expires', 'pragma', 'vary'])], { url });
}

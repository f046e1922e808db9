// The allowlisted admin views, read with the session (src/session/allowlist.ts):
// which the account may open, and whether their answers to it stay private.
// Wagtail wraps every admin view in never_cache ("private, no-store"); a front
// that makes them storable, or serves one from storage, hands one editor's
// admin to the next visitor of that URL.

import { evidenceFrom, READ, type Evidence, type FetchResult } from '../../src/probe-kit/index.js';
import { isStorableBySharedCache } from '../../src/signals/cache-control.js';
import { CACHE_EVIDENCE_HEADERS, cacheReplay, cacheSignsText } from '../../src/signals/shared-cache.js';
import { isLoginRedirect } from '../../src/wagtail/privacy.js';
import { explorerRedirectPageId, FIXED_ADMIN_VIEWS, pageViews, type AdminView } from '../../src/session/allowlist.js';
import type { MonitorSession } from '../../src/session/session.js';
import type { Report } from './messages.js';

export interface ViewAnswer {
  readonly view: AdminView;
  readonly url: string;
  readonly result: FetchResult;
}

/** Allowlisted views at most: the fixed ones, and the explorer's child and edit view. */
export const MAX_VIEW_REQUESTS = FIXED_ADMIN_VIEWS.length + 2;

/** Each view once, redirects not followed; the explorer root's redirect names the page whose child and edit views are read. */
export async function fetchAdminViews(session: MonitorSession, adminUrl: string): Promise<{ answers: ViewAnswer[]; pageId: number | null }> {
  const answers: ViewAnswer[] = [];
  let pageId: number | null = null;
  const read = async (view: AdminView): Promise<ViewAnswer> => {
    const url = new URL(view.path, adminUrl).href;
    const answer = { view, url, result: await session.get(url, { body: READ.page }) };
    answers.push(answer);
    return answer;
  };
  for (const view of FIXED_ADMIN_VIEWS) {
    const { result } = await read(view);
    if (view.path === 'pages/' && result.ok && result.status >= 300 && result.status < 400 && result.headers['location'] !== undefined) {
      pageId = explorerRedirectPageId(result.headers['location'], result.url, adminUrl);
    }
  }
  if (pageId !== null) for (const view of pageViews(pageId)) await read(view);
  return { answers, pageId };
}

/** Read as an editor sees it: a 200 admin page with its markup. */
export function shownPages(answers: readonly ViewAnswer[]): { url: string; html: string }[] {
  return answers.flatMap((a) => (a.result.ok && a.result.status === 200 && a.result.text !== undefined ? [{ url: a.result.url, html: a.result.text }] : []));
}

function label(a: ViewAnswer): string {
  return `${a.view.name} (${a.url})`;
}

/** Views the account may not open (least privilege), views that failed, and the explorer child that could not be named. */
export function judgeViewAccess(answers: readonly ViewAnswer[], pageId: number | null, adminUrl: string, report: Report): void {
  const refused: ViewAnswer[] = [];
  const unchecked: { answer: ViewAnswer | null; reason: string }[] = [];
  for (const a of answers) {
    const { result } = a;
    if (!result.ok) {
      unchecked.push({ answer: a, reason: `${label(a)}: ${result.error.code}` });
      continue;
    }
    const location = result.headers['location'];
    if (result.status >= 300 && result.status < 400 && location !== undefined) {
      if (isLoginRedirect(location, result.url)) unchecked.push({ answer: a, reason: `${label(a)}: redirected to the login page (the session was not accepted)` });
      else if (a.view.path !== 'pages/') refused.push(a); // Wagtail's "permission denied" is a redirect to the dashboard
    } else if (result.status === 403) refused.push(a);
    else if (result.status !== 200) unchecked.push({ answer: a, reason: `${label(a)}: answered ${result.status}` });
  }
  if (pageId === null) {
    unchecked.push({ answer: null, reason: `the explorer child and the page edit view: ${adminUrl}pages/ did not redirect to the account's own page, and the probe never follows a link found in the admin` });
  }
  if (refused.length > 0) {
    report('adminViewsRefused', { count: refused.length, views: refused.map(label).join(', ') }, refused.map((a) => evidenceFrom(a.result, ['location'])), { url: adminUrl });
  }
  if (unchecked.length > 0) {
    const evidence = unchecked.flatMap((u): Evidence[] => (u.answer ? [evidenceFrom(u.answer.result, ['location', 'content-type'])] : []));
    report('adminViewsUnchecked', { count: unchecked.length, views: unchecked.map((u) => u.reason).join('; ') }, evidence, { url: adminUrl, inconclusive: true });
  }
}

/** Every admin answer to the session: never storable by a shared cache, never a replay from one. One finding per fault, with examples. */
export function judgeAdminCaching(answers: readonly ViewAnswer[], report: Report): void {
  const answered = answers.flatMap((a) => (a.result.ok ? [{ a, response: a.result }] : []));
  const replayed = answered.flatMap(({ a, response }) => {
    const replay = cacheReplay(response.headers);
    return replay === null ? [] : [{ a, response, replay }];
  });
  const first = replayed[0];
  if (first !== undefined) {
    report('adminResponseReplayed', { count: replayed.length, example: first.a.url, cache: first.replay.name, signs: cacheSignsText(first.replay) },
      replayed.slice(0, 5).map((r) => evidenceFrom(r.response, [...CACHE_EVIDENCE_HEADERS], { note: "the session's request (its cookie not shown)" })), { url: first.a.url });
  }
  const storable = answered.filter(({ response }) => isStorableBySharedCache(response.headers, response.status, response.setCookies).storable);
  const firstStorable = storable[0];
  if (firstStorable !== undefined) {
    const cc = firstStorable.response.headers['cache-control'];
    report('adminResponseStorable', { count: storable.length, example: firstStorable.a.url, received: cc === undefined ? 'no Cache-Control' : `Cache-Control: ${cc}` },
      storable.slice(0, 5).map((s) => evidenceFrom(s.response, [...CACHE_EVIDENCE_HEADERS])), { url: firstStorable.a.url });
  }
}

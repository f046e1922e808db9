// monitor-session: what only a logged-in user can prove. With a least-privilege
// monitor account (from the environment or stdin: src/session/credentials.ts)
// the probe logs in through Wagtail's admin form, proves every canary (the
// account gets it, an anonymous client right after it is refused: a shared
// cache that replays the authorised answer is caught in the act), reads a fixed
// allowlist of read-only admin views, puts the files only the logged-in admin
// loads through static-assets' rules, judges the real session cookies and the
// admin's caching, and logs out, whatever happened (finally).
//
// Decisions:
// - The session is this probe's alone: its cookie jar never meets another
//   probe's request, its GETs are fresh (never shared through the run's memo),
//   and it ends before the probe does. Without an account the probe skips.
// - The only non-GET requests the tool sends are this probe's two POSTs (login,
//   logout: src/session/transport.ts). Admin pages only from the allowlist.
// - A failed login (wrong password, a second factor, single sign-on, no form) is
//   one inconclusive warning; every other probe runs anonymously as always.
// - One fault, one probe: files the crawl already fetched, the anonymous
//   csrftoken, a canary's anonymous answer at its own URL and the file-URL leak
//   stay with static-assets, deploy-checks, cache-privacy/page-privacy and
//   document-privacy; this probe adds what the session proves on top.

import { randomUUID } from 'node:crypto';
import { defineProbe } from '../../src/probe-kit/index.js';
import { logIn } from '../../src/session/session.js';
import { createFormPoster } from '../../src/session/transport.js';
import { checkAdminAssets, MAX_ADMIN_ASSETS } from './admin-assets.js';
import { fetchAdminViews, judgeAdminCaching, judgeViewAccess, MAX_VIEW_REQUESTS, shownPages } from './admin-views.js';
import { proveCanaries, REQUESTS_PER_CANARY } from './canaries.js';
import { judgeSessionCookies } from './cookies.js';
import { messages, type MessageId } from './messages.js';
import { reportAdminVersion } from './version.js';

export default defineProbe<MessageId>({
  meta: {
    id: 'monitor-session',
    title: 'With a monitor account: canaries proven, the logged-in admin\'s files and caching checked',
    docs: [
      'Anonymously a refused canary could be a deleted one, and only the admin\'s login page can be seen, while the page editor, choosers and',
      'listings load most of the admin\'s JavaScript and CSS after login. Give the probe a least-privilege account (a group with',
      '`wagtailadmin.access_admin`, `choose_document` on the canaries\' collections, `change_page` on one private page; never a superuser) in',
      '`WAGTAIL_PROBE_USERNAME` and `WAGTAIL_PROBE_PASSWORD`: it logs in through the admin form, proves each canary (the account gets the',
      'document or page, an anonymous client right after it is refused), reads a fixed list of read-only admin views, checks their static files,',
      'their caching and the real session cookies, and logs out. Fix what it finds: a cache in front must bypass or vary on the session cookie',
      '(`Vary: Cookie`, or no caching of `/documents/` and private pages), admin views must keep Wagtail\'s `private, no-store`, and',
      '`collectstatic` must finish before the new code serves the editor.',
    ].join(' '),
    // The worst case, every request one run can send (the two POSTs are not ctx.fetch requests):
    //     1  the login page
    //   + 3  per canary: the control, the anonymous visit, the document's file URL
    //   + 12 allowlisted admin views
    //   + 80 admin files the crawl did not fetch
    //   + 1  staticfiles.json
    maxRequests: (options) => 1 + REQUESTS_PER_CANARY * (options.privateCanaries.documents.length + options.privateCanaries.pages.length) + MAX_VIEW_REQUESTS + MAX_ADMIN_ASSETS + 1,
    messages,
  },

  async run(site, ctx) {
    const account = ctx.options.monitor ?? null;
    if (account === null) {
      ctx.skip('no monitor account: set WAGTAIL_PROBE_USERNAME and WAGTAIL_PROBE_PASSWORD (or --monitor-password-stdin) to a least-privilege admin user');
      return;
    }
    const adminUrl = new URL(ctx.options.adminPath, site.target).href;
    const poster = createFormPoster(ctx.options.http);
    try {
      const login = await logIn({ fetch: ctx.fetch, poster, options: ctx.options, account });
      if (!login.ok) {
        const { failure } = login;
        ctx.report('loginFailed', { url: failure.url, reason: failure.detail }, failure.evidence, { url: failure.url, inconclusive: true });
        return;
      }
      const { session, record } = login;
      try {
        judgeSessionCookies(record.answer, site, ctx.report);
        await proveCanaries(site, session, ctx, randomUUID());
        const { answers, pageId } = await fetchAdminViews(session, adminUrl);
        judgeViewAccess(answers, pageId, adminUrl, ctx.report);
        judgeAdminCaching(answers, ctx.report);
        reportAdminVersion(answers, ctx.report);
        await checkAdminAssets(shownPages(answers), site, adminUrl, ctx);
      } finally {
        const logout = await session.close();
        if (!logout.ended) ctx.report('logoutFailed', { url: new URL('logout/', adminUrl).href, reason: logout.detail }, logout.evidence, { url: new URL('logout/', adminUrl).href });
      }
    } finally {
      await poster.close();
    }
  },
});

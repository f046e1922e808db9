// deploy-checks: Django's deployment checklist (`manage.py check --deploy`),
// seen from outside, reported under Django's own check ids so an operator
// finds the setting that fixes it. One check per file; run() calls them in order.

import { answeredPages, defineProbe, fetchNotFound } from '../../src/probe-kit/index.js';
import { fetchAdmin, judgeAdminRedirect } from './admin-redirect.js';
import { fetchBogusHost, judgeBogusHost } from './allowed-hosts.js';
import { judgeCookieFlags } from './cookie-flags.js';
import { judgeHsts } from './hsts.js';
import { fetchPlainHttp, judgeHttpsRedirect, judgeNotHttps, plainHttpUrl } from './https-redirect.js';
import { messages, type Report } from './messages.js';
import { judgeCrawledDebugPages, judgeMissingPage } from './missing-page.js';
import { judgeSecurityHeaders } from './security-headers.js';
import { judgeRunserver, judgeVersionDisclosure } from './server.js';
import { startPage } from './start-page.js';

export default defineProbe({
  meta: {
    id: 'deploy-checks',
    title: "Django's deployment checklist holds, as far as it is visible from outside",
    docs: [
      "`manage.py check --deploy` reads settings; this checks what the deployed site actually does, and names Django's check id so you can find the setting that fixes it:",
      'DEBUG off (`security.W018`), http redirected to https (`W008`, `SECURE_SSL_REDIRECT` or the web server), HSTS for at least a year (`W004`, `SECURE_HSTS_SECONDS`),',
      'secure and HttpOnly cookies (`W012`, `W013`, `W016`), the security headers of Django\'s default middleware (`W002`, `W006`, `W022`, `E023`, `E024`),',
      'ALLOWED_HOSTS refusing unknown hosts (`W020`), no `runserver` in production, and an admin that sends anonymous visitors to its login page.',
    ].join(' '),
    // One each, whatever the site: the missing page (fetchNotFound, shared with
    // static-assets) + the plain-http address (https targets only) + the bogus
    // Host + the admin = 1 + 1 + 1 + 1.
    maxRequests: 4,
    messages,
  },

  async run(site, ctx) {
    const pages = answeredPages(site);
    const start = startPage(site, pages);
    if (!start) {
      ctx.skip(`no page of ${site.target} answered: nothing to check`);
      return;
    }
    const report: Report = (messageId, data, evidence, options) => ctx.report(messageId, data, evidence, options);
    const https = new URL(site.target).protocol === 'https:';

    const notFound = await fetchNotFound(ctx.fetch, site);
    judgeMissingPage(notFound, report);
    judgeCrawledDebugPages(pages, notFound.url, report);

    if (!https) {
      judgeNotHttps(site.target, start, report);
    } else {
      const plain = plainHttpUrl(site.target, ctx.options.plainHttpUrl);
      judgeHttpsRedirect(site.target, plain, await fetchPlainHttp(ctx, plain), report);
      judgeHsts(start, report);
    }

    judgeCookieFlags(pages, https, report);
    judgeSecurityHeaders(start, report);
    judgeBogusHost(site.target, await fetchBogusHost(ctx, site.target), report);
    judgeRunserver(start, report);
    judgeVersionDisclosure(start, report);

    const adminUrl = new URL(ctx.options.adminPath, site.target).href;
    judgeAdminRedirect(adminUrl, await fetchAdmin(ctx, adminUrl), report);
  },
});

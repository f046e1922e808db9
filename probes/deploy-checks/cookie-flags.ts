// Django's cookies, once per name (the first page that set it is the
// evidence): sessionid and csrftoken Secure over https (security.W012,
// W016), sessionid HttpOnly (W013), and no session for an anonymous visitor.

import { evidenceFrom, type AnsweredPage } from '../../src/probe-kit/index.js';
import { parseSetCookie } from '../../src/signals/cookies.js';
import type { Report } from './messages.js';

export function judgeCookieFlags(pages: Iterable<AnsweredPage>, https: boolean, report: Report): void {
  const seenCookies = new Set<string>();
  for (const page of pages) {
    for (const line of page.response.setCookies) {
      const cookie = parseSetCookie(line);
      if (cookie.deletion || seenCookies.has(cookie.name)) continue;
      seenCookies.add(cookie.name);
      const evidence = [evidenceFrom(page.response, [], { note: `Set-Cookie: ${line.replace(/=[^;]*/, '=<value>')}` })];
      const isSession = cookie.name === 'sessionid';
      const isCsrf = cookie.name === 'csrftoken';
      if (https && !cookie.secure && (isSession || isCsrf)) {
        report('cookieNotSecure', { cookie: cookie.name, url: page.url, check: isSession ? 'security.W012, SESSION_COOKIE_SECURE' : 'security.W016, CSRF_COOKIE_SECURE' }, evidence, { url: page.url });
      }
      if (isSession && !cookie.httpOnly) {
        report('sessionCookieNotHttpOnly', { cookie: cookie.name, url: page.url }, evidence, { url: page.url });
      }
      if (isSession && page.role !== 'admin-login') {
        report('anonymousSession', { cookie: cookie.name, url: page.url }, evidence, { url: page.url });
      }
    }
  }
}

// The real session and CSRF cookies, as the login sets them: Django's
// security.W012 (SESSION_COOKIE_SECURE), W016 (CSRF_COOKIE_SECURE) and W013
// (SESSION_COOKIE_HTTPONLY) judged on the cookies, not guessed from settings;
// and SameSite, which Django sets to Lax unless told otherwise. The anonymous
// csrftoken is deploy-checks' to judge: here only when the crawl met none.

import { parseSetCookie } from '../../src/signals/cookies.js';
import { CSRF_COOKIE, SESSION_COOKIE, formEvidence } from '../../src/session/session.js';
import type { FormAnswer } from '../../src/session/transport.js';
import { findPage, type SiteModel } from '../../src/probe-kit/index.js';
import type { Report } from './messages.js';

export function judgeSessionCookies(answer: FormAnswer, site: SiteModel, report: Report): void {
  const https = new URL(site.target).protocol === 'https:';
  const setsCsrf = (line: string): boolean => line.startsWith(`${CSRF_COOKIE}=`) && !parseSetCookie(line).deletion;
  const csrfSeenAnonymously = findPage(site.pages, (p) => p.response.ok && p.response.setCookies.some(setsCsrf)) !== undefined;
  for (const line of answer.setCookies) {
    const cookie = parseSetCookie(line);
    if (cookie.deletion) continue;
    const isSession = cookie.name === SESSION_COOKIE;
    if (!isSession && (cookie.name !== CSRF_COOKIE || csrfSeenAnonymously)) continue;
    const evidence = [{ ...formEvidence(answer, [], 'the login'), note: `the login's answer: Set-Cookie: ${line.replace(/=[^;]*/, '=<value>')}` }];
    const url = answer.url;
    if (https && !cookie.secure) {
      report('cookieNotSecure', { cookie: cookie.name, check: isSession ? 'security.W012, SESSION_COOKIE_SECURE' : 'security.W016, CSRF_COOKIE_SECURE' }, evidence, { url });
    }
    if (isSession && !cookie.httpOnly) report('sessionCookieNotHttpOnly', { cookie: cookie.name }, evidence, { url });
    const sameSite = cookie.sameSite?.toLowerCase() ?? null;
    if (sameSite === null || (sameSite === 'none' && !cookie.secure)) {
      const setting = isSession ? 'SESSION_COOKIE_SAMESITE' : 'CSRF_COOKIE_SAMESITE';
      report('cookieWithoutSameSite', { cookie: cookie.name, sameSite: sameSite === null ? 'no SameSite' : 'SameSite=None without Secure (browsers drop it)', setting }, evidence, { url });
    }
  }
}

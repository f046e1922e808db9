// The monitor session: one login through Wagtail's admin form, GETs with its
// own cookie jar, one logout. Its requests are kept apart from the anonymous
// ones: every GET is `fresh` (never answered by, nor stored in, the run's memo),
// carries the jar's Cookie to the target's exact origin only (the client sends
// per-request headers to the URL fetch() was called with, and the session asks
// for nothing else), and may enter the admin only at an allowlisted view
// (src/session/allowlist.ts). The anonymous requests never see the jar.

import type { Evidence } from '../engine/finding.js';
import type { MonitorAccount, RunOptions } from '../engine/options.js';
import type { ProbeFetch } from '../engine/probe.js';
import type { BodyPolicy, FetchResponse, FetchResult } from '../http/types.js';
import { evidenceFrom } from '../probe-kit/evidence.js';
import { isAllowedAdminGet, LOGIN_PATH, LOGOUT_PATH, adminRelativePath } from './allowlist.js';
import { CookieJar } from './jar.js';
import { judgeLoginAnswer, readAdminLoginForm } from './login-form.js';
import type { FormAnswer, FormPoster, FormResult } from './transport.js';

/** Django's default cookie names (SESSION_COOKIE_NAME, CSRF_COOKIE_NAME). */
export const SESSION_COOKIE = 'sessionid';
export const CSRF_COOKIE = 'csrftoken';

/** The login page's markup, read whole (the form sits anywhere in it). */
const LOGIN_PAGE_READ: BodyPolicy = { read: 'whole', maxBytes: 512 * 1024, keepText: true };

export interface SessionDeps {
  /** The probe's ctx.fetch: GETs count against its budget, through the run's one client. */
  readonly fetch: ProbeFetch;
  readonly poster: FormPoster;
  readonly options: Pick<RunOptions, 'target' | 'adminPath'> & { readonly http: Pick<RunOptions['http'], 'siteOrigin'> };
  readonly account: MonitorAccount;
}

export type LoginFailureKind = 'login-page' | 'no-form' | 'refused' | 'second-factor' | 'single-sign-on';

export interface LoginFailure {
  readonly kind: LoginFailureKind;
  readonly url: string;
  readonly detail: string;
  readonly evidence: readonly Evidence[];
}

/** What the login left to judge: the login page, and the answer to the POST (its Set-Cookie lines are the real cookies). */
export interface LoginRecord {
  readonly page: FetchResponse;
  readonly answer: FormAnswer;
}

export type LoginOutcome = { readonly ok: true; readonly session: MonitorSession; readonly record: LoginRecord } | { readonly ok: false; readonly failure: LoginFailure };

export interface SessionGetOptions {
  readonly body?: BodyPolicy;
  readonly followRedirects?: boolean;
}

export interface LogoutOutcome {
  /** The POST was answered and the session cookie deleted. */
  readonly ended: boolean;
  readonly detail: string;
  readonly evidence: readonly Evidence[];
}

export interface MonitorSession {
  /** A GET with the session's cookies: the target's origin only, into the admin only at an allowlisted view. */
  get(url: string, options?: SessionGetOptions): Promise<FetchResult>;
  /** POST logout (once; later calls return the first outcome). */
  close(): Promise<LogoutOutcome>;
}

/** Evidence of a POST: method, URL, status and the headers that decided, never the fields' values. */
export function formEvidence(result: FormResult, fields: readonly string[], note: string): Evidence {
  const what = `POST ${result.url} (form fields ${fields.join(', ')}; values not shown): ${note}`;
  if (!result.ok) return { error: result.error, note: what };
  const shown = ['location', 'cache-control'].filter((name) => result.headers[name] !== undefined);
  return { status: result.status, headers: Object.fromEntries(shown.map((name) => [name, result.headers[name] as string])), note: what };
}

/** The headers a browser sends with a form POST made from `page` on this origin (Django's CSRF check reads Origin, then Referer on https). */
function formHeaders(origin: string, page: string, jar: CookieJar): Record<string, string> {
  const cookie = jar.header();
  return { origin, referer: page, ...(cookie === null ? {} : { cookie }) };
}

export async function logIn(deps: SessionDeps): Promise<LoginOutcome> {
  const { fetch, poster, options, account } = deps;
  const origin = new URL(options.http.siteOrigin).origin;
  const adminUrl = new URL(options.adminPath, options.target).href;
  const loginUrl = new URL(LOGIN_PATH, adminUrl).href;
  const jar = new CookieJar();
  const fail = (kind: LoginFailureKind, url: string, detail: string, evidence: Evidence[]): LoginOutcome => ({ ok: false, failure: { kind, url, detail, evidence } });

  const page = await fetch(loginUrl, { fresh: true, followRedirects: false, body: LOGIN_PAGE_READ });
  if (!page.ok) return fail('login-page', loginUrl, `the login page could not be read (${page.error.code}: ${page.error.message})`, [evidenceFrom(page)]);
  const pageEvidence = evidenceFrom(page, ['location', 'content-type', 'cache-control']);
  if (page.status >= 300 && page.status < 400) {
    const location = page.headers['location'] ?? '';
    const target = new URL(location, loginUrl);
    const sso = target.origin !== origin;
    return fail(sso ? 'single-sign-on' : 'login-page', loginUrl, `the login page redirects to ${target.href}${sso ? ' (another origin: single sign-on, which the account cannot pass)' : ''}`, [pageEvidence]);
  }
  if (page.status !== 200) return fail('login-page', loginUrl, `the login page answered ${page.status}`, [pageEvidence]);
  const form = readAdminLoginForm(page.text ?? '', page.url);
  if (form === null) return fail('no-form', loginUrl, 'the login page has no form with a username and a password field (single sign-on only?)', [pageEvidence]);
  if (new URL(form.action).origin !== origin) {
    return fail('single-sign-on', loginUrl, `the login form posts to another origin (${new URL(form.action).origin}): the password was not sent`, [pageEvidence]);
  }
  jar.absorb(page.setCookies);
  const fields = { csrfmiddlewaretoken: form.csrfToken ?? jar.get(CSRF_COOKIE) ?? '', username: account.username, password: account.password, next: form.next };
  const answer = await poster.post(form.action, fields, formHeaders(origin, page.url, jar));
  const fieldNames = Object.keys(fields);
  if (!answer.ok) return fail('refused', form.action, `the POST of the login form failed (${answer.error})`, [pageEvidence, formEvidence(answer, fieldNames, 'the login')]);
  jar.absorb(answer.setCookies);
  const verdict = judgeLoginAnswer(answer.status, answer.location, form.action, answer.setCookies.some((line) => line.startsWith(`${SESSION_COOKIE}=`)) && jar.has(SESSION_COOKIE));
  const evidence = [pageEvidence, formEvidence(answer, fieldNames, 'the login')];
  switch (verdict.kind) {
    case 'accepted':
      return { ok: true, session: openSession(deps, jar, adminUrl, origin), record: { page, answer } };
    case 'second-factor':
      return fail('second-factor', form.action, `the login asks for a second factor (${verdict.location}), which the account cannot give`, evidence);
    case 'elsewhere':
      return fail('single-sign-on', form.action, `the login sends the account to another origin (${verdict.location}): single sign-on`, evidence);
    case 'refused':
      return fail('refused', form.action, verdict.detail, evidence);
  }
}

function openSession(deps: SessionDeps, jar: CookieJar, adminUrl: string, origin: string): MonitorSession {
  let closing: Promise<LogoutOutcome> | null = null;
  return {
    async get(url, options = {}) {
      if (closing !== null) throw new Error(`the monitor session was closed before ${url}`);
      // Programming errors, not site facts: the session never leaves the origin nor the allowlist.
      if (new URL(url).origin !== origin) throw new Error(`the monitor session sends its cookies to ${origin} only, not ${url}`);
      if (adminRelativePath(url, adminUrl) !== null && !isAllowedAdminGet(url, adminUrl)) throw new Error(`not an allowlisted admin view: ${url}`);
      const cookie = jar.header();
      const result = await deps.fetch(url, {
        fresh: true,
        followRedirects: options.followRedirects ?? false,
        ...(options.body ? { body: options.body } : {}),
        ...(cookie === null ? {} : { headers: { cookie } }),
      });
      if (result.ok && new URL(result.url).origin === origin) jar.absorb(result.setCookies);
      return result;
    },
    close() {
      closing ??= logOut(deps, jar, adminUrl, origin);
      return closing;
    },
  };
}

async function logOut(deps: SessionDeps, jar: CookieJar, adminUrl: string, origin: string): Promise<LogoutOutcome> {
  const logoutUrl = new URL(LOGOUT_PATH, adminUrl).href;
  const fields = { csrfmiddlewaretoken: jar.get(CSRF_COOKIE) ?? '' };
  const answer = await deps.poster.post(logoutUrl, fields, formHeaders(origin, adminUrl, jar));
  const evidence = [formEvidence(answer, Object.keys(fields), 'the logout')];
  if (!answer.ok) return { ended: false, detail: `the logout POST failed (${answer.error})`, evidence };
  jar.absorb(answer.setCookies);
  if (jar.has(SESSION_COOKIE)) return { ended: false, detail: `the logout POST answered ${answer.status} and did not delete the session cookie`, evidence };
  return { ended: true, detail: `logged out (${answer.status})`, evidence };
}

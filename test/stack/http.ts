/**
 * Plain HTTP against the running test stack, for integration tests:
 * undici `request` (no redirects followed, bounded in time), a minimal cookie
 * jar, the two steps of Wagtail's password form, and a session of the admin
 * (login form, requests with its cookies, POST logout) for the monitor account.
 */
import { createHash } from 'node:crypto';
import * as cheerio from 'cheerio';
import { request, type Dispatcher } from 'undici';
import { stackAgent, type MonitorAccount, type PrivateDocument, type StackProfile } from './profiles.js';

export interface Fetched {
  url: string;
  status: number;
  /** A header's value; repeated headers joined with ", ". */
  header(name: string): string | undefined;
  setCookies: string[];
  body: Buffer;
  text: string;
}

export interface FetchOptions {
  method?: 'GET' | 'HEAD' | 'POST';
  headers?: Record<string, string>;
  body?: string;
  /** Instead of the profile's stackAgent. */
  dispatcher?: Dispatcher;
}

const TIMEOUT_MS = 15_000;

/** Fetches `target` (absolute, or a path on the profile's baseUrl) without following redirects. */
export async function fetchFrom(profile: StackProfile, target: string, options: FetchOptions = {}): Promise<Fetched> {
  const url = new URL(target, profile.baseUrl).href;
  const response = await request(url, {
    method: options.method ?? 'GET',
    headers: options.headers,
    body: options.body,
    dispatcher: options.dispatcher ?? stackAgent(profile),
    headersTimeout: TIMEOUT_MS,
    bodyTimeout: TIMEOUT_MS,
  });
  const body = Buffer.from(await response.body.arrayBuffer());
  const headers = response.headers;
  const header = (name: string): string | undefined => {
    const value = headers[name.toLowerCase()];
    return Array.isArray(value) ? value.join(', ') : value;
  };
  const cookies = headers['set-cookie'];
  return {
    url,
    status: response.statusCode,
    header,
    setCookies: cookies === undefined ? [] : Array.isArray(cookies) ? cookies : [cookies],
    body,
    text: body.toString('utf8'),
  };
}

export const sha1 = (bytes: Buffer): string => createHash('sha1').update(bytes).digest('hex');
export const md5 = (bytes: Buffer): string => createHash('md5').update(bytes).digest('hex');

/** The Set-Cookie line for `name`, if the response set it. */
export const cookieLine = (response: Fetched, name: string): string | undefined =>
  response.setCookies.find((line) => line.startsWith(`${name}=`));

/** Cookies a client keeps between requests (name=value only: enough for Django). */
export class CookieJar {
  private readonly cookies = new Map<string, string>();

  absorb(response: Fetched): void {
    for (const line of response.setCookies) {
      const pair = line.split(';', 1)[0] ?? '';
      const equals = pair.indexOf('=');
      if (equals <= 0) continue;
      const name = pair.slice(0, equals).trim();
      // Django deletes a cookie (logout's sessionid) with an empty value and Max-Age=0.
      if (/;\s*max-age=0\s*(;|$)/i.test(line)) this.cookies.delete(name);
      else this.cookies.set(name, pair.slice(equals + 1).trim());
    }
  }

  has(name: string): boolean {
    return this.cookies.has(name);
  }

  get(name: string): string | undefined {
    return this.cookies.get(name);
  }

  headers(): Record<string, string> {
    if (this.cookies.size === 0) return {};
    return { cookie: [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ') };
  }
}

/** Wagtail's password form, as served for a password-protected page or document. */
export interface PasswordForm {
  action: string;
  csrfToken: string;
  returnUrl: string;
}

export function readPasswordForm(html: string): PasswordForm | undefined {
  const $ = cheerio.load(html);
  const form = $('form[method="POST"], form[method="post"]').first();
  const action = form.attr('action');
  const csrfToken = form.find('input[name="csrfmiddlewaretoken"]').val();
  const returnUrl = form.find('input[name="return_url"]').val();
  if (action === undefined || typeof csrfToken !== 'string' || typeof returnUrl !== 'string') return undefined;
  return { action, csrfToken, returnUrl };
}

/**
 * Answers the password form that `protectedUrl` shows, as a browser would;
 * afterwards `jar` holds the session that may see the protected resource.
 * Returns the POST's response (a 302 back to the resource when accepted).
 */
export async function submitPassword(
  profile: StackProfile,
  protectedUrl: string,
  password: string,
  jar: CookieJar,
): Promise<Fetched> {
  const page = await fetchFrom(profile, protectedUrl, { headers: jar.headers() });
  jar.absorb(page);
  const form = readPasswordForm(page.text);
  if (form === undefined) throw new Error(`${protectedUrl} (HTTP ${page.status}) shows no password form`);
  const origin = new URL(profile.baseUrl).origin;
  const answer = await fetchFrom(profile, form.action, {
    method: 'POST',
    headers: {
      ...jar.headers(),
      'content-type': 'application/x-www-form-urlencoded',
      // Django's CSRF check compares Origin (and, over HTTPS, Referer) with the host.
      origin,
      referer: page.url,
    },
    body: new URLSearchParams({ csrfmiddlewaretoken: form.csrfToken, password, return_url: form.returnUrl }).toString(),
  });
  jar.absorb(answer);
  return answer;
}

/** The URLs a page's HTML references under `prefix` (href, src, srcset), as written. */
export function referencedUrls(html: string, prefix: string): string[] {
  const $ = cheerio.load(html);
  const found = new Set<string>();
  $('[href], [src], [srcset]').each((_, element) => {
    const attributes = element.attribs;
    const candidates = [attributes.href, attributes.src, ...(attributes.srcset ?? '').split(',').map((part) => part.trim().split(/\s+/)[0])];
    for (const candidate of candidates) {
      if (candidate && new URL(candidate, 'http://x/').pathname.startsWith(prefix)) found.add(candidate);
    }
  });
  return [...found].sort();
}

/** The 12-hex content hash ManifestStaticFilesStorage puts before the last extension, if any. */
export function manifestHash(url: string): string | undefined {
  return /\.([0-9a-f]{12})\.[A-Za-z0-9]+$/.exec(new URL(url, 'http://x/').pathname)?.[1];
}

/** The four answers of an authorised visit to a password-protected document. */
export interface UnlockedDocument {
  /** The serve URL without a session: Wagtail's password form (and a csrftoken cookie). */
  form: Fetched;
  /** The POST of the password to the form's action: a 302 back to the document when accepted. */
  answer: Fetched;
  /** The serve URL again, with the session cookie: the file. */
  file: Fetched;
  jar: CookieJar;
}

/**
 * Unlocks a password-protected document through the profile's front as a real
 * visitor would: GET `url` (the serve URL, or it with a query string: Wagtail
 * ignores one, a cache keys on it) → the password form with its csrf token
 * and csrftoken cookie → POST the password to the form's action with Origin
 * and Referer → a session cookie → GET `url` with it. A cache in front that
 * ignores the Cookie (varnish) stores that last answer for everyone.
 */
export async function unlockPasswordDocument(
  profile: StackProfile,
  document: PrivateDocument & { restriction: 'password' },
  url: string = document.url,
): Promise<UnlockedDocument> {
  const jar = new CookieJar();
  const form = await fetchFrom(profile, url);
  jar.absorb(form);
  const fields = readPasswordForm(form.text);
  if (fields === undefined) throw new Error(`${url} (HTTP ${form.status}) shows no password form`);
  const answer = await fetchFrom(profile, fields.action, {
    method: 'POST',
    headers: {
      ...jar.headers(),
      'content-type': 'application/x-www-form-urlencoded',
      origin: new URL(profile.baseUrl).origin,
      referer: form.url,
    },
    body: new URLSearchParams({ csrfmiddlewaretoken: fields.csrfToken, password: document.password, return_url: fields.returnUrl }).toString(),
  });
  jar.absorb(answer);
  if (!jar.has('sessionid')) throw new Error(`${fields.action} (HTTP ${answer.status}) set no session cookie: password refused?`);
  const file = await fetchFrom(profile, url, { headers: jar.headers() });
  return { form, answer, file, jar };
}

/** Fetches with `jar`'s cookies and keeps what the answer sets (redirects are not followed). */
export async function fetchWithJar(profile: StackProfile, target: string, jar: CookieJar, options: FetchOptions = {}): Promise<Fetched> {
  const response = await fetchFrom(profile, target, { ...options, headers: { ...options.headers, ...jar.headers() } });
  jar.absorb(response);
  return response;
}

/** The headers a browser sends with a form POST from `page` on the profile's origin (Django's CSRF check reads both). */
const formPostHeaders = (profile: StackProfile, page: string): Record<string, string> => ({
  'content-type': 'application/x-www-form-urlencoded',
  origin: new URL(profile.baseUrl).origin,
  referer: new URL(page, profile.baseUrl).href,
});

/** Wagtail's admin login form: where it posts, its CSRF token and the `next` it carries. */
export interface AdminLoginForm {
  action: string;
  csrfToken: string;
  next: string;
}

export function readAdminLoginForm(html: string): AdminLoginForm | undefined {
  const $ = cheerio.load(html);
  const form = $('form').filter((_, element) => $(element).find('input[name="username"]').length > 0).first();
  const action = form.attr('action');
  const csrfToken = form.find('input[name="csrfmiddlewaretoken"]').val();
  const next = form.find('input[name="next"]').val() ?? '';
  if (action === undefined || typeof csrfToken !== 'string' || typeof next !== 'string') return undefined;
  return { action, csrfToken, next };
}

/** A logged-in admin session: its own cookie jar, never shared with anonymous requests. */
export interface AdminSession {
  profile: StackProfile;
  jar: CookieJar;
  /** GET of the login page (a csrftoken cookie, the form). */
  loginPage: Fetched;
  /** The POST of the credentials: a 302 to the admin when accepted. */
  loginAnswer: Fetched;
}

export class AdminLoginError extends Error {
  override name = 'AdminLoginError';
}

/**
 * Logs in through Wagtail's admin login form as a browser does: GET
 * <adminPath>login/ → csrftoken cookie and the form's csrfmiddlewaretoken →
 * POST username and password to the form's action with Origin and Referer.
 * Throws an AdminLoginError unless Django answers with a session cookie and a
 * redirect (a refused login re-renders the form with 200).
 */
export async function adminLogin(
  profile: StackProfile,
  account: Pick<MonitorAccount, 'username' | 'password'>,
  options: { query?: string } = {},
): Promise<AdminSession> {
  const jar = new CookieJar();
  // A query string (Wagtail ignores it) gives a cache in front a key of its own.
  const loginUrl = `${profile.adminPath}login/${options.query === undefined ? '' : `?${options.query}`}`;
  const loginPage = await fetchWithJar(profile, loginUrl, jar);
  const form = readAdminLoginForm(loginPage.text);
  if (form === undefined) throw new AdminLoginError(`${loginUrl} (HTTP ${loginPage.status}) shows no login form`);
  const loginAnswer = await fetchWithJar(profile, form.action, jar, {
    method: 'POST',
    headers: formPostHeaders(profile, loginPage.url),
    body: new URLSearchParams({
      csrfmiddlewaretoken: form.csrfToken,
      username: account.username,
      password: account.password,
      next: form.next,
    }).toString(),
  });
  if (loginAnswer.status !== 302 || !jar.has('sessionid')) {
    throw new AdminLoginError(`${form.action}: HTTP ${loginAnswer.status}${jar.has('sessionid') ? '' : ', no session cookie'}: login refused`);
  }
  return { profile, jar, loginPage, loginAnswer };
}

/** A GET (or HEAD) inside the session. */
export const adminFetch = (session: AdminSession, target: string, options: Omit<FetchOptions, 'body'> = {}): Promise<Fetched> =>
  fetchWithJar(session.profile, target, session.jar, options);

/**
 * POST <adminPath>logout/ with the session's CSRF token (Django rotated it at
 * login: the jar's csrftoken). A 302 to the login page that deletes sessionid.
 */
export async function adminLogout(session: AdminSession): Promise<Fetched> {
  const { profile, jar } = session;
  const csrfToken = jar.get('csrftoken');
  if (csrfToken === undefined) throw new AdminLoginError('the session has no csrftoken cookie to log out with');
  return fetchWithJar(profile, `${profile.adminPath}logout/`, jar, {
    method: 'POST',
    headers: formPostHeaders(profile, profile.adminPath),
    body: new URLSearchParams({ csrfmiddlewaretoken: csrfToken }).toString(),
  });
}

// (Imports are hoisted: this one serves the S3 signing below, added after the rest.)
import { createHmac } from 'node:crypto';

/** The stack's storage key (profiles.json `storage`): what a spec signs its own S3 requests with. */
export interface S3SigningKey {
  region: string;
  accessKeyId: string;
  secretAccessKey: string;
}

// SigV4 as S3 checks it, written from the specification (not botocore's), so the
// storage server's verifier is held to a second implementation.
const s3Encode = (text: string): string =>
  encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
const hmacSha256 = (key: Buffer | string, data: string): Buffer => createHmac('sha256', key).update(data).digest();
const sha256Hex = (data: string | Buffer): string => createHash('sha256').update(data).digest('hex');
/** 20261202T043000Z */
const amzDate = (date: Date): string => date.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
const canonicalS3Path = (pathname: string): string =>
  pathname
    .split('/')
    .map((segment) => s3Encode(decodeURIComponent(segment)))
    .join('/');
const canonicalS3Query = (pairs: [string, string][]): string =>
  pairs
    .map(([name, value]) => [s3Encode(name), s3Encode(value)] as const)
    .sort(([a, av], [b, bv]) => (a === b ? (av < bv ? -1 : 1) : a < b ? -1 : 1))
    .map(([name, value]) => `${name}=${value}`)
    .join('&');

function s3Signature(key: S3SigningKey, signedAt: Date, canonicalRequest: string): { scope: string; signature: string } {
  const day = amzDate(signedAt).slice(0, 8);
  const scope = `${day}/${key.region}/s3/aws4_request`;
  const stringToSign = ['AWS4-HMAC-SHA256', amzDate(signedAt), scope, sha256Hex(canonicalRequest)].join('\n');
  let signingKey = hmacSha256(`AWS4${key.secretAccessKey}`, day);
  for (const part of [key.region, 's3', 'aws4_request']) signingKey = hmacSha256(signingKey, part);
  return { scope, signature: createHmac('sha256', signingKey).update(stringToSign).digest('hex') };
}

/** A presigned GET URL for `url` (an object's path-style URL), signed at `signedAt`, valid `expiresSeconds`. */
export function presignS3Url(url: string, key: S3SigningKey, options: { signedAt?: Date; expiresSeconds?: number } = {}): string {
  const target = new URL(url);
  const signedAt = options.signedAt ?? new Date();
  const day = amzDate(signedAt).slice(0, 8);
  const query: [string, string][] = [
    ...[...target.searchParams.entries()],
    ['X-Amz-Algorithm', 'AWS4-HMAC-SHA256'],
    ['X-Amz-Credential', `${key.accessKeyId}/${day}/${key.region}/s3/aws4_request`],
    ['X-Amz-Date', amzDate(signedAt)],
    ['X-Amz-Expires', String(options.expiresSeconds ?? 300)],
    ['X-Amz-SignedHeaders', 'host'],
  ];
  const canonicalQuery = canonicalS3Query(query);
  const canonicalRequest = ['GET', canonicalS3Path(target.pathname), canonicalQuery, `host:${target.host}\n`, 'host', 'UNSIGNED-PAYLOAD'].join('\n');
  const { signature } = s3Signature(key, signedAt, canonicalRequest);
  return `${target.origin}${target.pathname}?${canonicalQuery}&X-Amz-Signature=${signature}`;
}

/** The headers of a header-signed (Authorization: AWS4-HMAC-SHA256) bodiless request; undici sends the URL's host. */
export function signS3Headers(method: 'GET' | 'HEAD', url: string, key: S3SigningKey, signedAt: Date = new Date()): Record<string, string> {
  const target = new URL(url);
  const payloadHash = sha256Hex('');
  const headers: Record<string, string> = { 'x-amz-content-sha256': payloadHash, 'x-amz-date': amzDate(signedAt) };
  const signed = { host: target.host, ...headers };
  const names = Object.keys(signed).sort();
  const canonicalHeaders = names.map((name) => `${name}:${signed[name as keyof typeof signed]}\n`).join('');
  const canonicalRequest = [
    method,
    canonicalS3Path(target.pathname),
    canonicalS3Query([...target.searchParams.entries()]),
    canonicalHeaders,
    names.join(';'),
    payloadHash,
  ].join('\n');
  const { scope, signature } = s3Signature(key, signedAt, canonicalRequest);
  headers.authorization = `AWS4-HMAC-SHA256 Credential=${key.accessKeyId}/${scope}, SignedHeaders=${names.join(';')}, Signature=${signature}`;
  return headers;
}

/** An S3 error answer's <Code>, <Message> and <RequestId>, if the body is one. */
export function readS3Error(body: string): { code: string; message: string; requestId: string } | undefined {
  const $ = cheerio.load(body, { xml: true });
  const error = $('Error');
  if (error.length === 0) return undefined;
  return { code: error.children('Code').text(), message: error.children('Message').text(), requestId: error.children('RequestId').text() };
}

// The config file and the defaults, resolved with the command line's
// overrides into the RunOptions of one run. The file is JSONC: `//` and `/* */`
// comments (so a starter config can explain itself) and trailing commas.

import { readFile } from 'node:fs/promises';
import { parse as parseJsonc, printParseErrorCode, type ParseError } from 'jsonc-parser';
import { ConfigError, didYouMean, validateObject, type FieldSpec } from './schema.js';
import { absoluteBase } from '../gather/urls.js';
import type { FailOn, RunOptions, Severity } from '../engine/options.js';
import { basicAuthorization, secretValues, withoutPassword, type BasicCredentials } from '../engine/secrets.js';
import { VERSION } from '../version.js';

export { ConfigError } from './schema.js';

export const DEFAULT_CONFIG_FILE = 'wagtail-probe.config.json';
/** Where --auth and http.auth read the Basic auth password from, unless told otherwise. */
export const AUTH_PASSWORD_ENV = 'WAGTAIL_PROBE_AUTH_PASSWORD';
const SEVERITIES = ['error', 'warning', 'info'] as const;
const FAIL_ON = ['error', 'warning', 'info', 'never'] as const;

/** Every key of the config file: the validator's schema and the docs in one place. */
export const CONFIG_SCHEMA: Readonly<Record<string, FieldSpec>> = {
  $schema: { type: 'string', doc: 'Ignored: lets editors find a schema.' },
  target: { type: 'string', doc: 'The site to probe (a URL given on the command line wins). Userinfo (https://user:pass@host/) becomes HTTP Basic auth for that origin.' },
  runTimeout: { type: 'number', min: 0, max: 86_400, doc: 'Seconds the whole run may take; past it the run stops, writes its reports and exits 3. 0: no limit.' },
  adminPath: { type: 'string', doc: 'Path of the Wagtail admin, e.g. "/admin/" or "/cms/".' },
  mediaUrl: { type: 'nullable-string', doc: 'MEDIA_URL ("/media/" or "https://cdn.example.com/media/"); null to learn it from rendition URLs.' },
  staticUrl: { type: 'nullable-string', doc: 'STATIC_URL; null to learn it from the admin login page.' },
  plainHttpUrl: { type: 'nullable-string', doc: 'The plain-http address to check for a redirect to https; null: the target with http: and port 80.' },
  private: {
    type: 'object',
    doc: 'Canaries: URLs that must never be readable anonymously.',
    fields: {
      documents: { type: 'string-array', doc: 'Serve URLs (/documents/<id>/<file>) of private documents.' },
      pages: { type: 'string-array', doc: 'URLs of private pages (login or password restricted).' },
    },
  },
  originalsPrivate: { type: 'boolean', doc: 'Report original_images/ that answer publicly (Wagtail advises blocking them).' },
  probes: { type: 'string-array', doc: 'Run only these probes (ids); empty runs all.' },
  skipProbes: { type: 'string-array', doc: 'Probes not to run.' },
  severity: { type: 'string-map', oneOf: SEVERITIES, doc: 'Severity overrides: {"probe": "warning"} or {"probe/messageId": "info"}.' },
  silenced: { type: 'string-array', doc: 'Message ids not to report, "probe/messageId", as Django\'s SILENCED_SYSTEM_CHECKS.' },
  failOn: { type: 'string', oneOf: FAIL_ON, doc: 'Exit 1 when a finding is at or above this severity ("never": always 0).' },
  baseline: { type: 'nullable-string', doc: 'A previous JSON report: only findings not in it fail the run.' },
  reports: {
    type: 'object-array',
    required: ['format'],
    doc: 'Reports to write: [{"format": "junit", "output": "probe.xml"}]; no output means standard output.',
    fields: {
      format: { type: 'string', oneOf: ['pretty', 'json', 'junit', 'tap', 'sarif', 'prometheus', 'html'], doc: 'Report format.' },
      output: { type: 'string', doc: 'File to write.' },
    },
  },
  http: {
    type: 'object',
    doc: 'How requests are made.',
    fields: {
      timeout: { type: 'number', min: 0.1, max: 600, doc: 'Seconds one request may take, headers and body.' },
      connectTimeout: { type: 'number', min: 0.1, max: 120, doc: 'Seconds to open a connection.' },
      userAgent: { type: 'string', doc: 'User-Agent header.' },
      headers: { type: 'string-map', doc: 'Extra headers for the target\'s exact origin only (a CDN allow-list token, a consent cookie); values are redacted in every output.' },
      auth: {
        type: 'object',
        doc: 'HTTP Basic auth for the target\'s exact origin (a staging site behind a password). The password is never in the file.',
        fields: {
          user: { type: 'string', doc: 'User name.' },
          passwordEnv: { type: 'string', doc: `Environment variable holding the password (default ${AUTH_PASSWORD_ENV}).` },
        },
      },
      ca: { type: 'nullable-string', doc: 'PEM file of extra certificate authorities to trust.' },
      insecure: { type: 'boolean', doc: 'Skip TLS certificate checks (an explicit opt-in).' },
      maxRedirects: { type: 'number', min: 0, max: 50, integer: true, doc: 'Redirect hops followed per request, and per chain of page redirects.' },
      maxRetryAfter: { type: 'number', min: 0, max: 3600, doc: 'Seconds of Retry-After (429) worth waiting for; a longer ask marks the host rate-limited and its crawl stops.' },
      retries: { type: 'number', min: 0, max: 10, integer: true, doc: 'Retries for transient failures (network errors, 429, 502, 503, 504).' },
      maxHtmlBytes: { type: 'number', min: 1024, max: 256 * 1024 * 1024, integer: true, doc: 'Bytes of one HTML page read at most.' },
      maxAssetBytes: { type: 'number', min: 1024, max: 256 * 1024 * 1024, integer: true, doc: 'Bytes of a static asset read to check its hash.' },
    },
  },
  crawl: {
    type: 'object',
    doc: 'What the crawler visits, and how fast.',
    fields: {
      maxPages: { type: 'number', min: 1, max: 1_000_000, integer: true, doc: 'Pages fetched at most.' },
      maxDepth: { type: 'number', min: 0, max: 1000, integer: true, doc: 'Links followed from the start URL at most.' },
      concurrency: { type: 'number', min: 1, max: 256, integer: true, doc: 'Requests in flight per host.' },
      rate: { type: 'number', min: 0, max: 100_000, doc: 'Requests per second per host; 0 for no cap.' },
      include: { type: 'string-array', doc: 'Regular expressions: crawl only page URLs matching one.' },
      exclude: { type: 'string-array', doc: 'Regular expressions: never crawl page URLs matching one.' },
      seeds: { type: 'string-array', doc: 'Extra start URLs.' },
      maxMediaSamples: { type: 'number', min: 0, max: 1_000_000, integer: true, doc: 'Media files checked at most; beyond it a deterministic sample.' },
    },
  },
};

/** The config file as written: every key optional. */
export interface ConfigFile {
  target?: string;
  runTimeout?: number;
  adminPath?: string;
  mediaUrl?: string | null;
  staticUrl?: string | null;
  plainHttpUrl?: string | null;
  private?: { documents?: string[]; pages?: string[] };
  originalsPrivate?: boolean;
  probes?: string[];
  skipProbes?: string[];
  severity?: Record<string, Severity>;
  silenced?: string[];
  failOn?: FailOn;
  baseline?: string | null;
  reports?: { format: ReportFormatName; output?: string }[];
  http?: {
    timeout?: number;
    connectTimeout?: number;
    userAgent?: string;
    headers?: Record<string, string>;
    auth?: { user?: string; passwordEnv?: string };
    ca?: string | null;
    insecure?: boolean;
    maxRedirects?: number;
    maxRetryAfter?: number;
    retries?: number;
    maxHtmlBytes?: number;
    maxAssetBytes?: number;
  };
  crawl?: {
    maxPages?: number;
    maxDepth?: number;
    concurrency?: number;
    rate?: number;
    include?: string[];
    exclude?: string[];
    seeds?: string[];
    maxMediaSamples?: number;
  };
}

export type ReportFormatName = 'pretty' | 'json' | 'junit' | 'tap' | 'sarif' | 'prometheus' | 'html';

export const DEFAULTS = {
  adminPath: '/admin/',
  failOn: 'error' as FailOn,
  originalsPrivate: true,
  http: {
    timeout: 15,
    connectTimeout: 5,
    userAgent: `wagtail-probe/${VERSION} (+https://github.com/wagtail-probe/wagtail-probe)`,
    maxRedirects: 10,
    retries: 2,
    retryBudgetMs: 30_000,
    maxRetryAfter: 60,
    maxHtmlBytes: 5 * 1024 * 1024,
    maxAssetBytes: 2 * 1024 * 1024,
    sniffBytes: 4096,
  },
  crawl: { maxPages: 500, maxDepth: 20, concurrency: 4, rate: 0, maxMediaSamples: 300 },
} as const;

/** Line and column (1-based) of an offset, for errors an editor can jump to. */
function lineAndColumn(text: string, offset: number): string {
  const before = text.slice(0, offset).split('\n');
  return `line ${before.length}, column ${(before.at(-1) ?? '').length + 1}`;
}

/** JSON with comments and trailing commas (JSONC, as VS Code reads its settings); errors name line and column. */
export function parseConfig(text: string, source: string): ConfigFile {
  const errors: ParseError[] = [];
  const value: unknown = parseJsonc(text, errors, { allowTrailingComma: true, disallowComments: false });
  const [first] = errors;
  if (first) {
    throw new ConfigError(`${source}: not valid JSON at ${lineAndColumn(text, first.offset)}: ${describeParseError(first.error)}`);
  }
  try {
    validateObject(value, CONFIG_SCHEMA, '');
  } catch (error) {
    throw new ConfigError(`${source}: ${(error as Error).message}`);
  }
  return value as ConfigFile;
}

/** "CommaExpected" as "comma expected". */
function describeParseError(code: ParseError['error']): string {
  return printParseErrorCode(code).replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
}

export async function readConfig(path: string): Promise<ConfigFile> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new ConfigError(`cannot read config file ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  return parseConfig(text, path);
}

function checkRegexes(patterns: readonly string[], key: string): void {
  for (const pattern of patterns) {
    try {
      new RegExp(pattern);
    } catch (error) {
      throw new ConfigError(`${key}: not a regular expression: ${JSON.stringify(pattern)} (${(error as Error).message})`);
    }
  }
}

/** The target without userinfo, and the Basic credentials the userinfo held (percent-decoded), if any. */
function checkTarget(target: string | undefined): { target: string; userinfo: BasicCredentials | null } {
  if (!target) throw new ConfigError('no site to probe: give a URL (wagtail-probe https://example.com/) or "target" in the config');
  let url: URL;
  try {
    url = new URL(target);
  } catch {
    throw new ConfigError(`not a URL: ${JSON.stringify(withoutPassword(target))} (expected e.g. https://example.com/)`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new ConfigError(`not an http(s) URL: ${withoutPassword(target)}`);
  if (url.username === '' && url.password === '') return { target: url.href, userinfo: null };
  const userinfo = { user: decodeURIComponent(url.username), password: decodeURIComponent(url.password) };
  url.username = '';
  url.password = '';
  return { target: url.href, userinfo };
}

/** What the process gives besides the config: its environment, and a password read from standard input. */
export interface SecretSources {
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly passwordFromStdin?: string;
}

/** Basic credentials from the target's userinfo or from http.auth (the password from stdin or the environment), never both. */
function basicCredentials(userinfo: BasicCredentials | null, auth: NonNullable<ConfigFile['http']>['auth'], sources: SecretSources): BasicCredentials | null {
  if (auth?.user === undefined) {
    if (auth?.passwordEnv !== undefined) throw new ConfigError('http.auth.passwordEnv: needs http.auth.user (or --auth USER)');
    return userinfo;
  }
  if (userinfo !== null) throw new ConfigError('credentials given twice: in the target URL and with --auth / http.auth; keep one');
  if (auth.user.includes(':')) throw new ConfigError('--auth / http.auth.user: give the user name only; the password comes from the environment or --auth-password-stdin');
  const envName = auth.passwordEnv ?? AUTH_PASSWORD_ENV;
  const password = sources.passwordFromStdin ?? sources.env[envName];
  if (password === undefined) {
    throw new ConfigError(`--auth ${auth.user}: no password: set ${envName} or pipe it in with --auth-password-stdin`);
  }
  return { user: auth.user, password };
}

function normaliseAdminPath(path: string): string {
  const trimmed = path.trim();
  if (!/^\/?[\w\-./]*$/.test(trimmed)) throw new ConfigError(`adminPath: expected a path like /admin/, got ${JSON.stringify(path)}`);
  return `/${trimmed.replace(/^\/+|\/+$/g, '')}/`.replace(/^\/\/$/, '/');
}

/** Checks probe ids in selection, severity and silenced lists against the probes that exist. */
function checkProbeIds(config: ConfigFile, known: ReadonlyMap<string, readonly string[]>): void {
  const ids = [...known.keys()];
  const checkId = (id: string, key: string): void => {
    if (!known.has(id)) throw new ConfigError(`${key}: no probe "${id}"${didYouMean(id, ids)}; probes: ${ids.join(', ')}`);
  };
  const checkMessage = (qualified: string, key: string): void => {
    const [probe, message] = qualified.split('/', 2) as [string, string | undefined];
    checkId(probe, key);
    if (message !== undefined && !known.get(probe)?.includes(message)) {
      throw new ConfigError(`${key}: probe "${probe}" has no message "${message}"; its messages: ${known.get(probe)?.join(', ')}`);
    }
  };
  for (const id of config.probes ?? []) checkId(id, 'probes');
  for (const id of config.skipProbes ?? []) checkId(id, 'skipProbes');
  for (const key of Object.keys(config.severity ?? {})) checkMessage(key, 'severity');
  for (const key of config.silenced ?? []) {
    if (!key.includes('/')) throw new ConfigError(`silenced: expected "probe/messageId", got ${JSON.stringify(key)}`);
    checkMessage(key, 'silenced');
  }
}


/**
 * Merges defaults < config file < command line (later wins) into RunOptions.
 * `overrides` has the config file's shape, so the CLI and a library caller speak it too.
 * `probeMessages` maps each probe id to its message ids, to validate references to them.
 */
export async function resolveOptions(
  file: ConfigFile,
  overrides: ConfigFile,
  probeMessages: ReadonlyMap<string, readonly string[]>,
  sources: SecretSources = { env: process.env },
): Promise<RunOptions> {
  const merged: ConfigFile = {
    ...file,
    ...overrides,
    private: {
      documents: [...(file.private?.documents ?? []), ...(overrides.private?.documents ?? [])],
      pages: [...(file.private?.pages ?? []), ...(overrides.private?.pages ?? [])],
    },
    http: {
      ...file.http,
      ...overrides.http,
      headers: { ...file.http?.headers, ...overrides.http?.headers },
      ...(file.http?.auth || overrides.http?.auth ? { auth: { ...file.http?.auth, ...overrides.http?.auth } } : {}),
    },
    crawl: { ...file.crawl, ...overrides.crawl },
    severity: { ...file.severity, ...overrides.severity },
  };
  validateObject(merged, CONFIG_SCHEMA, '');
  checkProbeIds(merged, probeMessages);
  checkRegexes(merged.crawl?.include ?? [], 'crawl.include');
  checkRegexes(merged.crawl?.exclude ?? [], 'crawl.exclude');
  const { target, userinfo } = checkTarget(merged.target);
  const http = merged.http ?? {};
  const crawl = merged.crawl ?? {};

  let ca: string | null = null;
  if (http.ca) {
    try {
      ca = await readFile(http.ca, 'utf8');
    } catch (error) {
      throw new ConfigError(`ca: cannot read ${http.ca}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
    }
    if (!ca.includes('-----BEGIN CERTIFICATE-----')) throw new ConfigError(`ca: ${http.ca} holds no PEM certificate`);
  }
  for (const key of ['mediaUrl', 'staticUrl', 'plainHttpUrl'] as const) {
    const value = merged[key];
    if (value === undefined || value === null) continue;
    try {
      absoluteBase(value, target);
    } catch {
      throw new ConfigError(`${key}: expected a path like /media/ or an http(s) URL, got ${JSON.stringify(value)}`);
    }
  }
  for (const [name, value] of Object.entries(http.headers ?? {})) {
    if (!/^[!#$%&'*+\-.^_`|~\w]+$/.test(name)) throw new ConfigError(`http.headers: not a valid header name: ${JSON.stringify(name)}`);
    // A CR or LF would split the request; undici refuses it mid-crawl, so refuse it here, naming the header only.
    if (/[\r\n\0]/.test(value)) throw new ConfigError(`http.headers: the value of ${name} holds a line break or NUL`);
  }
  const credentials = basicCredentials(userinfo, http.auth, sources);
  const headers: Record<string, string> = { ...http.headers };
  if (credentials !== null) {
    if (Object.keys(headers).some((name) => name.toLowerCase() === 'authorization')) {
      throw new ConfigError('an Authorization header and Basic credentials both given: keep one');
    }
    headers['authorization'] = basicAuthorization(credentials);
  }

  return {
    target,
    runTimeoutMs: Math.round((merged.runTimeout ?? 0) * 1000),
    secrets: secretValues(headers, credentials),
    adminPath: normaliseAdminPath(merged.adminPath ?? DEFAULTS.adminPath),
    mediaUrl: merged.mediaUrl ?? null,
    staticUrl: merged.staticUrl ?? null,
    plainHttpUrl: merged.plainHttpUrl ?? null,
    privateCanaries: { documents: merged.private?.documents ?? [], pages: merged.private?.pages ?? [] },
    originalsPrivate: merged.originalsPrivate ?? DEFAULTS.originalsPrivate,
    probes: merged.probes ?? [],
    skipProbes: merged.skipProbes ?? [],
    severity: merged.severity ?? {},
    silenced: merged.silenced ?? [],
    failOn: merged.failOn ?? DEFAULTS.failOn,
    http: {
      timeoutMs: Math.round((http.timeout ?? DEFAULTS.http.timeout) * 1000),
      connectTimeoutMs: Math.round((http.connectTimeout ?? DEFAULTS.http.connectTimeout) * 1000),
      userAgent: http.userAgent ?? DEFAULTS.http.userAgent,
      siteOrigin: new URL(target).origin,
      headers,
      ca,
      insecure: http.insecure ?? false,
      maxRedirects: http.maxRedirects ?? DEFAULTS.http.maxRedirects,
      retries: http.retries ?? DEFAULTS.http.retries,
      retryBudgetMs: DEFAULTS.http.retryBudgetMs,
      maxRetryAfterMs: Math.round((http.maxRetryAfter ?? DEFAULTS.http.maxRetryAfter) * 1000),
      maxHtmlBytes: http.maxHtmlBytes ?? DEFAULTS.http.maxHtmlBytes,
      maxAssetBytes: http.maxAssetBytes ?? DEFAULTS.http.maxAssetBytes,
      sniffBytes: DEFAULTS.http.sniffBytes,
    },
    crawl: {
      maxPages: crawl.maxPages ?? DEFAULTS.crawl.maxPages,
      maxDepth: crawl.maxDepth ?? DEFAULTS.crawl.maxDepth,
      concurrency: crawl.concurrency ?? DEFAULTS.crawl.concurrency,
      rate: crawl.rate ?? DEFAULTS.crawl.rate,
      include: crawl.include ?? [],
      exclude: crawl.exclude ?? [],
      seeds: crawl.seeds ?? [],
      maxMediaSamples: crawl.maxMediaSamples ?? DEFAULTS.crawl.maxMediaSamples,
    },
  };
}

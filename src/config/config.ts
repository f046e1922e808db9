// The config file and the defaults, resolved with the command line's
// overrides into the RunOptions of one run. The file is JSONC: `//` and `/* */`
// comments (so a starter config can explain itself) and trailing commas.

import { readFile } from 'node:fs/promises';
import { parse as parseJsonc, printParseErrorCode, type ParseError } from 'jsonc-parser';
import { ConfigError, didYouMean, validateObject } from './schema.js';
import { basicCredentials, checkTarget, type SecretSources } from './credentials.js';
import { CONFIG_SCHEMA, DEFAULTS, type ConfigFile } from './keys.js';
import { absoluteBase } from '../gather/urls.js';
import type { RunOptions } from '../engine/options.js';
import { basicAuthorization, secretValues } from '../engine/secrets.js';

export { ConfigError } from './schema.js';

export { AUTH_PASSWORD_ENV, CONFIG_SCHEMA, DEFAULT_CONFIG_FILE, DEFAULTS, type ConfigFile, type ReportFormatName } from './keys.js';
export type { SecretSources } from './credentials.js';

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

/** The parsed file and its text (the text locates the target for SARIF). */
export async function readConfig(path: string): Promise<{ file: ConfigFile; text: string }> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new ConfigError(`cannot read config file ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  return { file: parseConfig(text, path), text };
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

/** Each storage origin as URL.origin spells it (what the probes compare), or a one-line error. */
function storageOrigins(values: readonly string[]): string[] {
  return values.map((value) => {
    let url: URL;
    try {
      url = new URL(value);
    } catch {
      throw new ConfigError(`storageOrigins: expected an http(s) origin like https://media.example.com, got ${JSON.stringify(value)}`);
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new ConfigError(`storageOrigins: ${JSON.stringify(value)} is not http(s)`);
    return url.origin;
  });
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
    storageOrigins: storageOrigins(merged.storageOrigins ?? []),
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

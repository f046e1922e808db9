// Every key of the config file, with its type, its doc and its default: the
// validator's schema, `wagtail-probe init`'s starter and `--help` all read
// this one table.

import type { FieldSpec } from './schema.js';
import type { FailOn, Severity } from '../engine/options.js';
import { VERSION } from '../version.js';

export const DEFAULT_CONFIG_FILE = 'wagtail-probe.config.json';
/** Where --auth and http.auth read the Basic auth password from, unless told otherwise. */
export const AUTH_PASSWORD_ENV = 'WAGTAIL_PROBE_AUTH_PASSWORD';
/** Where the monitor account's user name and password are read from, unless the config's `monitor` names other variables. */
export const MONITOR_USERNAME_ENV = 'WAGTAIL_PROBE_USERNAME';
export const MONITOR_PASSWORD_ENV = 'WAGTAIL_PROBE_PASSWORD';
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
  smoke: { type: 'boolean', doc: 'Smoke mode, a post-deploy gate: read a sample of pages covering every page type, static-asset set and document/media path shape, plus the canaries, instead of the whole site.' },
  storageOrigins: { type: 'string-array', doc: 'Origins of the object storage that holds the media (a bucket behind a custom domain or CNAME, a MinIO or other S3-compatible endpoint), e.g. ["https://media.example.com"]: treated as storage from the first request. Without it, storage is recognised by well-known host names, signed URLs and the answers themselves (x-amz-* headers, S3 XML errors).' },
  originalsPrivate: { type: 'boolean', doc: 'Report original_images/ that answer publicly (Wagtail advises blocking them).' },
  monitor: {
    type: 'object',
    doc: `A least-privilege admin account for authenticated checks (the monitor-session probe): names of the environment variables holding its credentials (default ${MONITOR_USERNAME_ENV} and ${MONITOR_PASSWORD_ENV}); the values are never in the file.`,
    fields: {
      usernameEnv: { type: 'string', doc: `Environment variable holding the user name (default ${MONITOR_USERNAME_ENV}).` },
      passwordEnv: { type: 'string', doc: `Environment variable holding the password (default ${MONITOR_PASSWORD_ENV}; or pipe it in with --monitor-password-stdin).` },
    },
  },
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
  pushGateway: {
    type: 'object',
    doc: 'After every run, PUT its Prometheus metrics to a Pushgateway (replacing the group, so stale series vanish); no site header or credential is sent there.',
    fields: {
      url: { type: 'string', doc: 'The Pushgateway\'s base URL, e.g. "http://pushgateway:9091".' },
      job: { type: 'string', doc: 'The group\'s job label (default "wagtail_probe").' },
      instance: { type: 'string', doc: 'The group\'s instance label (default the target\'s host, with its port if any).' },
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
  storageOrigins?: string[];
  originalsPrivate?: boolean;
  smoke?: boolean;
  monitor?: { usernameEnv?: string; passwordEnv?: string };
  probes?: string[];
  skipProbes?: string[];
  severity?: Record<string, Severity>;
  silenced?: string[];
  failOn?: FailOn;
  baseline?: string | null;
  reports?: { format: ReportFormatName; output?: string }[];
  pushGateway?: { url?: string; job?: string; instance?: string };
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
    // Names only what exists: add " (+<homepage>)" here once package.json has a homepage.
    userAgent: `wagtail-probe/${VERSION}`,
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

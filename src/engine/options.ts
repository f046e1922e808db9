// The options of one run, fully resolved: what the CLI flags, the config file
// and the defaults add up to. Probes and the crawler read these; they never
// see raw flags or a half-filled config.

export type Severity = 'error' | 'warning' | 'info';

/** Where a run fails the pipeline: findings at or above this severity. */
export type FailOn = Severity | 'never';

export interface PrivateCanaries {
  /** Serve URLs (/documents/<id>/<name>) of documents that must not be readable anonymously. */
  readonly documents: readonly string[];
  /** Page URLs that must not be readable anonymously. */
  readonly pages: readonly string[];
}

export interface HttpOptions {
  /** Whole-request deadline per attempt, ms. */
  readonly timeoutMs: number;
  readonly connectTimeoutMs: number;
  readonly userAgent: string;
  /**
   * The target's exact origin (scheme, host, port): the only one the user's
   * headers and credentials are ever sent to. An https target's plain-http
   * address is another origin, so secrets never travel in clear text.
   */
  readonly siteOrigin: string;
  /** Headers the user gave (tokens, cookies, Basic auth): sent to `siteOrigin` only, redacted everywhere. */
  readonly headers: Readonly<Record<string, string>>;
  /** PEM of extra CAs to trust. */
  readonly ca: string | null;
  /** Skip TLS verification: an explicit opt-in. */
  readonly insecure: boolean;
  readonly maxRedirects: number;
  /** Retries after the first attempt, for transient failures only. */
  readonly retries: number;
  /** Cap on the total time spent waiting between retries of one request, ms. */
  readonly retryBudgetMs: number;
  /** A 429 asking to wait longer than this (Retry-After) is not waited for: the origin counts as rate-limited. */
  readonly maxRetryAfterMs: number;
  /** Byte cap on an HTML page. */
  readonly maxHtmlBytes: number;
  /** Byte cap on a static asset read whole to check its hash. */
  readonly maxAssetBytes: number;
  /** Bytes read of anything else (media, documents): enough to sniff. */
  readonly sniffBytes: number;
}

export interface CrawlOptions {
  readonly maxPages: number;
  readonly maxDepth: number;
  /** Requests in flight per host. */
  readonly concurrency: number;
  /** Requests per second per host; 0 for no cap. */
  readonly rate: number;
  /** Regular expressions (as strings) a page URL must match to be crawled (empty: all). */
  readonly include: readonly string[];
  readonly exclude: readonly string[];
  readonly seeds: readonly string[];
  /** Media files (images, renditions) fetched at most; beyond it a deterministic sample. */
  readonly maxMediaSamples: number;
}

export interface RunOptions {
  /** The site, without userinfo (credentials given there are in http.headers as Basic auth). */
  readonly target: string;
  /** The whole run's deadline, ms; 0 for none. Past it the run stops and reports exit 3. */
  readonly runTimeoutMs: number;
  /** Values to mask wherever they would be written (see src/secrets.ts). */
  readonly secrets: readonly string[];
  /** Admin path, e.g. "/admin/" (leading and trailing slash). */
  readonly adminPath: string;
  /** MEDIA_URL, when the operator knows it (absolute or site-relative); null to learn it. */
  readonly mediaUrl: string | null;
  /** STATIC_URL, when known; null to learn it from the admin login page. */
  readonly staticUrl: string | null;
  /** The site's plain-http address, to check it redirects to https; null: the target with http: and the default port. */
  readonly plainHttpUrl: string | null;
  readonly privateCanaries: PrivateCanaries;
  /** Origins (scheme, host, port) the operator says are object storage; others are recognised by name or answer. */
  readonly storageOrigins?: readonly string[];
  /** Wagtail's advice: original_images/ should not be public. */
  readonly originalsPrivate: boolean;
  /** Probe ids to run (empty: all), and to leave out. */
  readonly probes: readonly string[];
  readonly skipProbes: readonly string[];
  /** Per-probe or per-message severity overrides: keys "probe" or "probe/messageId". */
  readonly severity: Readonly<Record<string, Severity>>;
  /** Silenced "probe/messageId" ids, as Django's SILENCED_SYSTEM_CHECKS. */
  readonly silenced: readonly string[];
  readonly failOn: FailOn;
  readonly http: HttpOptions;
  readonly crawl: CrawlOptions;
  /**
   * Smoke mode (--smoke, a post-deploy gate): the crawl reads a sample of pages
   * covering every page type, static-asset set and document/media path shape it
   * meets, plus every seed and canary. Absent or false: the full crawl.
   */
  readonly smoke?: boolean;
  /**
   * The monitor account (WAGTAIL_PROBE_USERNAME / WAGTAIL_PROBE_PASSWORD, or the
   * env names config's `monitor` gives, or --monitor-password-stdin): logs in
   * to the admin for authenticated checks (src/session/). Absent or null: none.
   * Both values are in `secrets` too.
   */
  readonly monitor?: MonitorAccount | null;
}

/** Credentials of the least-privilege admin user the monitor-session probe logs in as. */
export interface MonitorAccount {
  readonly username: string;
  readonly password: string;
}

// The HTTP facts every other module reads. Plain data, JSON-serialisable, so a
// response recorded by the crawler can be written to a report and replayed in a
// unit test without any HTTP at all.

/** Header names are lower-cased; repeated headers are joined with ", " except
 *  set-cookie, which is kept apart in `setCookies` because cookies contain commas. */
export type HeaderMap = Readonly<Record<string, string>>;

export type Method = 'GET' | 'HEAD';

/** Stable error codes, in the style of undici's and Node's own `code` strings. */
export type FetchErrorCode =
  | 'ERR_BAD_URL' // not an http(s) URL, or unparsable
  | 'ERR_DNS' // host did not resolve
  | 'ERR_REFUSED' // connection refused
  | 'ERR_CONNECT_TIMEOUT' // TCP/TLS connect did not finish in time
  | 'ERR_TIMEOUT' // whole-request deadline passed (headers or body)
  | 'ERR_RESET' // connection reset or closed mid-response
  | 'ERR_TLS' // certificate not trusted, wrong host name, handshake failure
  | 'ERR_TOO_LARGE' // body over the cap where the caller needed all of it
  | 'ERR_DECODE' // bad content-encoding (compression bomb, corrupt gzip)
  | 'ERR_REDIRECT_LOOP' // a Location pointed back at a URL already visited in this chain
  | 'ERR_TOO_MANY_REDIRECTS' // more hops than allowed
  | 'ERR_BAD_REDIRECT' // 3xx without a usable Location, or to a non-http scheme
  | 'ERR_RATE_LIMITED' // the origin asked us to wait longer than http.maxRetryAfter: not fetched
  | 'ERR_ABORTED' // the run was stopped (its deadline, SIGINT/SIGTERM) before this request finished
  | 'ERR_NETWORK'; // anything else below HTTP

/** One request as sent: enough to replay it with curl. */
export interface SentRequest {
  readonly method: Method;
  readonly url: string;
  /** Headers the probe chose to send (User-Agent, Range, Host, the user's); not undici's defaults. The user's are redacted. */
  readonly headers: HeaderMap;
}

/** One redirect hop: the response that said "go elsewhere". */
export interface Hop {
  readonly url: string;
  readonly status: number;
  readonly location: string | null;
  readonly headers: HeaderMap;
}

export interface Timing {
  /** ISO time the first attempt started. */
  readonly startedAt: string;
  /** Milliseconds from sending the final request to its response headers. */
  readonly ttfbMs: number;
  /** Milliseconds from the first attempt to the last byte read (all hops, all retries). */
  readonly totalMs: number;
}

/** What was read of a body, never more than the caller's cap. */
export interface BodyFacts {
  /** Bytes read after decoding content-encoding (identity is asked for where bodies are hashed). */
  readonly bytesRead: number;
  /** True when the body was read to its end; false when the cap (or a HEAD, or 'none') stopped it. */
  readonly complete: boolean;
  /** MD5 hex of the whole body; present only when `complete` and the policy asked for `hash`. */
  readonly md5?: string;
  /** SHA-1 hex of the whole body (what Wagtail's serve view sends as ETag); as md5. */
  readonly sha1?: string;
  /** First bytes (up to 512), base64: enough to sniff a type and show an operator. */
  readonly prefixBase64: string;
}

interface FetchOutcomeBase {
  readonly request: SentRequest;
  /** Redirects followed before the final response (empty when none or not following). */
  readonly hops: readonly Hop[];
  readonly timing: Timing;
  /** Attempts made; more than one means the request was retried. */
  readonly attempts: number;
  /** True when a retry was needed to get this outcome: a blip, not (yet) an outage. */
  readonly flaky: boolean;
}

export interface FetchResponse extends FetchOutcomeBase {
  readonly ok: true;
  /** URL of the final response (after hops). */
  readonly url: string;
  readonly status: number;
  readonly headers: HeaderMap;
  readonly setCookies: readonly string[];
  readonly body: BodyFacts;
  /** Decoded text, only when the caller asked to keep it (HTML to parse). Never stored in the SiteModel. */
  readonly text?: string;
  /** Charset used to decode `text`, as the WHATWG sniffing algorithm chose it (BOM, Content-Type, a meta in the first KB, else utf-8). */
  readonly charset?: string;
}

export interface FetchFailure extends FetchOutcomeBase {
  readonly ok: false;
  /** URL being fetched when it failed (the last hop's target). */
  readonly url: string;
  readonly error: { readonly code: FetchErrorCode; readonly message: string };
}

export type FetchResult = FetchResponse | FetchFailure;

/** How much of the body to read. */
export type BodyPolicy =
  | { readonly read: 'none' } // headers only; the body is discarded unread
  | { readonly read: 'prefix'; readonly maxBytes: number } // up to maxBytes, then stop
  | { readonly read: 'whole'; readonly maxBytes: number; readonly keepText?: boolean; readonly hash?: boolean };
// hash: compute md5 and sha1 of the body (a static file's name promises its MD5).
// Off by default: hashing every page was a fifth of the client's CPU.
// 'whole' reads to the end when the body fits; over maxBytes it stops and
// reports complete: false (not an error: the caller decides what that means).

export interface FetchOptions {
  readonly method?: Method;
  /** Extra headers for this request (Range, a bogus Host): only to the origin fetch() was called with (Range follows redirects). */
  readonly headers?: Readonly<Record<string, string>>;
  /** Follow redirects by hand, recording every hop (default true). */
  readonly followRedirects?: boolean;
  /** Hop limit for this request (default: the client's). */
  readonly maxRedirects?: number;
  readonly body?: BodyPolicy;
  /** Ask for identity encoding: set where the body is hashed or parsed (default true). */
  readonly identity?: boolean;
  /** Retry transient failures (default true). */
  readonly retry?: boolean;
}

/** An origin that asked for a longer wait than http.maxRetryAfter: nothing more was sent to it. */
export interface RateLimitedOrigin {
  readonly origin: string;
  /** What its Retry-After asked for, ms. */
  readonly retryAfterMs: number;
  /** ISO time it asked. */
  readonly at: string;
}

export interface ClientStats {
  readonly requests: number;
  readonly retries: number;
  readonly bytesRead: number;
  readonly errors: number;
  /** Origins off limits for the rest of the run, in the order they asked. */
  readonly rateLimited: readonly RateLimitedOrigin[];
}

/** The one HTTP client of a run. Every byte the tool sends goes through it. */
export interface HttpClient {
  fetch(url: string, options?: FetchOptions): Promise<FetchResult>;
  stats(): ClientStats;
  close(): Promise<void>;
}

// What an object storage URL says about itself, pure: whether its host is a
// well-known store's (S3, GCS, Azure Blob, Spaces, R2, B2, Wasabi, Linode,
// Scaleway), whether it is signed, for how long and until when, where the
// bucket's root (its listing) may be, and the same URL with its signature
// altered or removed. Whether an answer came from storage (any host, a CNAME,
// MinIO): object-storage.ts.

import { parseHttpDate } from './http-date.js';

/** Hosts (and their subdomains) of the object stores django-storages and its peers write to. */
export const STORAGE_HOSTS: readonly string[] = [
  'amazonaws.com', 'storage.googleapis.com', 'blob.core.windows.net', 'digitaloceanspaces.com',
  'r2.cloudflarestorage.com', 'backblazeb2.com', 'wasabisys.com', 'linodeobjects.com', 'scw.cloud',
];

/** Query keys that carry a signature (S3 v4 and v2, GCS, Azure SAS), lower-cased. */
export const SIGNATURE_KEYS: readonly string[] = ['x-amz-signature', 'signature', 'x-goog-signature', 'sig'];

/** Query keys lower-cased: storage providers spell them in either case. */
function queryKeys(url: URL): Map<string, string> {
  return new Map([...url.searchParams].map(([k, v]) => [k.toLowerCase(), v]));
}

/** A signed URL: one of the signature keys is in its query. */
export function isSignedUrl(url: URL): boolean {
  const query = queryKeys(url);
  return SIGNATURE_KEYS.some((k) => query.has(k));
}

/** A host of one of the well-known stores, or its subdomain. */
export function isKnownStorageHost(url: URL): boolean {
  return STORAGE_HOSTS.some((host) => url.hostname === host || url.hostname.endsWith(`.${host}`));
}

/**
 * Seconds a signed URL stays valid, from its own parameters; null when it does
 * not say. S3 v4 and GCS give a lifetime; S3 v2 and Azure give an expiry,
 * measured from `issuedDate`, the Date header of the response that handed it out.
 */
export function signedLifetime(url: URL, issuedDate: string | undefined): number | null {
  const query = queryKeys(url);
  for (const key of ['x-amz-expires', 'x-goog-expires']) {
    const value = query.get(key);
    if (value !== undefined && /^\d+$/.test(value)) return Number(value);
  }
  const issued = parseHttpDate(issuedDate);
  if (issued === null) return null;
  const epoch = query.get('expires'); // S3 signature v2: seconds since the epoch
  if (epoch !== undefined && /^\d+$/.test(epoch)) return Math.round(Number(epoch) - issued / 1000);
  const azure = azureExpiry(query.get('se'));
  if (azure !== null) return Math.round((azure - issued) / 1000);
  return null;
}

/**
 * When a signed URL stops working, in ms since the epoch, from its own
 * parameters only; null when it is not signed or does not say. Each expiry is
 * read only beside its own scheme's signature: an `Expires` or `se` elsewhere
 * in a query is the application's, not the store's.
 */
export function signedUntil(url: URL): number | null {
  const query = queryKeys(url);
  const has = (key: string): boolean => (query.get(key) ?? '') !== '';
  // S3 v4 and GCS v4: when it was signed (X-Amz-Date, X-Goog-Date) and for how many seconds.
  for (const scheme of ['amz', 'goog']) {
    if (!has(`x-${scheme}-signature`)) continue;
    const signedAt = compactIsoDate(query.get(`x-${scheme}-date`));
    const seconds = query.get(`x-${scheme}-expires`);
    return signedAt !== null && seconds !== undefined && /^\d+$/.test(seconds) ? signedAt + Number(seconds) * 1000 : null;
  }
  const epoch = query.get('expires'); // S3 (and GCS) signature v2: seconds since the epoch
  if (has('signature')) return epoch !== undefined && /^\d+$/.test(epoch) ? Number(epoch) * 1000 : null;
  if (has('sig')) return azureExpiry(query.get('se')); // Azure SAS
  return null;
}

/** S3's and GCS's YYYYMMDDTHHMMSSZ, in ms since the epoch; null for anything else or an impossible date. */
function compactIsoDate(value: string | undefined): number | null {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value ?? '');
  if (!m) return null;
  const [year, month, day, hour, minute, second] = m.slice(1).map(Number) as [number, number, number, number, number, number];
  const ms = Date.UTC(year, month - 1, day, hour, minute, second);
  const back = new Date(ms);
  // Date.UTC rolls 20261332 over into the next year; a date that does not come back as written is no date.
  return back.getUTCMonth() === month - 1 && back.getUTCDate() === day && back.getUTCHours() === hour && back.getUTCMinutes() === minute && back.getUTCSeconds() === second ? ms : null;
}

/**
 * An Azure SAS `se`: an ISO 8601 date, or a date and time with its zone (Z or
 * an offset), in ms since the epoch; null otherwise. Date.parse alone is not
 * used: it reads "1" as the year 2001 and a time without a zone as local time.
 */
function azureExpiry(value: string | undefined): number | null {
  if (value === undefined || !/^\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2}))?$/.test(value)) return null;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? null : ms;
}

/**
 * How a URL names its bucket, from the host's shape on a well-known store:
 * 'path' (the first path segment is the bucket: the host is the service's
 * endpoint), 'virtual' (the host is the bucket), 'either' (the shape does not
 * say: an unknown host, a CNAME, an endpoint of a known store this does not
 * recognise), 'none' (Azure: listing needs `?comp=list`, another request).
 */
export type BucketAddressing = 'path' | 'virtual' | 'either' | 'none';

/**
 * Stores whose endpoint is a host beginning with "s3." or "s3-" (s3.amazonaws.com,
 * s3-eu-west-1.amazonaws.com, s3.eu-central-1.wasabisys.com, s3.fr-par.scw.cloud,
 * s3.us-west-004.backblazeb2.com); a virtual-hosted bucket is a name before it,
 * and that name may itself begin with s3- or s3. (s3-backups.s3.amazonaws.com).
 */
const S3_STYLE_DOMAINS = ['amazonaws.com', 'wasabisys.com', 'scw.cloud', 'backblazeb2.com'];
/**
 * Stores whose endpoint is one label (a region or an account) before the
 * domain (nyc3.digitaloceanspaces.com, us-east-1.linodeobjects.com,
 * <account>.r2.cloudflarestorage.com); a virtual-hosted bucket is a name
 * before that. R2's jurisdictions (<account>.eu.r2…) make two labels
 * ambiguous there: tried both ways.
 */
const REGION_STYLE_DOMAINS: readonly { readonly domain: string; readonly twoLabels: 'virtual' | 'either' }[] = [
  { domain: 'digitaloceanspaces.com', twoLabels: 'virtual' },
  { domain: 'linodeobjects.com', twoLabels: 'virtual' },
  { domain: 'r2.cloudflarestorage.com', twoLabels: 'either' },
];

/** The labels of `host` before `.${domain}`, or null when it is not under that domain. */
function labelsBefore(host: string, domain: string): string[] | null {
  return host.endsWith(`.${domain}`) ? host.slice(0, -domain.length - 1).split('.') : null;
}

export function bucketAddressing(url: URL): BucketAddressing {
  const host = url.hostname;
  if (host === 'blob.core.windows.net' || host.endsWith('.blob.core.windows.net')) return 'none';
  if (host === 'storage.googleapis.com') return 'path';
  if (host.endsWith('.storage.googleapis.com')) return 'virtual';
  for (const domain of S3_STYLE_DOMAINS) {
    const labels = labelsBefore(host, domain);
    if (labels === null) continue;
    // <bucket>.s3.<region>…, <bucket>.s3-<region>…, <bucket>.s3-website…: a name before an s3 label.
    if (labels.slice(1).some((label) => /^s3(?:$|-)/.test(label))) return 'virtual';
    if (/^s3(?:$|-)/.test(labels[0] ?? '')) return 'path';
    return 'either';
  }
  for (const { domain, twoLabels } of REGION_STYLE_DOMAINS) {
    const labels = labelsBefore(host, domain);
    if (labels === null) continue;
    return labels.length === 1 ? 'path' : labels.length === 2 ? twoLabels : 'either';
  }
  return 'either';
}

/**
 * Every root a bucket listing may answer at. On a well-known store the host's
 * shape usually says which (bucketAddressing). Elsewhere nothing does: a custom
 * domain or a CNAME is the bucket itself (listing at "/"), a path-style
 * endpoint (MinIO, Ceph, an S3-compatible service) puts the bucket in the first
 * segment; both are tried, path-style first.
 */
export function bucketRoots(url: URL): string[] {
  const segments = url.pathname.split('/').filter((s) => s !== '');
  const host = `${url.origin}/`;
  switch (bucketAddressing(url)) {
    case 'none':
      return [];
    case 'virtual':
      return [host];
    case 'path':
      return segments[0] === undefined ? [] : [`${url.origin}/${segments[0]}/`];
    case 'either':
      // A key at the root of a CNAME (/a.pdf) has no bucket segment before it.
      return [...(segments.length >= 2 ? [`${url.origin}/${segments[0]}/`] : []), host];
  }
}

/** Query keys that authenticate a URL (S3 v4 and v2, GCS, Azure SAS), lower-cased; a URL without them asks anonymously. */
const AUTH_KEYS = new Set(['awsaccesskeyid', 'signature', 'expires', 'sv', 'ss', 'srt', 'sp', 'se', 'st', 'spr', 'sig', 'sr', 'si']);
const AUTH_PREFIXES = ['x-amz-', 'x-goog-'];

function isAuthKey(key: string): boolean {
  const lower = key.toLowerCase();
  return AUTH_KEYS.has(lower) || AUTH_PREFIXES.some((p) => lower.startsWith(p));
}

/**
 * The query's key=value pairs as written, and each key decoded. Editing these
 * instead of searchParams keeps every other byte as the site wrote it:
 * URLSearchParams re-encodes the whole query (%20 becomes +, %2F may become /),
 * and a store checks the signature against the query it is sent.
 */
function rawQueryPairs(url: URL): { readonly raw: string; readonly key: string; readonly value: string }[] {
  if (url.search === '') return [];
  return url.search.slice(1).split('&').map((raw) => {
    const eq = raw.indexOf('=');
    const rawKey = eq === -1 ? raw : raw.slice(0, eq);
    return { raw, key: decodeQueryComponent(rawKey), value: eq === -1 ? '' : raw.slice(eq + 1) };
  });
}

function decodeQueryComponent(text: string): string {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    return text; // a malformed escape is no key this module knows
  }
}

function withRawQuery(url: URL, pairs: readonly string[]): URL {
  const edited = new URL(url.href);
  edited.search = pairs.length === 0 ? '' : `?${pairs.join('&')}`;
  return edited;
}

/** The URL without its signature and credentials: the object as an anonymous client asks for it. */
export function unsignedForm(url: URL): URL {
  return withRawQuery(url, rawQueryPairs(url).filter((pair) => !isAuthKey(pair.key)).map((pair) => pair.raw));
}

/** Which stored object a URL names, whatever signs it: origin and path. Two links with one identity serve one object. */
export function objectIdentity(url: URL): string {
  return `${url.origin}${url.pathname}`;
}

/**
 * The URL with its signature altered and everything else kept byte for byte
 * (same length, same alphabet: the signature's last character changed; a last
 * character written as an escape, base64's %3D, is replaced by another escape),
 * or null when it is not signed. A store that serves it does not check signatures.
 */
export function withTamperedSignature(url: URL): URL | null {
  const pairs = rawQueryPairs(url);
  const index = pairs.findIndex((pair) => SIGNATURE_KEYS.includes(pair.key.toLowerCase()));
  const pair = pairs[index];
  if (pair === undefined || pair.value === '') return null;
  const escaped = /%[0-9a-f]{2}$/i.test(pair.value);
  const last = escaped ? decodeQueryComponent(pair.value.slice(-3)) : (pair.value.at(-1) as string);
  const replacement = last === '0' ? '1' : /[0-9a-f]/.test(last) ? '0' : last === 'A' ? 'B' : 'A';
  const value = escaped ? `${pair.value.slice(0, -3)}%${replacement.charCodeAt(0).toString(16).toUpperCase()}` : `${pair.value.slice(0, -1)}${replacement}`;
  const rawKey = pair.raw.slice(0, pair.raw.length - pair.value.length);
  return withRawQuery(url, pairs.map((p, i) => (i === index ? `${rawKey}${value}` : p.raw)));
}

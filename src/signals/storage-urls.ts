// What an object storage URL says about itself, pure: whether it points at a
// bucket (S3, GCS, Azure Blob, Spaces, R2, B2, Wasabi, Linode, Scaleway, or an
// origin the run learned is storage), whether it is signed, for how long, where
// the bucket's root (its listing) may be, and the same URL with its signature
// altered or removed. Whether an answer came from storage: object-storage.ts.

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
 * An object store's URL: a known storage host, any host with a signed query
 * (MinIO, a custom domain), or an origin known to be storage (the config's
 * `storageOrigins`, or one whose answers carried a store's signs).
 */
export function isObjectStorage(url: URL, storageOrigins: ReadonlySet<string> = new Set()): boolean {
  return isKnownStorageHost(url) || isSignedUrl(url) || storageOrigins.has(url.origin);
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
  const azure = query.get('se'); // Azure SAS: an ISO 8601 expiry
  if (azure !== undefined && !Number.isNaN(Date.parse(azure))) return Math.round((Date.parse(azure) - issued) / 1000);
  return null;
}

/**
 * The URL whose GET lists the bucket's keys when the bucket is public. Path-style
 * hosts put the bucket in the first path segment; elsewhere the host is the
 * bucket. Null for Azure (listing needs `?comp=list`: a different request) and
 * for a path-style URL without a bucket.
 */
export function bucketRoot(url: URL): string | null {
  if (url.hostname.endsWith('blob.core.windows.net')) return null;
  const pathStyle = /^s3[.-]/.test(url.hostname) || url.hostname === 'storage.googleapis.com';
  if (!pathStyle) return `${url.origin}/`;
  const bucket = url.pathname.split('/')[1];
  return bucket ? `${url.origin}/${bucket}/` : null;
}

/**
 * Every root a bucket listing may answer at. On a well-known store the URL's
 * shape says which (bucketRoot). Elsewhere nothing does: a custom domain or a
 * CNAME is the bucket itself (listing at "/"), a path-style endpoint (MinIO,
 * Ceph, an S3-compatible service) puts the bucket in the first segment; both
 * are tried, path-style first.
 */
export function bucketRoots(url: URL): string[] {
  if (isKnownStorageHost(url)) {
    const root = bucketRoot(url);
    return root === null ? [] : [root];
  }
  const segments = url.pathname.split('/').filter((s) => s !== '');
  const pathStyle = segments.length >= 2 ? [`${url.origin}/${segments[0]}/`] : [];
  return [...pathStyle, `${url.origin}/`];
}

/** Query keys that authenticate a URL (S3 v4 and v2, GCS, Azure SAS), lower-cased; a URL without them asks anonymously. */
const AUTH_KEYS = new Set(['awsaccesskeyid', 'signature', 'expires', 'sv', 'ss', 'srt', 'sp', 'se', 'st', 'spr', 'sig', 'sr', 'si']);
const AUTH_PREFIXES = ['x-amz-', 'x-goog-'];

function isAuthKey(key: string): boolean {
  const lower = key.toLowerCase();
  return AUTH_KEYS.has(lower) || AUTH_PREFIXES.some((p) => lower.startsWith(p));
}

/** The URL without its signature and credentials: the object as an anonymous client asks for it. */
export function unsignedForm(url: URL): URL {
  const unsigned = new URL(url.href);
  for (const key of [...unsigned.searchParams.keys()]) if (isAuthKey(key)) unsigned.searchParams.delete(key);
  return unsigned;
}

/** Which stored object a URL names, whatever signs it: origin and path. Two links with one identity serve one object. */
export function objectIdentity(url: URL): string {
  return `${url.origin}${url.pathname}`;
}

/**
 * The URL with its signature altered and everything else kept (same length,
 * same alphabet: the last character changed), or null when it is not signed.
 * A store that serves it does not check signatures.
 */
export function withTamperedSignature(url: URL): URL | null {
  const key = [...url.searchParams.keys()].find((k) => SIGNATURE_KEYS.includes(k.toLowerCase()));
  const value = key === undefined ? undefined : url.searchParams.get(key);
  if (key === undefined || value === null || value === undefined || value === '') return null;
  const last = value.at(-1) as string;
  const replacement = last === '0' ? '1' : /[0-9a-f]/.test(last) ? '0' : last === 'A' ? 'B' : 'A';
  const tampered = new URL(url.href);
  tampered.searchParams.set(key, `${value.slice(0, -1)}${replacement}`);
  return tampered;
}

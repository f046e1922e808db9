// What an object storage URL says about itself, pure: whether it points at a
// bucket (S3, GCS, Azure Blob, Spaces, R2, B2, Wasabi, Linode, Scaleway), whether
// it is signed, for how long, and where the bucket's root (its listing) is.

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

/** An object store's URL: a known storage host, or any host with a signed query (MinIO, a custom domain). */
export function isObjectStorage(url: URL): boolean {
  return STORAGE_HOSTS.some((host) => url.hostname === host || url.hostname.endsWith(`.${host}`)) || isSignedUrl(url);
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

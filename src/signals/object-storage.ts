// Whether a response came from an object store, pure, on any host: S3 and
// every S3-compatible store (MinIO, Ceph RGW, R2, Spaces, moto…), Google Cloud
// Storage, Azure Blob. A bucket behind a CNAME or a custom domain has a name
// that says nothing; its answers still carry the store's request ids, its
// Server header or its XML error body. served-by weighs the same header clue.

import type { HeaderMap } from '../http/types.js';

export interface StorageClue {
  /** The header's name, or "body" for an error document. */
  readonly name: string;
  readonly value: string;
}

/**
 * Headers only object stores send, by exact name or by prefix. Whole families
 * (x-amz-*, x-ms-*) would take other services for storage: API Gateway's
 * x-amz-apigw-id (a Wagtail on Lambda or Zappa), CloudFront's x-amz-cf-*, the
 * x-ms-request-id of every Azure service (App Service, Functions).
 */
const STORAGE_HEADERS: ReadonlySet<string> = new Set([
  // S3 and S3-compatible stores (MinIO, Ceph RGW, R2, Spaces, moto…)
  'x-amz-request-id', 'x-amz-id-2', 'x-amz-version-id', 'x-amz-storage-class', 'x-amz-bucket-region', 'x-amz-expiration',
  'x-amz-restore', 'x-amz-replication-status', 'x-amz-website-redirect-location', 'x-amz-delete-marker',
  // Google Cloud Storage
  'x-goog-hash', 'x-goog-generation', 'x-goog-metageneration', 'x-goog-storage-class', 'x-guploader-uploadid',
  // Azure Blob Storage
  'x-ms-server-encrypted', 'x-ms-access-tier', 'x-ms-creation-time',
]);
const STORAGE_HEADER_PREFIXES: readonly string[] = [
  'x-amz-server-side-encryption', 'x-amz-meta-', 'x-amz-object-lock-', 'x-amz-checksum-',
  'x-goog-stored-', 'x-goog-meta-',
  'x-ms-blob-', 'x-ms-lease-',
];

/** A response header (lower-cased) that only an object store sends. */
export function isStorageHeader(name: string): boolean {
  return STORAGE_HEADERS.has(name) || STORAGE_HEADER_PREFIXES.some((prefix) => name.startsWith(prefix));
}

/** Server products that are object stores. */
export const STORAGE_SERVER = /^(?:AmazonS3|UploadServer|Windows-Azure-Blob|MinIO|Ceph|RustFS|SeaweedFS|Garage)\b/i;

/**
 * The error codes S3's XML error body names (GCS's XML API and Azure use the
 * same <Error><Code> shape): the answer to an anonymous or badly signed request
 * on a private bucket, or to a missing key.
 */
const STORAGE_ERROR_CODES = [
  'AccessDenied', 'AllAccessDisabled', 'NoSuchKey', 'NoSuchBucket', 'SignatureDoesNotMatch', 'InvalidAccessKeyId',
  'AuthorizationQueryParametersError', 'ExpiredToken', 'InvalidToken', 'RequestTimeTooSkewed', 'PermanentRedirect',
  'AuthenticationFailed', 'PublicAccessNotPermitted', 'ResourceNotFound', 'BlobNotFound', 'ContainerNotFound',
] as const;

const ERROR_BODY = new RegExp(`<Error>\\s*<Code>(${STORAGE_ERROR_CODES.join('|')})</Code>`);

/**
 * The ids these stores put on their answers: the clearest evidence, so named
 * first. Azure's x-ms-request-id is not one: every Azure service sends it.
 */
const REQUEST_ID_HEADERS = ['x-amz-request-id', 'x-amz-id-2', 'x-goog-generation', 'x-guploader-uploadid'];

/** A header only an object store sends, its request id when it sent one, or null. */
export function storageHeaderClue(headers: HeaderMap): StorageClue | null {
  const name = REQUEST_ID_HEADERS.find((h) => headers[h] !== undefined) ?? Object.keys(headers).find(isStorageHeader);
  return name === undefined ? null : { name, value: headers[name] ?? '' };
}

/** The storage error code an XML body names, or null. */
export function storageErrorCode(body: string): string | null {
  return ERROR_BODY.exec(body)?.[1] ?? null;
}

/** Every sign in a response that an object store produced it: its headers, its Server, its error body. */
export function storageClues(headers: HeaderMap, body = ''): StorageClue[] {
  const clues: StorageClue[] = [];
  const header = storageHeaderClue(headers);
  if (header) clues.push(header);
  const server = headers['server'];
  if (server !== undefined && server.split(/,\s*/).some((product) => STORAGE_SERVER.test(product.trim()))) clues.push({ name: 'server', value: server });
  const code = storageErrorCode(body);
  if (code !== null) clues.push({ name: 'body', value: `<Error><Code>${code}</Code>` });
  return clues;
}

/** The clues as one line of evidence: "x-amz-request-id: 4B2…, body <Error><Code>AccessDenied</Code>". */
export function describeClues(clues: readonly StorageClue[]): string {
  return clues.map((c) => (c.name === 'body' ? `the body's ${c.value}` : `${c.name}: ${c.value}`)).join(', ');
}

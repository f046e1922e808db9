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

/** Header families only object stores send (x-amz-cf-* is CloudFront's, a CDN's, not a bucket's). */
const STORAGE_HEADER_PREFIXES: readonly { readonly prefix: string; readonly except?: string }[] = [
  { prefix: 'x-amz-', except: 'x-amz-cf-' }, // S3 and S3-compatible: x-amz-request-id, x-amz-id-2, x-amz-bucket-region…
  { prefix: 'x-goog-' }, // Google Cloud Storage
  { prefix: 'x-ms-' }, // Azure Blob Storage
];

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

/** The request ids every answer of these stores carries: the clearest evidence, so named first. */
const REQUEST_ID_HEADERS = ['x-amz-request-id', 'x-amz-id-2', 'x-goog-generation', 'x-guploader-uploadid', 'x-ms-request-id'];

/** A header only an object store sends, its request id when it sent one, or null. */
export function storageHeaderClue(headers: HeaderMap): StorageClue | null {
  const id = REQUEST_ID_HEADERS.find((name) => headers[name] !== undefined);
  if (id !== undefined) return { name: id, value: headers[id] ?? '' };
  for (const { prefix, except } of STORAGE_HEADER_PREFIXES) {
    const name = Object.keys(headers).find((h) => h.startsWith(prefix) && !(except !== undefined && h.startsWith(except)));
    if (name !== undefined) return { name, value: headers[name] ?? '' };
  }
  return null;
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

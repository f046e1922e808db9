// Whether a folder's answer lists what is in it, pure: a web server's
// autoindex page or an object store's bucket listing. One classifier for every
// probe, so that one listing is one fault: media-offload reports autoindex
// pages of the media folders, document-privacy every bucket listing (it lists
// private documents' keys, on any host, custom domains included).

export type ListingKind = 'autoindex' | 'bucket';

export interface Listing {
  readonly kind: ListingKind;
  /** The marker the body matched, as evidence. */
  readonly marker: string;
}

const MARKERS: readonly { readonly kind: ListingKind; readonly pattern: RegExp }[] = [
  // S3 and every S3-compatible store (MinIO, Ceph, R2, Spaces…), and GCS's XML API.
  { kind: 'bucket', pattern: /<ListBucketResult[\s>]/ },
  // Azure Blob Storage's container listing (?restype=container&comp=list).
  { kind: 'bucket', pattern: /<EnumerationResults[\s>]/ },
  // GCS's JSON API listing.
  { kind: 'bucket', pattern: /"kind"\s*:\s*"storage#objects"/ },
  // nginx and Apache autoindex; Python's http.server.
  { kind: 'autoindex', pattern: /<title>\s*Index of /i },
  { kind: 'autoindex', pattern: /<h1>\s*Index of /i },
  { kind: 'autoindex', pattern: /Directory listing for /i },
  { kind: 'autoindex', pattern: /<a href="\.\.\/">/i },
];

/** Enough of a body to find any marker: they all sit in the first kilobyte or two. */
export const LISTING_PREFIX_BYTES = 4096;

/** The listing a 200 body shows, or null. */
export function listingIn(status: number, body: string): Listing | null {
  if (status !== 200) return null;
  const found = MARKERS.find(({ pattern }) => pattern.test(body));
  return found ? { kind: found.kind, marker: found.pattern.source } : null;
}

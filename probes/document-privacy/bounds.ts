// Bounds: a polite probe against production. Every request the probe sends is
// counted against one of these caps, which is what makes meta.maxRequests exact.

/** Pages of the documents API read at most; its default page is 20 items. */
export const MAX_API_PAGES = 10;
/**
 * Requests of its own about documents at most, across the run, drawn from one
 * shared RequestBudget: serve URL re-reads (canaries included, and the second
 * read after a transport redirect), private file URLs tried, the documents-folder test.
 */
export const MAX_DOCUMENT_REQUESTS = 60;
/** Bucket roots asked for a listing at most: two buckets, each path-style and virtual-hosted where its host does not say which. */
export const MAX_BUCKET_CHECKS = 4;

/**
 * The worst case: 10 API pages + 60 document requests + 4 bucket roots = 74.
 * Canaries add nothing of their own: their re-reads and file URLs come out of
 * the 60, and a canary past the cap is reported as not checked (checksCapped).
 */
export const MAX_REQUESTS = MAX_API_PAGES + MAX_DOCUMENT_REQUESTS + MAX_BUCKET_CHECKS;

/** django-storages' default signed-URL lifetime (AWS_QUERYSTRING_EXPIRE); longer is a choice worth flagging. */
export const SIGNED_URL_MAX_SECONDS = 3600;
/** Names shown in a grouped message; the evidence lists the rest. */
export const MAX_NAMES_SHOWN = 10;
export const MAX_EVIDENCE_PER_GROUP = 25;

/** The MAX_DOCUMENT_REQUESTS still to spend: each document request takes one first. */
export class RequestBudget {
  constructor(private left: number) {}
  take(): boolean {
    if (this.left <= 0) return false;
    this.left -= 1;
    return true;
  }
}
/** Signed storage links tried with their signature altered, at most (each takes one document request). */
export const MAX_SIGNATURE_CHECKS = 2;

// Wagtail's API v2 documents endpoint (wagtail.api.v2, DocumentsAPIViewSet),
// where projects mount it: `{ meta: { total_count }, items: [{ id, meta: {
// download_url } }] }`, paged with `?offset=` (the default page size, 20, fits
// any WAGTAILAPI_LIMIT_MAX). Pure: the probe fetches, this reads.

/** Where projects mount the endpoint (`api_router.register_endpoint('documents', …)` under `api/v2/`). */
export const DOCUMENTS_API_PATH = '/api/v2/documents/';

export interface DocumentsApiItem {
  readonly id: number;
  /** meta.download_url resolved against the page's URL (the serve URL, or the file URL with the direct method), or null. */
  readonly downloadUrl: string | null;
}

export interface DocumentsApiPage {
  readonly items: readonly DocumentsApiItem[];
  /** meta.total_count, or the items on this page when the API does not say. */
  readonly total: number;
}

/** The URL of the page that starts at `offset` (the first page has no offset parameter). */
export function documentsApiPageUrl(siteUrl: string, offset: number): string {
  const url = new URL(DOCUMENTS_API_PATH, siteUrl);
  if (offset > 0) url.searchParams.set('offset', String(offset));
  return url.href;
}

/** One page of the listing, or null when the body is not one (not JSON, no `items` array). Items without a numeric id are left out. */
export function parseDocumentsApiPage(json: string, pageUrl: string): DocumentsApiPage | null {
  let body: unknown;
  try {
    body = JSON.parse(json);
  } catch {
    return null;
  }
  if (typeof body !== 'object' || body === null || !Array.isArray((body as { items?: unknown }).items)) return null;
  const { items, meta } = body as { items: unknown[]; meta?: { total_count?: unknown } };
  const parsed = items.flatMap((item) => {
    if (typeof item !== 'object' || item === null) return [];
    const { id, meta: itemMeta } = item as { id?: unknown; meta?: { download_url?: unknown } };
    if (typeof id !== 'number') return [];
    return [{ id, downloadUrl: typeof itemMeta?.download_url === 'string' ? resolved(itemMeta.download_url, pageUrl) : null }];
  });
  const total = typeof meta?.total_count === 'number' ? meta.total_count : parsed.length;
  return { items: parsed, total };
}

/** The URL resolved against the API page; null when the site published something that is no URL (it must not crash the probe). */
function resolved(url: string, base: string): string | null {
  try {
    return new URL(url, base).href;
  } catch {
    return null;
  }
}

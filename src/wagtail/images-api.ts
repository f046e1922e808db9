// Wagtail's API v2 images endpoint (wagtail.images.api.v2, ImagesAPIViewSet),
// where projects mount it next to the documents endpoint: `{ meta: {
// total_count }, items: [{ id, title, meta: { download_url } }] }`. An image's
// download_url is `image.file.url`: the original's own URL (relative on local
// storage, absolute on object storage), named exactly as stored, however
// Wagtail shortened it. Pure: the probe fetches, this reads.

/** Where projects mount it (`api_router.register_endpoint('images', ImagesAPIViewSet)` under `api/v2/`, as the documents one). */
export const IMAGES_API_PATH = '/api/v2/images/';

/**
 * Items read from one listing at most. Wagtail's default page is
 * min(20, WAGTAILAPI_LIMIT_MAX), so the first page needs no `?limit=`: asking
 * for 20 would be refused (400) where the site set a smaller maximum.
 */
export const MAX_LISTED_IMAGES = 20;

export interface ImagesApiImage {
  /** The image's id, when the item has a numeric one (only shown in notes). */
  readonly id: number | null;
  /** meta.download_url resolved against the listing's URL. */
  readonly downloadUrl: string;
}

/** The first page of the listing: Wagtail's default page size, never more. */
export function imagesApiUrl(siteUrl: string): string {
  return new URL(IMAGES_API_PATH, siteUrl).href;
}

/**
 * The originals' URLs one listing page names, in the listing's order, at most
 * MAX_LISTED_IMAGES; null when the body is no listing (not JSON, no `items`
 * array: a 200 HTML page, an error object). Items without a usable
 * download_url are left out, not fatal: the site controls these bytes.
 */
export function parseImagesApiListing(json: string, listingUrl: string): ImagesApiImage[] | null {
  let body: unknown;
  try {
    body = JSON.parse(json);
  } catch {
    return null;
  }
  if (typeof body !== 'object' || body === null || !Array.isArray((body as { items?: unknown }).items)) return null;
  const images: ImagesApiImage[] = [];
  for (const item of (body as { items: unknown[] }).items.slice(0, MAX_LISTED_IMAGES)) {
    if (typeof item !== 'object' || item === null) continue;
    const { id, meta } = item as { id?: unknown; meta?: unknown };
    const raw = typeof meta === 'object' && meta !== null ? (meta as { download_url?: unknown }).download_url : undefined;
    const downloadUrl = typeof raw === 'string' && raw !== '' ? resolved(raw, listingUrl) : null;
    if (downloadUrl === null) continue;
    images.push({ id: typeof id === 'number' && Number.isInteger(id) ? id : null, downloadUrl });
  }
  return images;
}

/** An http(s) URL resolved against the listing; null for anything else (`javascript:`, garbage), which must not crash the probe. */
function resolved(url: string, base: string): string | null {
  try {
    const absolute = new URL(url, base);
    return absolute.protocol === 'http:' || absolute.protocol === 'https:' ? absolute.href : null;
  } catch {
    return null;
  }
}

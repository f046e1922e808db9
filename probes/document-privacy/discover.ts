// Which documents exist: those the crawl met (serve URLs, and files pages link
// themselves), the operator's canaries, and what Wagtail's documents API lists.

import { READ, type FetchResponse, type FetchResult, type SiteModel } from '../../src/probe-kit/index.js';
import { parseDocumentServeUrl } from '../../src/wagtail/documents.js';
import { documentsApiPageUrl, parseDocumentsApiPage, type DocumentsApiItem } from '../../src/wagtail/documents-api.js';
import { MAX_API_PAGES } from './bounds.js';
import type { DocumentRef } from './facts.js';
import type { Context } from './messages.js';

export interface ApiItem extends DocumentsApiItem {
  /** The API page that listed it. */
  readonly listedAt: FetchResponse;
}

export interface ApiListing {
  readonly items: readonly ApiItem[];
}

/** The serve URL's id, and the file name as the URL spells it (the file URL is built from it). */
function idAndFilename(url: string): { id: number | null; filename: string } {
  const path = new URL(url).pathname;
  return { id: parseDocumentServeUrl(url)?.id ?? null, filename: path.slice(path.lastIndexOf('/') + 1) };
}

/** Documents the crawl met, then the canaries (marking those it met), keyed by URL. */
export function documentsOnSite(site: SiteModel, canaries: readonly string[]): Map<string, DocumentRef> {
  const docs = new Map<string, DocumentRef>();
  for (const resource of site.resources) {
    if (resource.kind !== 'document' && resource.kind !== 'document-file') continue;
    // A file URL met only as a redirect target is the redirect method's doing, not a page's link.
    if (resource.kind === 'document-file' && !resource.referencedFrom.some((r) => r.via !== 'redirect' && r.via !== 'seed')) continue;
    docs.set(resource.url, {
      url: resource.url,
      ...idAndFilename(resource.url),
      canary: false,
      linkedFile: resource.kind === 'document-file',
      referrer: resource.referencedFrom.find((r) => r.from !== '')?.from,
      crawled: resource.response,
    });
  }
  // An HTML document linked as a file (the direct method) is met before MEDIA_URL is
  // known, so the crawler fetches it as a page: it is a linked document all the same.
  const documentsFolder = site.mediaUrl ? new URL('documents/', site.mediaUrl.url).href : null;
  for (const page of site.pages) {
    if (documentsFolder === null || !page.url.startsWith(documentsFolder) || docs.has(page.url)) continue;
    if (!page.referencedFrom.some((r) => r.via === 'a')) continue;
    docs.set(page.url, {
      url: page.url,
      ...idAndFilename(page.url),
      canary: false,
      linkedFile: true,
      referrer: page.referencedFrom.find((r) => r.from !== '')?.from,
      crawled: page.response,
    });
  }
  for (const raw of canaries) {
    let url: string;
    try {
      url = new URL(raw, site.target).href;
    } catch {
      continue;
    }
    const known = docs.get(url);
    if (known) {
      known.canary = true;
      continue;
    }
    docs.set(url, { url, ...idAndFilename(url), canary: true, linkedFile: false, referrer: undefined, crawled: crawledRecord(site, url) });
  }
  return docs;
}

function crawledRecord(site: SiteModel, url: string): FetchResult | null {
  return site.resources.find((r) => r.url === url)?.response ?? null;
}

/** Reads the documents API page by page, at most MAX_API_PAGES requests; stops at total_count or the first page that is not a listing. */
export async function fetchDocumentsApi(site: SiteModel, ctx: Context): Promise<ApiListing> {
  const items: ApiItem[] = [];
  for (let page = 0; page < MAX_API_PAGES; page++) {
    const result = await ctx.fetch(documentsApiPageUrl(site.target, items.length), { body: READ.json });
    if (!result.ok || result.status !== 200 || result.text === undefined) break;
    const listing = parseDocumentsApiPage(result.text, result.url);
    if (listing === null) break;
    items.push(...listing.items.map((item) => ({ ...item, listedAt: result })));
    if (listing.items.length === 0 || items.length >= listing.total) break;
  }
  return { items };
}

/** API documents with a serve URL on the site not met on pages are examined too; file URLs (the direct method) only count for the listing rule. */
export function addApiDocuments(docs: Map<string, DocumentRef>, api: ApiListing, site: SiteModel): void {
  for (const item of api.items) {
    if (item.downloadUrl === null || docs.has(item.downloadUrl)) continue;
    if (!site.origins.includes(new URL(item.downloadUrl).origin) || parseDocumentServeUrl(item.downloadUrl) === null) continue;
    const url = item.downloadUrl;
    docs.set(url, { url, id: item.id, filename: idAndFilename(url).filename, canary: false, linkedFile: false, referrer: undefined, crawled: crawledRecord(site, url) });
  }
}

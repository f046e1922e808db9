// The SiteModel: everything one crawl learned about a site, as plain data.
// Probes read it and never change it; the crawler builds it and knows nothing
// of any probe. It serialises to JSON as it is.

import type { FetchResult } from '../http/types.js';

/** How a URL was met. */
export type ReferenceVia =
  | 'seed' // start URL, admin login, config seeds
  | 'sitemap'
  | 'a' // a[href]
  | 'link' // link[href] (rel says which kind)
  | 'script' // script[src]
  | 'img' // img[src]
  | 'srcset' // img[srcset] or source[srcset]
  | 'og:image' // meta property=og:image
  | 'style' // url() in a style attribute or <style>
  | 'redirect'; // Location of a crawled response

export interface Reference {
  /** Page URL the reference was found on ('' for seeds and config). */
  readonly from: string;
  readonly via: ReferenceVia;
  /** link rel, e.g. "stylesheet", "icon", "preload"; absent elsewhere. */
  readonly rel?: string;
}

/**
 * What a URL is, from its path and the site's STATIC_URL / MEDIA_URL
 * (learned during the crawl or configured). Decided once the crawl is done.
 */
export type ResourceKind =
  | 'static' // under STATIC_URL
  | 'document' // Wagtail serve URL: /documents/<id>/<filename>
  | 'document-file' // MEDIA_URL + documents/...: the file itself
  | 'rendition' // MEDIA_URL + images/...
  | 'original-image' // MEDIA_URL + original_images/...
  | 'media' // anything else under MEDIA_URL
  | 'image-serve' // Wagtail's dynamic image view /images/<signature>/<id>/<spec>/<name>
  | 'asset' // stylesheet, script, icon, preload outside STATIC_URL (third-party or elsewhere)
  | 'image' // an image outside MEDIA_URL
  | 'other';

export interface ResourceRecord {
  /** Normalised absolute URL (fragment dropped, default port dropped). */
  readonly url: string;
  readonly kind: ResourceKind;
  /** True when the URL's origin is one of the site's own origins. */
  readonly sameOrigin: boolean;
  /** Where it was met: the first few references, so every finding can name a page. */
  readonly referencedFrom: readonly Reference[];
  /** How many references there were in all (referencedFrom is capped). */
  readonly referenceCount: number;
  /** The response as fetched by the crawler, or null when not fetched (sampled out, limit reached). */
  readonly response: FetchResult | null;
  /** Why it was not fetched, when response is null. */
  readonly notFetchedReason?: string;
  /**
   * What the final URL is, when the response was redirected to another URL
   * (a document serve view with WAGTAILDOCS_SERVE_METHOD "redirect" landing on
   * MEDIA_URL, the image serve view's redirect action): classified with the
   * same bases as every other URL, so no probe classifies URLs itself.
   */
  readonly landedKind?: ResourceKind | 'page';
}

export interface FormFacts {
  readonly action: string;
  readonly method: string;
  /** Names of the inputs, e.g. "csrfmiddlewaretoken", "password". */
  readonly inputNames: readonly string[];
}

/** Facts a probe needs from a page's HTML, extracted once so the HTML itself is not kept. */
export interface PageFacts {
  readonly title: string | null;
  readonly forms: readonly FormFacts[];
  /** Wagtail's user bar markup was present (an editor's view of the page). */
  readonly hasWagtailUserbar: boolean;
  /** Django's technical (DEBUG) page markers found in the body. */
  readonly hasDjangoDebugPage: boolean;
  /** How many URLs the page referenced (before dedup). */
  readonly outgoingReferences: number;
  /** The declared or detected charset used to decode the page. */
  readonly charset: string;
}

export interface PageRecord {
  readonly url: string;
  readonly depth: number;
  readonly referencedFrom: readonly Reference[];
  readonly referenceCount: number;
  readonly response: FetchResult;
  /** Null when the response was not HTML or could not be read. */
  readonly facts: PageFacts | null;
  /** The role a page plays for the probes. */
  readonly role: 'admin-login' | 'content' | 'seed';
}

/** A base URL the crawler knows, and how it came to know it. */
export interface LearnedUrl {
  readonly url: string;
  readonly source: 'config' | 'admin-assets' | 'renditions';
}

/** What the crawl itself knows of its coverage (the client's request counts are the run's, not the model's). */
export interface CrawlStats {
  readonly pagesQueued: number;
  /** Pages seen but not fetched because of --max-pages or depth. */
  readonly pagesSkipped: number;
  /** Links and redirects left out because following them could change state. */
  readonly unsafeLinksSkipped: number;
  readonly durationMs: number;
  /** Set on a smoke-mode crawl only: what its sample of pages covered and left out. */
  readonly smoke?: SmokeCoverage;
}

/** What a smoke-mode crawl read: one or more pages of every page type, asset set and path shape it met. */
export interface SmokeCoverage {
  /** Pages read by the sampler (seeds, canaries and redirect hops are read besides). */
  readonly pagesSampled: number;
  /** Page types (a `template-<model>` body class, else a URL shape such as "/blog/ depth 2") and pages read of each. */
  readonly pageTypes: readonly { readonly key: string; readonly pages: number }[];
  /** Distinct sorted sets of /static/ URLs the pages read referenced, and pages read with each. */
  readonly assetSets: readonly { readonly assets: readonly string[]; readonly pages: number }[];
  /** Document and media path shapes met, e.g. "https://example.com/documents/#/*.pdf". */
  readonly pathShapes: readonly string[];
  /** Pages met and left out by the sample (not fetched). */
  readonly pagesNotVisited: number;
  /** Why it stopped: `patience` pages in a row showed nothing new, or no page met was left to read. */
  readonly stoppedBy: 'nothing-new' | 'frontier-empty';
  readonly patience: number;
}

/**
 * The crawled pages, in the order they returned: iterated, not indexed. Past a
 * thousand pages a crawl's records are read back from a scratch file as they
 * are iterated (page-store.ts), so a probe goes through them and keeps what it
 * needs, never all of them. An array is a PageList too.
 */
export interface PageList extends Iterable<PageRecord> {
  readonly length: number;
}

export interface SiteModel {
  /** The start URL as normalised. */
  readonly target: string;
  /** Origins the crawler recursed within. */
  readonly origins: readonly string[];
  readonly adminLoginUrl: string;
  readonly staticUrl: LearnedUrl | null;
  readonly mediaUrl: LearnedUrl | null;
  readonly pages: PageList;
  readonly resources: readonly ResourceRecord[];
  /** Sitemap URLs read (from robots.txt and /sitemap.xml). */
  readonly sitemaps: readonly string[];
  readonly startedAt: string;
  readonly stats: CrawlStats;
}

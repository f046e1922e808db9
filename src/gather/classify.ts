// What a URL is, decided from its path and the site's STATIC_URL / MEDIA_URL,
// and how to learn those two bases from the URLs a crawl met. Pure functions of
// strings: the crawler calls them once the crawl has seen enough.

import type { ReferenceVia, ResourceKind } from './model.js';
import { isDocumentServeUrl } from '../wagtail/documents.js';
import { isImageServePath } from '../wagtail/image-serve.js';
import { isRenditionName } from '../wagtail/renditions.js';
import { isUnder } from './urls.js';

export interface SiteBases {
  /** Origins the crawler recurses within (`https://host:port`). */
  readonly origins: readonly string[];
  /** Absolute STATIC_URL ending in '/', or null when unknown. */
  readonly staticUrl: string | null;
  /** Absolute MEDIA_URL ending in '/', or null when unknown. */
  readonly mediaUrl: string | null;
}

const IMAGE_EXTENSIONS = new Set(['jpg', 'jpeg', 'png', 'gif', 'webp', 'avif', 'svg', 'ico', 'bmp', 'tif', 'tiff', 'heic']);
const ASSET_EXTENSIONS = new Set(['css', 'js', 'mjs', 'map', 'woff', 'woff2', 'ttf', 'otf', 'eot', 'webmanifest']);
/** Downloads: files a link points at that are neither pages nor page assets. */
const FILE_EXTENSIONS = new Set([
  'pdf', 'zip', 'gz', 'tgz', 'tar', 'rar', '7z', 'doc', 'docx', 'xls', 'xlsx', 'ppt', 'pptx',
  'odt', 'ods', 'odp', 'csv', 'txt', 'rtf', 'epub', 'mp3', 'mp4', 'm4a', 'webm', 'mov', 'avi', 'ogg', 'wav',
]);

const EMBEDDED_IMAGE_VIA: ReadonlySet<ReferenceVia> = new Set(['img', 'srcset', 'og:image']);
const PAGE_ASSET_VIA: ReadonlySet<ReferenceVia> = new Set(['link', 'script', 'style']);

/**
 * The kind of a URL, or 'page' for a same-origin URL the crawler should fetch
 * as a page. Checked in this order: STATIC_URL, MEDIA_URL (documents/,
 * images/, original_images/, else media), Wagtail's document and image serve
 * views on a site origin, then how the URL was met. Links to other origins
 * are 'other': the crawler never leaves the site.
 */
export function classifyResource(url: string, via: ReferenceVia, bases: SiteBases): ResourceKind | 'page' {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return 'other';
  }
  if (bases.staticUrl !== null && isUnder(url, bases.staticUrl)) return 'static';
  if (bases.mediaUrl !== null && isUnder(url, bases.mediaUrl)) return mediaKind(parsed, bases.mediaUrl);

  const onSite = bases.origins.includes(parsed.origin);
  if (onSite && isDocumentServeUrl(parsed.pathname)) return 'document';
  if (onSite && isImageServePath(parsed.pathname)) return 'image-serve';
  if (EMBEDDED_IMAGE_VIA.has(via)) return 'image';
  if (PAGE_ASSET_VIA.has(via)) return 'asset';

  // Reached by a link, a sitemap, a seed or a redirect.
  if (!onSite) return 'other';
  const extension = extensionOf(parsed.pathname);
  if (IMAGE_EXTENSIONS.has(extension)) return 'image';
  if (ASSET_EXTENSIONS.has(extension)) return 'asset';
  if (FILE_EXTENSIONS.has(extension)) return 'other';
  return 'page';
}

function mediaKind(url: URL, mediaUrl: string): ResourceKind {
  // isUnder read a prefix without a trailing slash as a folder: so do we.
  const rest = url.pathname.slice(new URL(mediaUrl).pathname.length).replace(/^\//, '');
  if (rest.startsWith('documents/')) return 'document-file';
  if (rest.startsWith('images/')) return 'rendition';
  if (rest.startsWith('original_images/')) return 'original-image';
  return 'media';
}

/** Lower-cased extension of the last path segment, '' when none. */
function extensionOf(pathname: string): string {
  const segment = pathname.slice(pathname.lastIndexOf('/') + 1);
  const dot = segment.lastIndexOf('.');
  return dot <= 0 ? '' : segment.slice(dot + 1).toLowerCase();
}

// ---------------------------------------------------------------------------
// Learning STATIC_URL and MEDIA_URL from URLs met during the crawl.

const ADMIN_FOLDER = '/wagtailadmin/';

/**
 * STATIC_URL as the prefix before `wagtailadmin/` in the path of an admin
 * asset (`https://cdn.example.com/static/wagtailadmin/css/core.1a2b3c4d5e6f.css`
 * gives `https://cdn.example.com/static/`). The most common prefix wins (ties:
 * the first met); null when no URL looks like an admin asset.
 */
export function learnStaticUrl(urls: Iterable<string>): string | null {
  return mostCommon(urls, (url) => {
    // A file (it has an extension) somewhere under STATIC_URL + 'wagtailadmin/':
    // admin CSS, JS, fonts, images; not the admin's own pages such as /admin/.
    const at = url.pathname.indexOf(ADMIN_FOLDER);
    if (at < 0 || extensionOf(url.pathname) === '') return null;
    return `${url.origin}${url.pathname.slice(0, at + 1)}`;
  });
}

const RENDITION = /^(.*\/)images\/([^/]+)$/;
const ORIGINAL = /^(.*\/)original_images\/([^/]+)$/;

/**
 * MEDIA_URL as the prefix before `images/` of a Wagtail rendition URL, or
 * before `original_images/` of an original image. The most common prefix wins
 * (ties: the first met); null when none looks like one.
 */
export function learnMediaUrl(urls: Iterable<string>): string | null {
  return mostCommon(urls, (url) => {
    const rendition = RENDITION.exec(url.pathname);
    if (rendition && isRenditionName(rendition[2] as string)) return `${url.origin}${rendition[1]}`;
    const original = ORIGINAL.exec(url.pathname);
    if (original && IMAGE_EXTENSIONS.has(extensionOf(original[2] as string))) return `${url.origin}${original[1]}`;
    return null;
  });
}

/** The prefix `prefixOf` finds most often among the http(s) URLs; ties go to the first met. */
function mostCommon(urls: Iterable<string>, prefixOf: (url: URL) => string | null): string | null {
  const counts = new Map<string, number>();
  for (const raw of urls) {
    let url: URL;
    try {
      url = new URL(raw);
    } catch {
      continue;
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') continue;
    const prefix = prefixOf(url);
    if (prefix !== null) counts.set(prefix, (counts.get(prefix) ?? 0) + 1);
  }
  let best: string | null = null;
  let bestCount = 0;
  for (const [prefix, count] of counts) {
    if (count > bestCount) {
      best = prefix;
      bestCount = count;
    }
  }
  return best;
}

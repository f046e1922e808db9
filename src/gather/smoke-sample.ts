// Smoke mode's sampler: which pages a post-deploy gate reads. Wagtail renders
// each page type with its own template, so a fault of one page of a type is
// usually a fault of all of them; a fault of one static-asset set (a bundle
// missing from the manifest) is a fault of every page that loads it; a
// document or media fault follows the path shape the storage gives files.
// So pages are read until new pages stop showing a new page type, asset set or
// path shape, and every page not read is counted, never hidden.
//
// Keys are pure functions of what a page's extraction found; the sampler
// holds the frontier (pages met, not read) and decides what to read next.

import type { SmokeCoverage } from './model.js';
import { compareText } from '../text-order.js';

/** Pages read in a row that showed nothing new, after which the sample stops. */
export const DEFAULT_SMOKE_PATIENCE = 20;

/** What one read page showed the sampler. */
export interface SampledPage {
  readonly url: string;
  /** Wagtail's `template-<model>` body class, when the page has one. */
  readonly templateClass: string | null;
  /** Every URL the page references that is not a page: assets, images, documents. */
  readonly resourceUrls: readonly string[];
}

/** The page type: Wagtail's template body class, else the URL's shape (path depth and first segment). */
export function pageTypeKey(url: string, templateClass: string | null): string {
  if (templateClass !== null) return templateClass;
  return urlShapeKey(url);
}

/** A page URL's shape: `/blog/ depth 3` for /blog/2024/post/, `/ depth 0` for the root. */
export function urlShapeKey(url: string): string {
  const segments = new URL(url).pathname.split('/').filter(Boolean);
  const first = segments[0];
  return first === undefined ? '/ depth 0' : `/${first}/ depth ${segments.length}`;
}

/** True for a URL served from a Django static files folder (`…/static/…`). */
export function isStaticUrl(url: string): boolean {
  return new URL(url).pathname.includes('/static/');
}

/** A page's static-asset set: the sorted /static/ URLs it references, one string. */
export function assetSetKey(resourceUrls: readonly string[]): string {
  return [...new Set(resourceUrls.filter(isStaticUrl))].sort().join(' ');
}

/**
 * A document or media URL's path shape: folders with a digit become `#` (ids,
 * dates, hashed folders), the file name `*` with its extension kept:
 * /documents/12/report.pdf is `/documents/#/*.pdf`,
 * /media/images/photo.fill-300x200.jpg is `/media/images/*.jpg`.
 * Null for static assets (their key is the asset set).
 */
export function pathShapeKey(url: string): string | null {
  if (isStaticUrl(url)) return null;
  const parsed = new URL(url);
  const segments = parsed.pathname.split('/');
  const file = segments.pop() ?? '';
  const dot = file.lastIndexOf('.');
  const folders = segments.map((s) => (/\d/.test(s) ? '#' : s)).join('/');
  return `${parsed.origin}${folders}/*${dot > 0 ? file.slice(dot).toLowerCase() : ''}`;
}

export interface FrontierPage {
  readonly url: string;
}

/**
 * Smoke mode's frontier. Pages met are offered (breadth-first, as met); the
 * next page read is one of a URL shape not read yet if there is one (a new
 * shape is the likeliest new template), else the oldest offered. Once
 * `patience` pages in a row showed no new page type, asset set or path shape,
 * no more are read: the sample is bounded by (novelties + 1) x patience pages.
 */
export class SmokeSampler<P extends FrontierPage> {
  private readonly pageTypes = new Map<string, number>();
  private readonly assetSets = new Map<string, number>();
  private readonly pathShapes = new Set<string>();
  private readonly shapesTaken = new Set<string>();
  /** Pages of a URL shape none read or taken has, one per shape, in the order met. */
  private readonly newShapes = new Map<string, P>();
  /** Every other page offered and not taken, in the order met (read by index). */
  private readonly backlog: P[] = [];
  private backlogHead = 0;
  private sinceNew = 0;
  private pagesRead = 0;

  constructor(private readonly patience: number = DEFAULT_SMOKE_PATIENCE) {
    if (!Number.isInteger(patience) || patience < 1) throw new RangeError(`smoke patience must be a positive integer, got ${patience}`);
  }

  /** True once `patience` pages in a row showed nothing new: the sample takes no more. */
  get saturated(): boolean {
    return this.sinceNew >= this.patience;
  }

  offer(page: P): void {
    const shape = urlShapeKey(page.url);
    if (!this.shapesTaken.has(shape) && !this.newShapes.has(shape)) this.newShapes.set(shape, page);
    else this.backlog.push(page);
  }

  /** The next page to read, or null when there is none worth reading (now: more may be offered). */
  take(): P | null {
    if (this.saturated) return null;
    for (const [shape, page] of this.newShapes) {
      this.newShapes.delete(shape);
      this.shapesTaken.add(shape);
      return page;
    }
    if (this.backlogHead >= this.backlog.length) return null;
    const page = this.backlog[this.backlogHead] as P;
    this.backlogHead += 1;
    this.shapesTaken.add(urlShapeKey(page.url));
    // Let the consumed prefix be collected on large sites.
    if (this.backlogHead > 1024 && this.backlogHead * 2 > this.backlog.length) {
      this.backlog.splice(0, this.backlogHead);
      this.backlogHead = 0;
    }
    return page;
  }

  /**
   * Records what a taken page showed (null: nothing to read, a failure or not
   * HTML); returns true when it added a page type, asset set or path shape.
   */
  record(page: SampledPage | null): boolean {
    this.pagesRead += 1;
    if (page === null) {
      this.sinceNew += 1;
      return false;
    }
    let added = count(this.pageTypes, pageTypeKey(page.url, page.templateClass));
    added = count(this.assetSets, assetSetKey(page.resourceUrls)) || added;
    for (const url of page.resourceUrls) {
      const shape = pathShapeKey(url);
      if (shape === null || this.pathShapes.has(shape)) continue;
      this.pathShapes.add(shape);
      added = true;
    }
    this.sinceNew = added ? 0 : this.sinceNew + 1;
    return added;
  }

  /** Pages offered and never taken. */
  get notTaken(): number {
    return this.newShapes.size + this.backlog.length - this.backlogHead;
  }

  coverage(): SmokeCoverage {
    return {
      pagesSampled: this.pagesRead,
      pageTypes: [...this.pageTypes].map(([key, pages]) => ({ key, pages })).sort((a, b) => compareText(a.key, b.key)),
      assetSets: [...this.assetSets].map(([key, pages]) => ({ assets: key === '' ? [] : key.split(' '), pages })),
      pathShapes: [...this.pathShapes].sort(),
      pagesNotVisited: this.notTaken,
      stoppedBy: this.saturated ? 'nothing-new' : 'frontier-empty',
      patience: this.patience,
    };
  }
}

/** Counts one more page for `key`; true when the key is new. */
function count(map: Map<string, number>, key: string): boolean {
  const seen = map.get(key);
  map.set(key, (seen ?? 0) + 1);
  return seen === undefined;
}

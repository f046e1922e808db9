// The crawler: one polite pass over the site that builds the SiteModel.
//
// Two phases, so that every decision that depends on what the whole crawl
// learned (MEDIA_URL, STATIC_URL, which media to sample) is made once:
//   1. pages: seeds, sitemaps, then breadth-first within the site's origins;
//      every reference met is recorded, pages are queued, nothing else fetched;
//   2. resources: classified with the learned bases, media sampled
//      deterministically, then each fetched with a body policy fit for its kind.
// The HTTP client bounds requests per host; the crawler bounds its own work in
// flight so a 10k-page site never becomes 10k pending promises.

import type { BodyPolicy, FetchResult, HttpClient } from '../http/types.js';
import type {
  LearnedUrl,
  PageFacts,
  PageRecord,
  Reference,
  ReferenceVia,
  ResourceKind,
  ResourceRecord,
  SiteModel,
} from '../model.js';
import type { RunOptions } from '../options.js';
import { classifyResource, learnMediaUrl, learnStaticUrl, type SiteBases } from './classify.js';
import { extractPage } from './extract.js';
import { parseRobotsTxt, parseSitemapXml } from './sitemap.js';
import { absoluteBase, normaliseUrl, originOf } from './urls.js';
import { WorkPool } from './work-pool.js';

/** References kept per URL: enough to name a page in every finding, bounded for memory. */
const MAX_REFERENCES_KEPT = 5;
/** Sitemaps read at most (indexes can nest). */
const MAX_SITEMAPS = 20;

export type CrawlEvent =
  | { readonly type: 'started'; readonly target: string }
  | { readonly type: 'fetched'; readonly url: string; readonly status: number | null; readonly error?: string; readonly pages: number; readonly queued: number }
  | { readonly type: 'phase'; readonly phase: 'pages' | 'resources'; readonly queued: number }
  | { readonly type: 'finished'; readonly pages: number; readonly resources: number; readonly durationMs: number };

export interface CrawlHooks {
  onEvent?(event: CrawlEvent): void;
}

interface Referenced {
  readonly url: string;
  referencedFrom: Reference[];
  referenceCount: number;
}

interface PendingResource extends Referenced {
  /** How it was first met: decides what it is when the path alone cannot. */
  via: ReferenceVia;
}

interface PendingPage extends Referenced {
  readonly depth: number;
  readonly role: PageRecord['role'];
}

function addReference(target: Referenced, reference: Reference): void {
  target.referenceCount += 1;
  if (target.referencedFrom.length < MAX_REFERENCES_KEPT) target.referencedFrom.push(reference);
}

function isHtml(result: FetchResult): boolean {
  return result.ok && /^\s*(text\/html|application\/xhtml\+xml)/i.test(result.headers['content-type'] ?? '');
}

/** A stable pseudo-random order, so a media sample is the same on every run of the same site. */
function stableHash(text: string): number {
  let hash = 0x811c9dc5; // FNV-1a
  for (let i = 0; i < text.length; i += 1) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}

const MEDIA_KINDS: ReadonlySet<ResourceKind> = new Set(['rendition', 'original-image', 'media', 'image', 'image-serve']);

export class Crawler {
  private readonly target: string;
  private readonly origins: Set<string>;
  private readonly adminPrefix: string;
  private readonly adminLoginUrl: string;
  private readonly include: RegExp[];
  private readonly exclude: RegExp[];

  private readonly pendingPages = new Map<string, PendingPage>();
  private readonly resources = new Map<string, PendingResource>();
  private readonly pages: PageRecord[] = [];
  private readonly sitemaps: string[] = [];
  private pagesSkipped = 0;

  constructor(
    private readonly options: RunOptions,
    private readonly client: HttpClient,
    private readonly hooks: CrawlHooks = {},
  ) {
    const target = normaliseUrl(options.target, options.target);
    if (target === null) throw new Error(`not an http(s) URL: ${options.target}`);
    this.target = target;
    this.origins = new Set([originOf(target)]);
    this.adminPrefix = new URL(options.adminPath, target).href;
    this.adminLoginUrl = new URL('login/', this.adminPrefix).href;
    this.include = options.crawl.include.map((p) => new RegExp(p));
    this.exclude = options.crawl.exclude.map((p) => new RegExp(p));
  }

  async crawl(): Promise<SiteModel> {
    const started = Date.now();
    const startedAt = new Date(started).toISOString();
    this.hooks.onEvent?.({ type: 'started', target: this.target });

    const pool = new WorkPool(this.maxInFlight());
    this.seed(pool);
    await this.readSitemaps(pool);
    await pool.drained();

    const bases = this.learnBases();
    const pagesThatAreFiles = this.takeFilesOutOfPages(bases.bases);
    const plan = this.planResources(bases);
    this.hooks.onEvent?.({ type: 'phase', phase: 'resources', queued: plan.toFetch.length });
    const fetched = new Map<string, FetchResult>();
    for (const { url, kind } of plan.toFetch) {
      pool.add(async () => {
        fetched.set(url, await this.client.fetch(url, { body: this.bodyPolicyFor(kind) }));
      });
    }
    await pool.drained();
    if (pool.errors.length > 0) {
      // A crawler task threw: a bug, not a site fault. Say so rather than return a model with holes.
      throw new Error(`the crawler failed on ${pool.errors.length} task(s): ${String(pool.errors[0])}`);
    }

    const resources: ResourceRecord[] = plan.all.map(({ pending, kind, sampledOut }) => {
      const response = fetched.get(pending.url) ?? null;
      return {
        url: pending.url,
        kind,
        sameOrigin: this.origins.has(originOf(pending.url)),
        referencedFrom: pending.referencedFrom,
        referenceCount: pending.referenceCount,
        response,
        ...(response === null ? { notFetchedReason: sampledOut ? `sampled out: more than ${this.options.crawl.maxMediaSamples} media files` : 'not fetched: off-site link' } : {}),
      };
    });
    resources.push(...pagesThatAreFiles);

    const stats = this.client.stats();
    const durationMs = Date.now() - started;
    this.hooks.onEvent?.({ type: 'finished', pages: this.pages.length, resources: resources.length, durationMs });
    return {
      target: this.target,
      origins: [...this.origins],
      adminLoginUrl: this.adminLoginUrl,
      staticUrl: bases.static,
      mediaUrl: bases.media,
      pages: this.pages,
      resources,
      sitemaps: this.sitemaps,
      startedAt,
      stats: {
        requests: stats.requests,
        retries: stats.retries,
        bytesRead: stats.bytesRead,
        errors: stats.errors,
        pagesQueued: this.pendingPages.size,
        pagesSkipped: this.pagesSkipped,
        durationMs,
      },
    };
  }

  /** Enough work in flight to keep every host's connections busy, no more. */
  private maxInFlight(): number {
    return Math.max(1, this.options.crawl.concurrency * 2);
  }

  private seed(pool: WorkPool): void {
    const seed: Reference = { from: '', via: 'seed' };
    this.queuePage(pool, this.target, 0, seed, 'seed');
    this.queuePage(pool, this.adminLoginUrl, 0, seed, 'admin-login');
    for (const raw of this.options.crawl.seeds) {
      const url = normaliseUrl(raw, this.target);
      if (url !== null) this.queuePage(pool, url, 0, seed, 'seed');
    }
    for (const raw of [...this.options.privateCanaries.documents, ...this.options.privateCanaries.pages]) {
      // Canaries are fetched as what they are, anonymously, like any other URL.
      const url = normaliseUrl(raw, this.target);
      if (url !== null) this.noteReference(pool, url, 'seed', { from: '', via: 'seed' }, 0);
    }
  }

  private async readSitemaps(pool: WorkPool): Promise<void> {
    const robots = await this.client.fetch(new URL('/robots.txt', this.target).href, { body: { read: 'whole', maxBytes: 512 * 1024, keepText: true } });
    const listed = robots.ok && robots.status === 200 && robots.text !== undefined ? parseRobotsTxt(robots.text).sitemaps : [];
    const queue = [new URL('/sitemap.xml', this.target).href, ...listed];
    const seen = new Set<string>();
    while (queue.length > 0 && seen.size < MAX_SITEMAPS) {
      const url = normaliseUrl(queue.shift() ?? '', this.target);
      if (url === null || seen.has(url) || !this.origins.has(originOf(url))) continue;
      seen.add(url);
      const response = await this.client.fetch(url, { body: { read: 'whole', maxBytes: this.options.http.maxHtmlBytes, keepText: true } });
      if (!response.ok || response.status !== 200 || response.text === undefined) continue;
      this.sitemaps.push(url);
      const { pages, sitemaps } = parseSitemapXml(response.text);
      queue.push(...sitemaps);
      for (const raw of pages) {
        const page = normaliseUrl(raw, url);
        if (page !== null) this.noteReference(pool, page, 'sitemap', { from: url, via: 'sitemap' }, 0);
      }
    }
  }

  /** Records one reference; queues it as a page when it is one and in scope. */
  private noteReference(pool: WorkPool, url: string, via: ReferenceVia, reference: Reference, depth: number, role: PageRecord['role'] = 'content'): void {
    const kind = classifyResource(url, via, { origins: [...this.origins], staticUrl: null, mediaUrl: this.configuredMediaUrl() });
    if (kind === 'page') {
      // Where a seed redirects (/ to /en/, /admin/login/ elsewhere), the page it lands on keeps the seed's role.
      this.queuePage(pool, url, depth, reference, role === 'content' ? 'content' : role);
      return;
    }
    const known = this.resources.get(url);
    if (known) {
      addReference(known, reference);
      return;
    }
    const pending: PendingResource = { url, via, referencedFrom: [], referenceCount: 0 };
    addReference(pending, reference);
    this.resources.set(url, pending);
  }

  private configuredMediaUrl(): string | null {
    return this.options.mediaUrl === null ? null : absoluteBase(this.options.mediaUrl, this.target);
  }

  private inScope(url: string): boolean {
    if (!this.origins.has(originOf(url))) return false;
    // The admin is never crawled beyond its login page.
    if (url.startsWith(this.adminPrefix) && url !== this.adminLoginUrl) return false;
    if (this.include.length > 0 && !this.include.some((re) => re.test(url))) return false;
    return !this.exclude.some((re) => re.test(url));
  }

  private queuePage(pool: WorkPool, url: string, depth: number, reference: Reference, role: PageRecord['role']): void {
    const known = this.pendingPages.get(url);
    if (known) {
      addReference(known, reference);
      return;
    }
    if (role === 'content' && !this.inScope(url)) return;
    const { maxPages, maxDepth } = this.options.crawl;
    if (depth > maxDepth || this.pendingPages.size >= maxPages) {
      this.pagesSkipped += 1;
      return;
    }
    const pending: PendingPage = { url, depth, role, referencedFrom: [], referenceCount: 0 };
    addReference(pending, reference);
    this.pendingPages.set(url, pending);
    pool.add(() => this.fetchPage(pool, pending));
  }

  private async fetchPage(pool: WorkPool, pending: PendingPage): Promise<void> {
    // Page redirects are followed here, not in the client: the Location is
    // queued like a link, so a page reached by a link and by a redirect is
    // fetched once, and a redirect loop ends at the first URL seen twice.
    const response = await this.client.fetch(pending.url, {
      followRedirects: false,
      body: { read: 'whole', maxBytes: this.options.http.maxHtmlBytes, keepText: true },
    });
    const location = response.ok && response.status >= 300 && response.status < 400 ? response.headers['location'] : undefined;
    if (location !== undefined) {
      const next = normaliseUrl(location, pending.url);
      if (next !== null) this.noteReference(pool, next, 'redirect', { from: pending.url, via: 'redirect' }, pending.depth, pending.role);
    }

    let facts: PageFacts | null = null;
    if (response.ok && isHtml(response) && response.text !== undefined && this.origins.has(originOf(response.url))) {
      const extracted = extractPage(response.text, response.url);
      facts = { ...extracted.facts, charset: response.charset ?? 'utf-8' };
      const from: Reference['from'] = pending.url;
      for (const ref of extracted.references) {
        this.noteReference(pool, ref.url, ref.via, { from, via: ref.via, ...(ref.rel ? { rel: ref.rel } : {}) }, pending.depth + 1);
      }
    }
    // Keep the facts, drop the text: a 10k-page crawl must not hold 10k bodies.
    const { text: _text, ...kept } = response.ok ? response : { ...response, text: undefined };
    this.pages.push({
      url: pending.url,
      depth: pending.depth,
      referencedFrom: pending.referencedFrom,
      referenceCount: pending.referenceCount,
      response: kept as FetchResult,
      facts,
      role: pending.role,
    });
    this.hooks.onEvent?.({
      type: 'fetched',
      url: pending.url,
      status: response.ok ? response.status : null,
      ...(response.ok ? {} : { error: response.error.code }),
      pages: this.pages.length,
      queued: this.pendingPages.size - this.pages.length,
    });
  }

  private learnBases(): { static: LearnedUrl | null; media: LearnedUrl | null; bases: SiteBases } {
    const resourceUrls = [...this.resources.keys()];
    let staticUrl: LearnedUrl | null = null;
    if (this.options.staticUrl !== null) staticUrl = { url: absoluteBase(this.options.staticUrl, this.target), source: 'config' };
    else {
      const learned = learnStaticUrl(resourceUrls);
      if (learned !== null) staticUrl = { url: learned, source: 'admin-assets' };
    }
    let mediaUrl: LearnedUrl | null = null;
    const configured = this.configuredMediaUrl();
    if (configured !== null) mediaUrl = { url: configured, source: 'config' };
    else {
      const learned = learnMediaUrl(resourceUrls);
      if (learned !== null) mediaUrl = { url: learned, source: 'renditions' };
    }
    return {
      static: staticUrl,
      media: mediaUrl,
      bases: { origins: [...this.origins], staticUrl: staticUrl?.url ?? null, mediaUrl: mediaUrl?.url ?? null },
    };
  }

  /**
   * A link to an HTML file under MEDIA_URL (a `direct` document such as
   * brochure.html) looks like a page until MEDIA_URL is learned at the end of
   * the page phase. Such pages become the resources they are, with the
   * response already fetched: nothing is fetched twice.
   */
  private takeFilesOutOfPages(bases: SiteBases): ResourceRecord[] {
    const files: ResourceRecord[] = [];
    const kept: PageRecord[] = [];
    for (const page of this.pages) {
      const kind = page.role === 'content' ? classifyResource(page.url, 'a', bases) : 'page';
      if (kind === 'page' || kind === 'other') {
        kept.push(page);
        continue;
      }
      files.push({
        url: page.url,
        kind,
        sameOrigin: true,
        referencedFrom: page.referencedFrom,
        referenceCount: page.referenceCount,
        response: page.response,
      });
    }
    this.pages.splice(0, this.pages.length, ...kept);
    return files;
  }

  /** Classifies every resource with the learned bases and picks what to fetch. */
  private planResources({ bases }: { bases: SiteBases }) {
    const all = [...this.resources.values()].map((pending) => {
      const classified = classifyResource(pending.url, pending.via, bases);
      // A URL the crawl met as a link but that is not a page in scope (off-site) stays 'other'.
      const kind: ResourceKind = classified === 'page' ? 'other' : classified;
      return { pending, kind, sampledOut: false };
    });
    const media = all.filter((r) => MEDIA_KINDS.has(r.kind));
    const cap = this.options.crawl.maxMediaSamples;
    if (media.length > cap) {
      const keep = new Set(
        media
          .map((r) => ({ r, h: stableHash(r.pending.url) }))
          .sort((a, b) => a.h - b.h || a.r.pending.url.localeCompare(b.r.pending.url))
          .slice(0, cap)
          .map(({ r }) => r),
      );
      for (const r of media) if (!keep.has(r)) r.sampledOut = true;
    }
    const toFetch = all.filter((r) => !r.sampledOut && r.kind !== 'other').map((r) => ({ url: r.pending.url, kind: r.kind }));
    all.sort((a, b) => a.pending.url.localeCompare(b.pending.url));
    return { all, toFetch };
  }

  private bodyPolicyFor(kind: ResourceKind): BodyPolicy {
    const { maxAssetBytes, sniffBytes } = this.options.http;
    // Static assets are read whole (to check the name's hash); anything else only
    // as far as sniffing needs: never a whole 500 MB document.
    if (kind === 'static' || kind === 'asset') return { read: 'whole', maxBytes: maxAssetBytes, hash: true };
    return { read: 'prefix', maxBytes: sniffBytes };
  }
}

export function crawl(options: RunOptions, client: HttpClient, hooks?: CrawlHooks): Promise<SiteModel> {
  return new Crawler(options, client, hooks).crawl();
}

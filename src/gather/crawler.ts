// The crawler: one polite pass over the site that builds the SiteModel.
//
// Two phases, so that every decision that depends on what the whole crawl
// learned (MEDIA_URL, STATIC_URL, which media to sample) is made once:
//   1. pages: seeds, sitemaps, then breadth-first within the site's origins;
//      every reference met is recorded, pages are queued, nothing else fetched
//      (page-phase.ts);
//   2. resources: classified with the learned bases, media sampled
//      deterministically, then each fetched with a body policy fit for its kind
//      (resource-plan.ts).
// The HTTP client bounds requests per host; the crawler bounds its own work in
// flight so a 10k-page site never becomes 10k pending promises.

import type { FetchResult, HttpClient } from '../http/types.js';
import { classifyResource } from './classify.js';
import type { Reference, ResourceRecord, SiteModel } from './model.js';
import type { RunOptions } from '../engine/options.js';
import { PagePhase, type CrawlScope } from './page-phase.js';
import { bodyPolicyFor, learnBases, planResources, takeFilesOutOfPages } from './resource-plan.js';
import { parseRobotsTxt, parseSitemapXml } from './sitemap.js';
import { normaliseUrl, originOf } from './urls.js';
import { WorkPool } from './work-pool.js';

/** Sitemaps read at most (indexes can nest). */
const MAX_SITEMAPS = 20;

export type CrawlEvent =
  | { readonly type: 'started'; readonly target: string }
  | { readonly type: 'fetched'; readonly url: string; readonly status: number | null; readonly error?: string; readonly pages: number; readonly queued: number }
  | { readonly type: 'phase'; readonly phase: 'pages' | 'resources'; readonly queued: number }
  | {
      readonly type: 'finished';
      readonly pages: number;
      readonly resources: number;
      readonly durationMs: number;
      /** Links and redirects left out because following them could change state (log out, delete). Always set; optional for hand-made events. */
      readonly unsafeLinksSkipped?: number;
    };

export interface CrawlHooks {
  onEvent?(event: CrawlEvent): void;
}

export class Crawler {
  private readonly scope: CrawlScope;
  private readonly sitemaps: string[] = [];

  constructor(
    private readonly options: RunOptions,
    private readonly client: HttpClient,
    private readonly hooks: CrawlHooks = {},
  ) {
    const target = normaliseUrl(options.target, options.target);
    if (target === null) throw new Error(`not an http(s) URL: ${options.target}`);
    const adminPrefix = new URL(options.adminPath, target).href;
    this.scope = { target, origins: new Set([originOf(target)]), adminPrefix, adminLoginUrl: new URL('login/', adminPrefix).href };
  }

  async crawl(): Promise<SiteModel> {
    const started = Date.now();
    const startedAt = new Date(started).toISOString();
    const { target, origins, adminLoginUrl } = this.scope;
    this.hooks.onEvent?.({ type: 'started', target });

    const pool = new WorkPool(this.maxInFlight());
    const phase = new PagePhase(this.options, this.client, pool, this.scope, (page) => {
      const { response } = page;
      this.hooks.onEvent?.({
        type: 'fetched',
        url: page.url,
        status: response.ok ? response.status : null,
        ...(response.ok ? {} : { error: response.error.code }),
        pages: phase.pages.length,
        queued: phase.pagesToRead,
      });
    });
    this.seed(phase);
    await this.readSitemaps(phase);
    await pool.drained();

    const bases = learnBases(this.options, target, [...origins], [...phase.resources.values()].map((r) => r.url));
    const files = takeFilesOutOfPages(phase.pages, bases.bases);
    const plan = planResources(phase.resources.values(), bases.bases, this.options.crawl.maxMediaSamples);
    this.hooks.onEvent?.({ type: 'phase', phase: 'resources', queued: plan.toFetch.length });
    const fetched = new Map<string, FetchResult>();
    for (const { url, kind } of plan.toFetch) {
      pool.add(async () => {
        fetched.set(url, await this.client.fetch(url, { body: bodyPolicyFor(kind, this.options.http) }));
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
        sameOrigin: origins.has(originOf(pending.url)),
        referencedFrom: pending.referencedFrom,
        referenceCount: pending.referenceCount,
        response,
        ...(response === null ? { notFetchedReason: sampledOut ? `sampled out: more than ${this.options.crawl.maxMediaSamples} media files` : 'not fetched: off-site link' } : {}),
        ...(response?.ok && response.url !== pending.url ? { landedKind: classifyResource(response.url, 'redirect', bases.bases) } : {}),
      };
    });
    resources.push(...files);

    const durationMs = Date.now() - started;
    const { unsafeLinksSkipped } = phase;
    const smoke = phase.smokeCoverage();
    this.hooks.onEvent?.({ type: 'finished', pages: phase.pages.length, resources: resources.length, durationMs, unsafeLinksSkipped });
    return {
      target,
      origins: [...origins],
      adminLoginUrl,
      staticUrl: bases.static,
      mediaUrl: bases.media,
      pages: phase.pages,
      resources,
      sitemaps: this.sitemaps,
      startedAt,
      stats: {
        pagesQueued: phase.queued.size,
        unsafeLinksSkipped,
        pagesSkipped: phase.pagesSkipped,
        durationMs,
        ...(smoke === null ? {} : { smoke }),
      },
    };
  }

  /** Enough work in flight to keep every host's connections busy, no more. */
  private maxInFlight(): number {
    return Math.max(1, this.options.crawl.concurrency * 2);
  }

  private seed(phase: PagePhase): void {
    const { target, adminLoginUrl } = this.scope;
    const seed: Reference = { from: '', via: 'seed' };
    phase.queuePage(target, 0, seed, 'seed');
    phase.queuePage(adminLoginUrl, 0, seed, 'admin-login');
    for (const raw of this.options.crawl.seeds) {
      const url = normaliseUrl(raw, target);
      if (url !== null) phase.queuePage(url, 0, seed, 'seed');
    }
    for (const raw of [...this.options.privateCanaries.documents, ...this.options.privateCanaries.pages]) {
      // Canaries are fetched as what they are, anonymously, like any other URL.
      const url = normaliseUrl(raw, target);
      if (url !== null) phase.noteReference(url, 'seed', seed, 0);
    }
  }

  private async readSitemaps(phase: PagePhase): Promise<void> {
    const { target, origins } = this.scope;
    const robots = await this.client.fetch(new URL('/robots.txt', target).href, { body: { read: 'whole', maxBytes: 512 * 1024, keepText: true } });
    const listed = robots.ok && robots.status === 200 && robots.text !== undefined ? parseRobotsTxt(robots.text).sitemaps : [];
    const queue = [new URL('/sitemap.xml', target).href, ...listed];
    const seen = new Set<string>();
    while (queue.length > 0 && seen.size < MAX_SITEMAPS) {
      const url = normaliseUrl(queue.shift() ?? '', target);
      if (url === null || seen.has(url) || !origins.has(originOf(url))) continue;
      seen.add(url);
      const response = await this.client.fetch(url, { body: { read: 'whole', maxBytes: this.options.http.maxHtmlBytes, keepText: true } });
      if (!response.ok || response.status !== 200 || response.text === undefined) continue;
      this.sitemaps.push(url);
      const { pages, sitemaps } = parseSitemapXml(response.text);
      queue.push(...sitemaps);
      // One reference for every entry of this sitemap: a sitemap can list 50,000 pages.
      const reference: Reference = { from: url, via: 'sitemap' };
      for (const raw of pages) {
        const page = normaliseUrl(raw, url);
        if (page !== null) phase.noteReference(page, 'sitemap', reference, 0);
      }
    }
  }
}

export function crawl(options: RunOptions, client: HttpClient, hooks?: CrawlHooks): Promise<SiteModel> {
  return new Crawler(options, client, hooks).crawl();
}

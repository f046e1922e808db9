// The crawler's first phase: pages fetched breadth-first within the site's
// origins, every reference met recorded, nothing but pages fetched. Page
// redirects are followed here, across pages (page-redirects.ts), and no link
// or redirect that could change state is ever fetched (unsafe-links.ts).

import type { FetchResponse, FetchResult, HttpClient } from '../http/types.js';
import type { PageFacts, PageRecord, Reference, ReferenceVia } from './model.js';
import type { RunOptions } from '../engine/options.js';
import { classifyResource, type SiteBases } from './classify.js';
import { extractPage } from './extract.js';
import { chainStart, RedirectChains, tooManyRedirects, type ChainPosition } from './page-redirects.js';
import { configuredMediaUrl, type PendingResource } from './resource-plan.js';
import { isStateChangingUrl } from './unsafe-links.js';
import { normaliseUrl, originOf } from './urls.js';
import type { WorkPool } from './work-pool.js';

/** References kept per URL: enough to name a page in every finding, bounded for memory. */
const MAX_REFERENCES_KEPT = 5;

/**
 * Answers that say "not now" (a rate limit, an overloaded or unreachable
 * application behind a proxy): their body is an error page, not the site's,
 * so nothing is read from it and no link on it is followed.
 */
const TRY_LATER_STATUSES: ReadonlySet<number> = new Set([429, 502, 503, 504]);

/** Where the crawl may go. */
export interface CrawlScope {
  readonly target: string;
  readonly origins: ReadonlySet<string>;
  /** The admin's URL: never crawled beyond its login page. */
  readonly adminPrefix: string;
  readonly adminLoginUrl: string;
}

interface Referenced {
  readonly url: string;
  referencedFrom: Reference[];
  referenceCount: number;
}

interface PendingPage extends Referenced {
  readonly depth: number;
  readonly role: PageRecord['role'];
}

/** A record whose response a redirect chain that resumes may give back. */
type Recorded = Omit<PageRecord, 'response'> & { response: PageRecord['response'] };

function addReference(target: Referenced, reference: Reference): void {
  target.referenceCount += 1;
  if (target.referencedFrom.length < MAX_REFERENCES_KEPT) target.referencedFrom.push(reference);
}

function isHtml(response: FetchResponse): boolean {
  return /^\s*(text\/html|application\/xhtml\+xml)/i.test(response.headers['content-type'] ?? '');
}

/** The response as kept in the model: the facts, not the text (a 10k-page crawl must not hold 10k bodies). */
function withoutText(response: FetchResponse): FetchResponse {
  const { text: _text, ...kept } = response;
  return kept;
}

function redirectTarget(response: FetchResponse, from: string): string | null {
  const location = response.status >= 300 && response.status < 400 ? response.headers['location'] : undefined;
  return location === undefined ? null : normaliseUrl(location, from);
}

export class PagePhase {
  /** Every page queued, by URL: a page is fetched once however often it is met. */
  readonly queued = new Map<string, PendingPage>();
  /** Everything met that is not a page, by URL. */
  readonly resources = new Map<string, PendingResource>();
  /** Pages seen but not fetched because of maxPages or maxDepth. */
  pagesSkipped = 0;
  /** Links and redirects left out because following them could change state. */
  unsafeLinksSkipped = 0;

  /** Pages fetched, in the order they returned. */
  private readonly fetched: Recorded[] = [];
  /** The same records by URL, for a redirect chain that resumes. */
  private readonly records = new Map<string, Recorded>();
  private readonly chains: RedirectChains;
  private readonly include: RegExp[];
  private readonly exclude: RegExp[];
  /** The bases known before the crawl (a configured MEDIA_URL), to tell pages from files. */
  private readonly knownBases: SiteBases;

  constructor(
    private readonly options: RunOptions,
    private readonly client: HttpClient,
    private readonly pool: WorkPool,
    private readonly scope: CrawlScope,
    private readonly onFetched: (page: PageRecord) => void,
  ) {
    this.chains = new RedirectChains(options.http.maxRedirects);
    this.include = options.crawl.include.map((p) => new RegExp(p));
    this.exclude = options.crawl.exclude.map((p) => new RegExp(p));
    this.knownBases = { origins: [...scope.origins], staticUrl: null, mediaUrl: configuredMediaUrl(options, scope.target) };
  }

  get pages(): readonly PageRecord[] {
    return this.fetched;
  }

  /** Records one reference; queues it as a page when it is one and in scope. */
  noteReference(
    url: string,
    via: ReferenceVia,
    reference: Reference,
    depth: number,
    role: PageRecord['role'] = 'content',
    position: ChainPosition = chainStart(url),
  ): void {
    if (classifyResource(url, via, this.knownBases) === 'page') {
      // Where a seed redirects (/ to /en/, /admin/login/ elsewhere), the page it lands on keeps the seed's role.
      this.queuePage(url, depth, reference, role, position);
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

  queuePage(url: string, depth: number, reference: Reference, role: PageRecord['role'], position: ChainPosition = chainStart(url)): void {
    const known = this.queued.get(url);
    if (known) {
      addReference(known, reference);
      this.reroute(url, position);
      return;
    }
    if (role === 'content' && !this.inScope(url)) return;
    const { maxPages, maxDepth } = this.options.crawl;
    if (depth > maxDepth || this.queued.size >= maxPages) {
      this.pagesSkipped += 1;
      return;
    }
    const pending: PendingPage = { url, depth, role, referencedFrom: [], referenceCount: 0 };
    addReference(pending, reference);
    this.queued.set(url, pending);
    this.chains.enter(url, position);
    this.pool.add(() => this.fetchPage(pending));
  }

  private inScope(url: string): boolean {
    const { origins, adminPrefix, adminLoginUrl } = this.scope;
    if (!origins.has(originOf(url))) return false;
    if (url.startsWith(adminPrefix) && url !== adminLoginUrl) return false;
    if (this.include.length > 0 && !this.include.some((re) => re.test(url))) return false;
    return !this.exclude.some((re) => re.test(url));
  }

  private async fetchPage(pending: PendingPage): Promise<void> {
    const response = await this.client.fetch(pending.url, {
      followRedirects: false,
      body: { read: 'whole', maxBytes: this.options.http.maxHtmlBytes, keepText: true },
    });
    const recorded = response.ok ? this.followLocation(pending, withoutText(response)) : response;
    // Nothing of the site's to read in a failure (the client's, or a chain cut here) or a "not now".
    let facts: PageFacts | null = null;
    if (response.ok && recorded.ok && response.text !== undefined && this.isSitePage(response)) facts = this.readPage(pending, response, response.text);
    const record: Recorded = {
      url: pending.url,
      depth: pending.depth,
      referencedFrom: pending.referencedFrom,
      referenceCount: pending.referenceCount,
      response: recorded,
      facts,
      role: pending.role,
    };
    this.records.set(pending.url, record);
    this.fetched.push(record);
    this.onFetched(record);
  }

  private isSitePage(response: FetchResponse): boolean {
    return !TRY_LATER_STATUSES.has(response.status) && isHtml(response) && this.scope.origins.has(originOf(response.url));
  }

  /** Every reference on a page is recorded; the page's facts are kept, its text is not. */
  private readPage(pending: PendingPage, response: FetchResponse, text: string): PageFacts {
    const extracted = extractPage(text, response.url);
    this.unsafeLinksSkipped += extracted.unsafeLinksSkipped;
    for (const ref of extracted.references) {
      this.noteReference(ref.url, ref.via, { from: pending.url, via: ref.via, ...(ref.rel ? { rel: ref.rel } : {}) }, pending.depth + 1);
    }
    return { ...extracted.facts, charset: response.charset ?? 'utf-8' };
  }

  /**
   * Page redirects are followed here, not in the client: the Location is
   * queued like a link (fetched once however it is met), one hop further down
   * its chain. Returns what to record: the response, or the failure where the
   * chain is cut.
   */
  private followLocation(pending: PendingPage, response: FetchResponse): FetchResult {
    const next = redirectTarget(response, pending.url);
    if (next === null) return response;
    // A redirect to a logout is as unsafe as a link to it.
    if (isStateChangingUrl(next)) {
      this.unsafeLinksSkipped += 1;
      return response;
    }
    const position = this.chains.follow(pending.url, response, next);
    if (position === null) return tooManyRedirects(response, next, this.chains.position(pending.url), this.chains.maxRedirects);
    this.noteReference(next, 'redirect', { from: pending.url, via: 'redirect' }, pending.depth, pending.role, position);
    return response;
  }

  /** A shorter route to a queued page is passed down the redirects behind it. */
  private reroute(url: string, position: ChainPosition): void {
    const change = this.chains.reroute(url, position);
    if (change === null) return;
    if (change.kind === 'pass-on') {
      this.reroute(change.next, change.position);
      return;
    }
    // The chain was cut here, by a longer route: the page gets its 3xx back, and its Location is followed.
    // (A chain is cut only once its page's fetch returned, so the record is there.)
    const record = this.records.get(url);
    if (record === undefined) return;
    record.response = change.response;
    this.noteReference(change.next, 'redirect', { from: url, via: 'redirect' }, record.depth, record.role, change.position);
  }
}

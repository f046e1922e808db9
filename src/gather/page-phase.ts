// The crawler's first phase: pages fetched breadth-first within the site's
// origins, every reference met recorded, nothing but pages fetched. Page
// redirects are followed here, across pages (page-redirects.ts), and no link
// or redirect that could change state is ever fetched (unsafe-links.ts).
// In smoke mode the pages met by link or sitemap go to the sampler
// (smoke-sample.ts), which decides which are read; seeds, canaries and
// redirect hops are always read.

import type { FetchResponse, FetchResult, Hop, HttpClient } from '../http/types.js';
import { connectionsPerHost } from '../http/politeness.js';
import type { PageFacts, PageRecord, Reference, ReferenceVia, ResourceKind, SmokeCoverage } from './model.js';
import type { RunOptions } from '../engine/options.js';
import { classifyResource, type SiteBases } from './classify.js';
import { isSignedUrl, unsignedForm } from '../signals/storage-urls.js';
import { extractPage, ResolutionCache } from './extract.js';
import { detached } from './detached.js';
import { chainStart, RedirectChains, tooManyRedirects, type ChainPosition } from './page-redirects.js';
import { configuredMediaUrl, type PendingResource } from './resource-plan.js';
import { SmokeSampler, type SampledPage } from './smoke-sample.js';
import { Fifo } from './fifo.js';
import { SlotMemo } from './slot-memo.js';
import { PageStore } from './page-store.js';
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
  referencedFrom: readonly Reference[];
  referenceCount: number;
}

interface PendingPage extends Referenced {
  readonly depth: number;
  readonly role: PageRecord['role'];
  /** Handed to the pool to fetch (always, except for pages a smoke sample has not taken). */
  sent: boolean;
  /** Its record once fetched, while kept as an object (page-store.ts): references met later are added to it too. */
  record: Recorded | null;
}

/** Met as a seed, a canary or a redirect's Location: read in smoke mode too. */
function mustRead(reference: Reference, role: PageRecord['role']): boolean {
  return role !== 'content' || reference.via === 'seed' || reference.via === 'redirect';
}

/** A record whose response a redirect chain that resumes may give back. */
type Recorded = Omit<PageRecord, 'response' | 'referencedFrom' | 'referenceCount'> & {
  response: PageRecord['response'];
  referencedFrom: readonly Reference[];
  referenceCount: number;
};

/** How `via` bears on what a URL is (classify.ts): the same URL met the same way is the same kind. */
type ViaGroup = 'embedded' | 'asset' | 'link';

function viaGroup(via: ReferenceVia): ViaGroup {
  if (via === 'img' || via === 'srcset' || via === 'og:image') return 'embedded';
  if (via === 'link' || via === 'script' || via === 'style') return 'asset';
  return 'link';
}

/**
 * Most URLs a page references were met before (the nav, the static assets):
 * their kind is remembered so the crawl parses each URL once, not once per
 * page.
 */
class KindMemo {
  /** Hot slots per memo (slot-memo.ts): room for what is met on every page, not for the site. */
  private static readonly SLOTS = 4096;
  private readonly kinds: Record<ViaGroup, SlotMemo<ResourceKind | 'page'>> = {
    embedded: new SlotMemo(KindMemo.SLOTS),
    asset: new SlotMemo(KindMemo.SLOTS),
    link: new SlotMemo(KindMemo.SLOTS),
  };

  constructor(private readonly bases: SiteBases) {}

  kindOf(url: string, via: ReferenceVia): ResourceKind | 'page' {
    // A sitemap lists each URL once: remembering them all would only hold the frontier twice.
    if (via === 'sitemap') return classifyResource(url, via, this.bases);
    const memo = this.kinds[viaGroup(via)];
    let kind = memo.get(url);
    if (kind === undefined) {
      kind = classifyResource(url, via, this.bases);
      memo.set(url, kind);
    }
    return kind;
  }
}

/**
 * References from one page: one object per way of meeting (via, rel), shared
 * by every URL met that way, rather than one per reference (a page has dozens,
 * and a URL keeps only its first few).
 */
function referencesFrom(from: string): (via: ReferenceVia, rel: string | undefined) => Reference {
  const made = new Map<string, Reference>();
  return (via, rel) => {
    const key = rel === undefined ? via : `${via} ${rel}`;
    let reference = made.get(key);
    if (reference === undefined) {
      // rel is a slice of the page's markup: kept as a copy (detached.ts).
      reference = rel === undefined ? { from, via } : { from, via, rel: detached(rel) };
      made.set(key, reference);
    }
    return reference;
  };
}

/**
 * The list of one reference a URL starts with, shared by the URLs met the
 * same way in a row (a sitemap's 50,000 entries, a page's links): lists are
 * never changed in place (addReference makes a new one), so sharing is safe.
 */
class FirstReferences {
  private last: Reference | null = null;
  private list: readonly Reference[] = [];

  of(reference: Reference): readonly Reference[] {
    if (reference !== this.last) {
      this.last = reference;
      this.list = Object.freeze([reference]);
    }
    return this.list;
  }
}

function addReference(target: Referenced, reference: Reference): void {
  target.referenceCount += 1;
  // A new list of the exact size (concat), not a push or a spread: V8 gives both room for 17 (measured: a
  // spread list of 4 takes 235 bytes, a concat one 90), and the crawl keeps one list per URL.
  if (target.referencedFrom.length < MAX_REFERENCES_KEPT) target.referencedFrom = target.referencedFrom.concat([reference]);
}

/** A page's references: its record, once it has one, lists and counts those met after it was fetched too (as a written-out record does: page-store.ts). */
function addPageReference(page: PendingPage, reference: Reference): void {
  addReference(page, reference);
  if (page.record === null) return;
  page.record.referencedFrom = page.referencedFrom;
  page.record.referenceCount = page.referenceCount;
}

/**
 * One resource per stored object: django-storages signs a media URL anew on
 * every page render (X-Amz-Date, X-Amz-Signature), so without this a bucket's
 * rendition would be fetched, counted and judged once per page. The first
 * signed URL met is the one fetched; an unsigned link to the object stays its
 * own resource (it may be refused where the signed one is served).
 */
export function resourceKey(url: string): string {
  const parsed = new URL(url);
  return isSignedUrl(parsed) ? `signed ${unsignedForm(parsed).href}` : url;
}

function isHtml(response: FetchResponse): boolean {
  return /^\s*(text\/html|application\/xhtml\+xml)/i.test(response.headers['content-type'] ?? '');
}

/** A page fetch follows no redirect: one empty list for every page's hops. */
const NO_HOPS: readonly Hop[] = Object.freeze([]);

/**
 * Whether a fetched page's first bytes are kept in its record. No probe reads
 * a page's prefix (its HTML was read whole here), but the page phase may
 * have fetched a file that is known as one only once STATIC_URL and
 * MEDIA_URL are learned (takeFilesOutOfPages: an HTML document served by
 * Wagtail's direct method), and files are judged by their first bytes
 * (document-privacy, media-offload), as are error answers. Files have names:
 * a 2xx for a path that ends in "/" (Wagtail's page URLs) is a page.
 */
export function keepsBodyPrefix(url: string, status: number): boolean {
  if (status < 200 || status >= 300) return true;
  const pathEnd = url.search(/[?#]/);
  return url.charAt((pathEnd === -1 ? url.length : pathEnd) - 1) !== '/';
}

/**
 * The response as kept in the model: the facts, not the text (a 10k-page
 * crawl must not hold 10k bodies), nor the 512-byte prefix where no probe
 * reads it (keepsBodyPrefix): a third of a page's record.
 * Built as one literal so every page's record has the same compact shape.
 */
function asRecorded(response: FetchResponse, url: string): FetchResponse {
  const { body } = response;
  const keptBody = body.prefixBase64 === '' || keepsBodyPrefix(url, response.status) ? body : { ...body, prefixBase64: '' };
  const hops = response.hops.length === 0 ? NO_HOPS : response.hops;
  const { request, status, headers, setCookies, timing, attempts, flaky, charset } = response;
  return charset === undefined
    ? { ok: true, request, url: response.url, status, headers, setCookies, body: keptBody, hops, timing, attempts, flaky }
    : { ok: true, request, url: response.url, status, headers, setCookies, body: keptBody, hops, timing, attempts, flaky, charset };
}

/** One literal, so every page's facts have one compact shape. */
function withCharset(facts: Omit<PageFacts, 'charset'>, charset: string): PageFacts {
  const { title, forms, hasWagtailUserbar, hasDjangoDebugPage, outgoingReferences } = facts;
  return { title, forms, hasWagtailUserbar, hasDjangoDebugPage, outgoingReferences, charset };
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

  /** Pages fetched, in the order they returned: on disk, but for redirects a resumed chain may change. */
  private readonly fetched = new PageStore();
  /** The records of pages that redirected, by URL, for a redirect chain that resumes (only those can). */
  private readonly records = new Map<string, Recorded>();
  private readonly chains: RedirectChains;
  private readonly include: RegExp[];
  private readonly exclude: RegExp[];
  /** The kinds of URLs met, with the bases known before the crawl (a configured MEDIA_URL), to tell pages from files. */
  private readonly kinds: KindMemo;
  /** Resolutions of the URLs pages write, shared by every page's extraction. */
  private readonly resolved = new ResolutionCache();
  /** Smoke mode's sampler; null on a full crawl. */
  private readonly sampler: SmokeSampler<PendingPage> | null;
  /** Sampled pages being fetched: the sampler is asked for more only as these return, so its stop rule can act. */
  private sampledInFlight = 0;
  /** URLs of the sampled pages in flight: their answers go back to the sampler. */
  private readonly sampled = new Set<string>();
  private pagesSent = 0;
  private readonly firstReferences = new FirstReferences();
  /**
   * Pages sent and not read yet, read in order by at most `readersMax` tasks
   * of the pool: a sitemap queues 50,000 pages at once, and a task each in
   * the pool's queue was a closure and its context per page. No more readers
   * than the page origins have connections: a reader more waits in the
   * client's per-host queue (p-limit's linked list), and a dequeued node that
   * had been promoted keeps every later one alive through minor GCs, each
   * with the whole request it was for (measured: 6 MB more of old-generation
   * garbage on the 10k bench site, for no pages per second gained).
   */
  private readonly toRead = new Fifo<PendingPage>();
  private readers = 0;
  private readonly readersMax: number;

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
    this.kinds = new KindMemo({ origins: [...scope.origins], staticUrl: null, mediaUrl: configuredMediaUrl(options, scope.target) });
    this.sampler = options.smoke === true ? new SmokeSampler<PendingPage>() : null;
    this.readersMax = Math.min(pool.limit, connectionsPerHost(options.crawl.concurrency) * scope.origins.size);
  }

  /** What a smoke sample covered and left out; null on a full crawl. */
  smokeCoverage(): SmokeCoverage | null {
    if (this.sampler === null) return null;
    let notVisited = 0;
    for (const page of this.queued.values()) if (!page.sent) notVisited += 1;
    return { ...this.sampler.coverage(), pagesNotVisited: notVisited };
  }

  get pages(): PageStore {
    return this.fetched;
  }

  /** Pages handed to the pool and not returned yet (in smoke mode, not the pages the sample may still take). */
  get pagesToRead(): number {
    return this.pagesSent - this.fetched.length;
  }

  /** Records one reference; queues it as a page when it is one and in scope. Returns whether it is a page. */
  noteReference(
    url: string,
    via: ReferenceVia,
    reference: Reference,
    depth: number,
    role: PageRecord['role'] = 'content',
    position: ChainPosition = chainStart(url),
  ): boolean {
    if (this.kinds.kindOf(url, via) === 'page') {
      // Where a seed redirects (/ to /en/, /admin/login/ elsewhere), the page it lands on keeps the seed's role.
      this.queuePage(url, depth, reference, role, position);
      return true;
    }
    const key = resourceKey(url);
    const known = this.resources.get(key);
    if (known) {
      addReference(known, reference);
      // Resources are fetched after the pages: the latest signature met lives longest.
      if (key !== url) known.url = url;
      return false;
    }
    const pending: PendingResource = { url, via, referencedFrom: this.firstReferences.of(reference), referenceCount: 1 };
    this.resources.set(key, pending);
    return false;
  }

  queuePage(url: string, depth: number, reference: Reference, role: PageRecord['role'], position: ChainPosition = chainStart(url)): void {
    const known = this.queued.get(url);
    if (known) {
      addPageReference(known, reference);
      this.reroute(url, position);
      // A redirect landing on a page the smoke sample left is read: the chain must end somewhere.
      if (!known.sent && mustRead(reference, role)) this.send(known);
      return;
    }
    if (role === 'content' && !this.inScope(url)) return;
    const { maxPages, maxDepth } = this.options.crawl;
    // In smoke mode the frontier holds every page met; --max-pages bounds the pages read (pump).
    if (depth > maxDepth || (this.sampler === null && this.queued.size >= maxPages)) {
      this.pagesSkipped += 1;
      return;
    }
    const pending: PendingPage = { url, depth, role, referencedFrom: this.firstReferences.of(reference), referenceCount: 1, sent: false, record: null };
    this.queued.set(url, pending);
    this.chains.enter(url, position);
    if (this.sampler === null || mustRead(reference, role)) this.send(pending);
    else {
      this.sampler.offer(pending);
      this.pumpSample();
    }
  }

  private send(pending: PendingPage): void {
    pending.sent = true;
    this.pagesSent += 1;
    this.toRead.push(pending);
    while (this.readers < this.readersMax && this.toRead.size > 0) {
      this.readers += 1;
      this.pool.add(() => this.readPages());
    }
  }

  /** One reader: pages in the order they were sent, until none is left. */
  private async readPages(): Promise<void> {
    try {
      for (let next = this.toRead.shift(); next !== undefined; next = this.toRead.shift()) {
        // A page that throws (a bug, or a library user's hook) is recorded, and the reader goes on to the next.
        await this.fetchPage(next).catch((error: unknown) => void this.pool.errors.push(error));
      }
    } finally {
      this.readers -= 1;
    }
  }

  /** Smoke mode: asks the sampler for pages while slots are free, so each is chosen knowing what the last ones showed. */
  private pumpSample(): void {
    if (this.sampler === null) return;
    const { concurrency, maxPages } = this.options.crawl;
    while (this.sampledInFlight < concurrency && this.pagesSent < maxPages) {
      const next = this.sampler.take();
      if (next === null) return;
      if (next.sent) continue; // read already, as a redirect's Location
      // Counted back once read (fetchPage), whatever it returned.
      this.sampledInFlight += 1;
      this.sampled.add(next.url);
      this.send(next);
    }
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
    const recorded = response.ok ? this.followLocation(pending, asRecorded(response, pending.url)) : response;
    // Nothing of the site's to read in a failure (the client's, or a chain cut here) or a "not now".
    let facts: PageFacts | null = null;
    let read: SampledPage | null = null;
    if (response.ok && recorded.ok && response.text !== undefined && this.isSitePage(response)) ({ facts, read } = this.readPage(pending, response, response.text));
    // Only a page the site served (2xx) shows a page type: a 404 page is every missing URL's, a 3xx none.
    if (!response.ok || response.status < 200 || response.status >= 300) read = null;
    if (this.sampled.delete(pending.url)) {
      // A sampled page with nothing to read (a failure, not HTML) showed nothing new either.
      this.sampler?.record(read);
      this.sampledInFlight -= 1;
      this.pumpSample();
    } else if (read !== null && pending.role !== 'admin-login') {
      // Seeds, canaries and redirect ends show types and asset sets too (the admin's login page is no page type of the site).
      this.sampler?.record(read);
    }
    const record: Recorded = {
      url: pending.url,
      depth: pending.depth,
      referencedFrom: pending.referencedFrom,
      referenceCount: pending.referenceCount,
      response: recorded,
      facts,
      role: pending.role,
    };
    // A redirect's record may get another response when its chain resumes (reroute): it stays an object.
    const redirects = response.ok && redirectTarget(response, pending.url) !== null;
    if (redirects) this.records.set(pending.url, record);
    pending.record = this.fetched.add(record, pending, redirects);
    this.onFetched(record);
  }

  private isSitePage(response: FetchResponse): boolean {
    return !TRY_LATER_STATUSES.has(response.status) && isHtml(response) && this.scope.origins.has(originOf(response.url));
  }

  /** Every reference on a page is recorded; the page's facts are kept, its text is not. */
  private readPage(pending: PendingPage, response: FetchResponse, text: string): { facts: PageFacts; read: SampledPage } {
    const extracted = extractPage(text, response.url, { resolved: this.resolved });
    this.unsafeLinksSkipped += extracted.unsafeLinksSkipped;
    const resourceUrls: string[] = [];
    const reference = referencesFrom(pending.url);
    for (const ref of extracted.references) {
      const isPage = this.noteReference(ref.url, ref.via, reference(ref.via, ref.rel || undefined), pending.depth + 1);
      if (!isPage && this.sampler !== null) resourceUrls.push(ref.url);
    }
    return {
      facts: withCharset(extracted.facts, response.charset ?? 'utf-8'),
      read: { url: response.url, templateClass: extracted.templateClass, resourceUrls },
    };
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

// crawl-coverage: every page the crawl met and could not read is said, never
// dropped: a 403 wall on a section (often bot protection against the tool's
// User-Agent), 429s, timeouts, resets, endless redirect chains. What the other
// probes could not see there, they did not judge: an operator must know how
// much of the site a pass covers. Grouped per section and cause, with what to try.

import { defineProbe, evidenceFrom, type Evidence, type PageRecord, type ProbeContext, type SiteModel, compareText } from '../src/probe-kit/index.js';

const messages = {
  pagesUnreadable: { text: '{count} page(s) under {section} could not be read: {cause}. {advice}', severity: 'warning' },
  pagesFailing: { text: '{count} page(s) under {section} answered {cause}: the site fails there', severity: 'error' },
  rateLimited: { text: '{origin} rate-limited the crawl ({retryAfter}): {count} page(s) were not read. {advice}', severity: 'warning' },
  pageLimitReached: { text: 'The crawl read {read} page(s) and stopped at its limits (--max-pages {maxPages}, crawl.maxDepth {maxDepth}): {skipped} more page(s) were met and not read', severity: 'info' },
  smokeSample: {
    text: 'Smoke mode read {read} page(s): {types} page type(s) ({typeList}), {assetSets} static-asset set(s), {shapes} document/media path shape(s) ({shapeList}); {notVisited} page(s) met were not read, since {stoppedBy}',
    severity: 'info',
  },
  stateChangingLinksSkipped: { text: '{count} link(s) or redirect(s) were not followed because following them could change state (delete, unpublish, log out, …)', severity: 'info' },
} as const;

type MessageId = keyof typeof messages;

const EXAMPLES_SHOWN = 3;
/** Page types and path shapes named in the smoke statement; the rest are counted. */
const KEYS_NAMED = 8;

function listed(keys: readonly string[]): string {
  if (keys.length === 0) return 'none';
  const named = keys.slice(0, KEYS_NAMED).join(', ');
  return keys.length > KEYS_NAMED ? `${named} and ${keys.length - KEYS_NAMED} more` : named;
}

/** What a smoke sample covered and left out: a fact the operator weighs, never a fault. */
function reportSmokeSample(ctx: ProbeContext<MessageId>, site: SiteModel): void {
  const sample = site.stats.smoke;
  if (sample === undefined) return;
  ctx.report(
    'smokeSample',
    {
      read: site.pages.length,
      types: sample.pageTypes.length,
      typeList: listed(sample.pageTypes.map((p) => `${p.key}: ${p.pages}`)),
      assetSets: sample.assetSets.length,
      shapes: sample.pathShapes.length,
      shapeList: listed(sample.pathShapes.map((shape) => shape.replace(/^https?:\/\/[^/]+/, ''))),
      notVisited: sample.pagesNotVisited,
      stoppedBy: sample.stoppedBy === 'nothing-new' ? `${sample.patience} page(s) in a row showed nothing new` : 'no other page was met',
    },
    [],
    { url: site.target },
  );
}
const RATE_ADVICE = 'Slow down: --rate 2 (requests per second), a lower --concurrency, or a larger http.maxRetryAfter';

/** What to try, per cause. */
const ADVICE: Readonly<Record<string, string>> = {
  'status 401': 'The section asks for HTTP authentication: give --auth USER if the probe should read it',
  'status 403': 'The site, its CDN or a WAF refuses this client there: if that is bot protection, set --user-agent or allow-list the probe with a --header token',
  'status 429': RATE_ADVICE,
  ERR_TIMEOUT: 'The pages took longer than --timeout to answer: raise it, or look at why they are slow',
  ERR_CONNECT_TIMEOUT: 'Connections were not accepted in time: the server is overloaded or a firewall drops them',
  ERR_RESET: 'The server closed the connection mid-response',
  ERR_TLS: 'The certificate was refused: --ca FILE to trust its CA, or --insecure',
  ERR_TOO_MANY_REDIRECTS: 'A redirect chain longer than http.maxRedirects (redirects through ever-changing URLs?)',
  ERR_REDIRECT_LOOP: 'The redirects go round in a loop',
  ERR_TOO_LARGE: 'The pages are larger than http.maxHtmlBytes',
};

type Unread =
  | { readonly kind: 'rate-limited'; readonly origin: string; readonly retryAfter: string | null }
  | { readonly kind: 'failing'; readonly cause: string }
  | { readonly kind: 'unreadable'; readonly cause: string };

/** Why a page could not be read, or null when it was (a 404 or a redirect is an answer, not a gap). */
export function unreadCause(page: PageRecord): Unread | null {
  const { response } = page;
  const origin = new URL(page.url).origin;
  if (!response.ok) {
    if (response.error.code === 'ERR_ABORTED') return null; // the run's own outcome says the run was stopped
    if (response.error.code === 'ERR_RATE_LIMITED') return { kind: 'rate-limited', origin, retryAfter: null };
    return { kind: 'unreadable', cause: response.error.code };
  }
  const { status } = response;
  if (status === 429) return { kind: 'rate-limited', origin, retryAfter: response.headers['retry-after'] ?? null };
  if (status >= 500) return { kind: 'failing', cause: `status ${status}` };
  if (status === 401 || status === 403 || status === 400 || status === 405 || status === 406 || status === 451) return { kind: 'unreadable', cause: `status ${status}` };
  return null;
}

/** The folder a page sits in at the first level: "/blog/" for /blog/2024/post/, "/" for /about/ and the root. */
export function sectionOf(url: string): string {
  const segments = new URL(url).pathname.split('/').filter(Boolean);
  const [first] = segments;
  return first !== undefined && segments.length >= 2 ? `/${first}/` : '/';
}

function evidenceOf(pages: readonly PageRecord[]): Evidence[] {
  return pages.map((p) => evidenceFrom(p.response, ['retry-after', 'server', 'content-type', 'www-authenticate', 'location'], p.referencedFrom[0]?.from ? { referrer: p.referencedFrom[0].from } : {}));
}

/** The pages of one section and cause: how many, and the first few by URL (the crawl's order varies with timing; reports must not). */
interface Group {
  cause: Unread;
  readonly section: string;
  count: number;
  readonly examples: PageRecord[];
}

function addExample(examples: PageRecord[], page: PageRecord): void {
  const at = examples.findIndex((other) => compareText(page.url, other.url) < 0);
  if (at === -1) examples.push(page);
  else examples.splice(at, 0, page);
  if (examples.length > EXAMPLES_SHOWN) examples.pop();
}

function reportGroups(ctx: ProbeContext<MessageId>, pages: Iterable<PageRecord>): void {
  const groups = new Map<string, Group>();
  for (const page of pages) {
    if (page.role === 'admin-login') continue;
    const cause = unreadCause(page);
    if (cause === null) continue;
    const section = sectionOf(page.url);
    const key = cause.kind === 'rate-limited' ? `rate ${cause.origin}` : `${cause.kind} ${section} ${cause.cause}`;
    const group = groups.get(key) ?? { cause, section, count: 0, examples: [] };
    if (cause.kind === 'rate-limited' && group.cause.kind === 'rate-limited' && group.cause.retryAfter === null) group.cause = cause;
    group.count += 1;
    addExample(group.examples, page);
    groups.set(key, group);
  }
  for (const { cause, section, count, examples } of groups.values()) {
    const evidence = evidenceOf(examples);
    const sectionUrl = new URL(section, examples[0]?.url).href;
    if (cause.kind === 'rate-limited') {
      const retryAfter = cause.retryAfter === null ? '429' : `429, Retry-After: ${cause.retryAfter}`;
      ctx.report('rateLimited', { origin: cause.origin, retryAfter, count, advice: RATE_ADVICE }, evidence, { url: cause.origin + '/' });
    } else if (cause.kind === 'failing') {
      ctx.report('pagesFailing', { count, section, cause: cause.cause }, evidence, { url: sectionUrl });
    } else {
      const advice = ADVICE[cause.cause] ?? 'Run again with -v to see each request';
      ctx.report('pagesUnreadable', { count, section, cause: cause.cause, advice }, evidence, { url: sectionUrl });
    }
  }
}

export default defineProbe({
  meta: {
    id: 'crawl-coverage',
    title: 'The crawl could read every page it met',
    docs: [
      'A pass only covers what the crawl could read. Pages refused to the probe (401, 403: often bot protection or a WAF reacting to its User-Agent),',
      'rate-limited (429, or a Retry-After longer than `http.maxRetryAfter`), timing out, resetting the connection or redirecting without end are listed here per section and cause,',
      'with what to try; pages answering 5xx are errors of the site. The admin login page is static-assets\' to judge, and a 404 is an answer, not a gap.',
      'It also says, as facts, when the crawl stopped at `--max-pages` or `crawl.maxDepth`, what a `--smoke` sample read (page types, static-asset sets, document/media path shapes) and how many pages it left out,',
      'and how many state-changing links it left alone.',
    ].join(' '),
    // it reads the crawl only.
    maxRequests: 0,
    messages,
  },

  async run(site, ctx) {
    reportGroups(ctx, site.pages);
    const { pagesSkipped, unsafeLinksSkipped } = site.stats;
    if (pagesSkipped > 0) {
      const { maxPages, maxDepth } = ctx.options.crawl;
      ctx.report('pageLimitReached', { read: site.pages.length, maxPages, maxDepth, skipped: pagesSkipped }, [], { url: site.target });
    }
    reportSmokeSample(ctx, site);
    if (unsafeLinksSkipped > 0) ctx.report('stateChangingLinksSkipped', { count: unsafeLinksSkipped }, [], { url: site.target });
  },
});

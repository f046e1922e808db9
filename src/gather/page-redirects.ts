// Redirect chains across pages. The crawler fetches pages with the client's
// redirects off and queues each Location as a page, so a page met by a link
// and by a redirect is fetched once, and a loop ends at the first URL seen
// twice. What the client's hop limit does within one fetch is done here across
// pages: each page carries how many redirects led to it by the shortest route
// known (a seed, a sitemap entry or a link counts 0), and where a chain reaches
// http.maxRedirects, the page whose Location would go one hop further is cut:
// its record says ERR_TOO_MANY_REDIRECTS instead of its 3xx.
//
// Routes are found in any order. A shorter one found after a page was fetched
// is passed down the chain behind it, and a chain cut too early resumes.
// Counts only fall, never below 0, so passing them on ends.

import type { FetchFailure, FetchResponse, Hop } from '../http/types.js';

/** Where a page stands in a chain of redirects. */
export interface ChainPosition {
  /** Redirects that led to it, by the shortest route known. */
  readonly redirects: number;
  /** Where that route's redirects began: the page itself when there were none. */
  readonly start: string;
}

/** A page reached by a link, a seed or a sitemap: no redirect led to it. */
export function chainStart(url: string): ChainPosition {
  return { redirects: 0, start: url };
}

/** What became of a fetched page's Location. */
interface Redirected {
  readonly next: string;
  /** The 3xx, kept while the chain is cut at this page, so that it can resume. */
  cut: FetchResponse | null;
}

/** What a shorter route to a fetched page changes. */
export type Rerouted =
  /** Its Location was queued: that page is now nearer the start too. */
  | { readonly kind: 'pass-on'; readonly next: string; readonly position: ChainPosition }
  /** The chain was cut here: record `response` again and follow `next` after all. */
  | { readonly kind: 'resume'; readonly next: string; readonly position: ChainPosition; readonly response: FetchResponse };

export class RedirectChains {
  private readonly positions = new Map<string, ChainPosition>();
  private readonly redirected = new Map<string, Redirected>();

  constructor(readonly maxRedirects: number) {}

  /** The first route to a page, when it is queued. */
  enter(url: string, position: ChainPosition): void {
    // A page no redirect led to is where position() starts anyway, and no route is shorter: nothing to keep per page.
    if (position.redirects === 0 && position.start === url) return;
    this.positions.set(url, position);
  }

  position(url: string): ChainPosition {
    return this.positions.get(url) ?? chainStart(url);
  }

  /** A fetched page redirects to `next`: where next stands, or null when the chain is cut here. */
  follow(url: string, response: FetchResponse, next: string): ChainPosition | null {
    const at = this.position(url);
    if (at.redirects >= this.maxRedirects) {
      this.redirected.set(url, { next, cut: response });
      return null;
    }
    this.redirected.set(url, { next, cut: null });
    return { redirects: at.redirects + 1, start: at.start };
  }

  /** Another route to a queued page: what changes when it is shorter; null when nothing does. */
  reroute(url: string, position: ChainPosition): Rerouted | null {
    const known = this.positions.get(url);
    if (known === undefined || position.redirects >= known.redirects) return null;
    this.positions.set(url, position);
    // Not fetched yet (the fetch reads the new position when it returns), or not a redirect.
    const redirect = this.redirected.get(url);
    if (redirect === undefined) return null;
    // Known positions never exceed the limit, so a shorter one is below it: the next hop is allowed.
    const next: ChainPosition = { redirects: position.redirects + 1, start: position.start };
    if (redirect.cut === null) return { kind: 'pass-on', next: redirect.next, position: next };
    const response = redirect.cut;
    redirect.cut = null;
    return { kind: 'resume', next: redirect.next, position: next, response };
  }
}

/**
 * The failure recorded for the page where a chain was cut, shaped as the
 * client shapes its own: the hop not followed last, `url` where it pointed.
 */
export function tooManyRedirects(response: FetchResponse, next: string, at: ChainPosition, maxRedirects: number): FetchFailure {
  const hop: Hop = { url: response.url, status: response.status, location: response.headers['location'] ?? null, headers: response.headers };
  return {
    ok: false,
    request: response.request,
    url: next,
    error: {
      code: 'ERR_TOO_MANY_REDIRECTS',
      message: `more than ${maxRedirects} redirects (http.maxRedirects) from ${at.start}; not followed: ${response.url} to ${next}`,
    },
    hops: [...response.hops, hop],
    timing: response.timing,
    attempts: response.attempts,
    flaky: response.flaky,
  };
}

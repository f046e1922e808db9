// Builders for probe unit tables: a SiteModel, responses as the client would
// record them, and a fetcher that answers a probe's targeted requests from a
// table (an unexpected request fails the test instead of touching a network).

import type { BodyFacts, FetchFailure, FetchResponse, FetchResult, HeaderMap, Hop } from '../../src/http/types.js';
import type { PageFacts, PageRecord, Reference, ResourceKind, ResourceRecord, SiteModel } from '../../src/gather/model.js';
import type { RunOptions } from '../../src/engine/options.js';
import { runProbe, type Probe, type ProbeFetchOptions, type ProbeRun } from '../../src/engine/probe.js';
import { classifyResource } from '../../src/gather/classify.js';

export const SITE = 'https://site.test/';

export interface ResponseSpec {
  url: string;
  status?: number;
  headers?: Record<string, string>;
  setCookies?: string[];
  hops?: Hop[];
  /** Body bytes as text (latin-1); sets prefix and, when complete, the digests are left to the caller. */
  body?: string;
  complete?: boolean;
  md5?: string;
  sha1?: string;
  text?: string;
  method?: 'GET' | 'HEAD';
  requestHeaders?: Record<string, string>;
  ttfbMs?: number;
  attempts?: number;
}

function lower(headers: Record<string, string> = {}): HeaderMap {
  return Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
}

export function response(spec: ResponseSpec): FetchResponse {
  const bodyBytes = Buffer.from(spec.body ?? '', 'latin1');
  const body: BodyFacts = {
    bytesRead: bodyBytes.length,
    complete: spec.complete ?? true,
    ...(spec.md5 ? { md5: spec.md5 } : {}),
    ...(spec.sha1 ? { sha1: spec.sha1 } : {}),
    prefixBase64: bodyBytes.subarray(0, 512).toString('base64'),
  };
  return {
    ok: true,
    request: { method: spec.method ?? 'GET', url: spec.hops?.[0]?.url ?? spec.url, headers: lower(spec.requestHeaders) },
    url: spec.url,
    status: spec.status ?? 200,
    headers: lower(spec.headers),
    setCookies: spec.setCookies ?? [],
    hops: spec.hops ?? [],
    timing: { startedAt: '2026-01-01T00:00:00.000Z', ttfbMs: spec.ttfbMs ?? 5, totalMs: (spec.ttfbMs ?? 5) + 1 },
    attempts: spec.attempts ?? 1,
    flaky: (spec.attempts ?? 1) > 1,
    body,
    ...(spec.text !== undefined ? { text: spec.text } : {}),
  };
}

export function failure(url: string, code: FetchFailure['error']['code'], message = code): FetchFailure {
  return {
    ok: false,
    request: { method: 'GET', url, headers: {} },
    url,
    hops: [],
    timing: { startedAt: '2026-01-01T00:00:00.000Z', ttfbMs: 0, totalMs: 1 },
    attempts: 1,
    flaky: false,
    error: { code, message },
  };
}

export function hop(url: string, status: number, location: string | null, headers: Record<string, string> = {}): Hop {
  return { url, status, location, headers: lower(headers) };
}

const NO_FACTS: PageFacts = { title: null, forms: [], hasWagtailUserbar: false, hasDjangoDebugPage: false, outgoingReferences: 0, charset: 'utf-8' };

export function page(result: FetchResult, facts: Partial<PageFacts> | null = {}, role: PageRecord['role'] = 'content'): PageRecord {
  return {
    url: result.request.url,
    depth: 1,
    referencedFrom: [{ from: SITE, via: 'a' }],
    referenceCount: 1,
    response: result,
    facts: facts === null ? null : { ...NO_FACTS, ...facts },
    role,
  };
}

export function resource(kind: ResourceKind, result: FetchResult | null, from: Reference[] = [{ from: SITE, via: 'a' }], url?: string): ResourceRecord {
  const resolved = url ?? result?.request.url;
  if (!resolved) throw new Error('resource() needs a url when there is no response');
  return {
    url: resolved,
    kind,
    sameOrigin: new URL(resolved).origin === new URL(SITE).origin,
    referencedFrom: from,
    referenceCount: from.length,
    response: result,
    ...(result === null ? { notFetchedReason: 'sampled out' } : {}),
    // As the crawler records it: where a redirected response landed, with the kit site's bases.
    ...(result?.ok && result.url !== resolved ? { landedKind: classifyResource(result.url, 'redirect', KIT_BASES) } : {}),
  };
}

const KIT_BASES = { origins: [new URL(SITE).origin], staticUrl: new URL('/static/', SITE).href, mediaUrl: new URL('/media/', SITE).href };

export function site(parts: Partial<SiteModel> = {}): SiteModel {
  return {
    target: SITE,
    origins: [new URL(SITE).origin],
    adminLoginUrl: new URL('/admin/login/', SITE).href,
    staticUrl: { url: new URL('/static/', SITE).href, source: 'admin-assets' },
    mediaUrl: { url: new URL('/media/', SITE).href, source: 'renditions' },
    pages: [],
    resources: [],
    sitemaps: [],
    startedAt: '2026-01-01T00:00:00.000Z',
    stats: { pagesQueued: 0, pagesSkipped: 0, unsafeLinksSkipped: 0, durationMs: 1 },
    ...parts,
  };
}

export function options(overrides: Partial<RunOptions> = {}): RunOptions {
  return {
    target: SITE,
    runTimeoutMs: 0,
    secrets: [],
    adminPath: '/admin/',
    mediaUrl: null,
    staticUrl: null,
    plainHttpUrl: null,
    privateCanaries: { documents: [], pages: [] },
    originalsPrivate: true,
    probes: [],
    skipProbes: [],
    severity: {},
    silenced: [],
    failOn: 'error',
    http: {
      timeoutMs: 1000, connectTimeoutMs: 1000, userAgent: 'wagtail-probe/test', siteOrigin: 'https://site.test', headers: {}, ca: null, insecure: false,
      maxRedirects: 10, retries: 0, retryBudgetMs: 0, maxRetryAfterMs: 60_000, maxHtmlBytes: 1_000_000, maxAssetBytes: 1_000_000, sniffBytes: 4096,
    },
    crawl: { maxPages: 100, maxDepth: 10, concurrency: 2, rate: 0, include: [], exclude: [], seeds: [], maxMediaSamples: 100 },
    ...overrides,
  };
}

/** A canned answer for a targeted request: matched on URL, and on request headers when given. */
export interface Canned {
  url: string;
  /** Request headers that must be present (lower-case names) for this answer to match. */
  when?: Record<string, string>;
  followRedirects?: boolean;
  /** When given, matches only a request that asked (true) or did not ask (false) for a fresh answer (ProbeFetchOptions.fresh). */
  fresh?: boolean;
  /**
   * Answers one request, then is used up: the next request that matches gets
   * the next entry. Two `once` entries for one URL answer its first and second
   * request in order (two fresh clients getting different pages).
   */
  once?: boolean;
  result: FetchResult;
}

export interface ProbeTestRun extends ProbeRun {
  /** Every targeted request the probe made, in order. */
  requests: { url: string; options: ProbeFetchOptions }[];
}

/**
 * Runs a probe on a site with a table of canned answers. A request with no
 * canned answer throws, which the probe run records as an error outcome: the
 * test then fails on the outcome, never silently.
 */
export async function runOn(probe: Probe, model: SiteModel, canned: Canned[] = [], opts: RunOptions = options()): Promise<ProbeTestRun> {
  const requests: ProbeTestRun['requests'] = [];
  const usedUp = new Set<Canned>();
  const fetcher = async (url: string, fetchOptions: ProbeFetchOptions = {}): Promise<FetchResult> => {
    requests.push({ url, options: fetchOptions });
    const sent = Object.fromEntries(Object.entries(fetchOptions.headers ?? {}).map(([k, v]) => [k.toLowerCase(), v]));
    const match = canned.find(
      (c) =>
        !usedUp.has(c) &&
        c.url === url &&
        (c.followRedirects === undefined || c.followRedirects === (fetchOptions.followRedirects ?? true)) &&
        (c.fresh === undefined || c.fresh === (fetchOptions.fresh ?? false)) &&
        Object.entries(c.when ?? {}).every(([k, v]) => sent[k.toLowerCase()] === v),
    );
    if (!match) throw new Error(`unexpected request in test: ${url} ${JSON.stringify(fetchOptions)}`);
    if (match.once) usedUp.add(match);
    return match.result;
  };
  const run = await runProbe(probe, model, opts, fetcher);
  return { ...run, requests };
}

/** "messageId url" lines, sorted: the shape most table expectations compare. */
export function summary(run: ProbeRun): string[] {
  return run.findings.map((f) => `${f.inconclusive ? '?' : ''}${f.messageId} ${f.url}`).sort();
}

// One run, as a library call: resolve options, gather the SiteModel once, run
// the probes over it, and return a RunResult. The CLI is a thin layer over this.

import { applyBaseline, readBaseline } from './baseline.js';
import { ConfigError, DEFAULT_CONFIG_FILE, readConfig, resolveOptions, type ConfigFile, type ReportFormatName } from './config.js';
import { crawl, type CrawlEvent } from './crawl/crawler.js';
import { createHttpClient } from './http/client.js';
import type { FetchOptions, FetchResult, HttpClient } from './http/types.js';
import type { SiteModel } from './model.js';
import type { RunOptions } from './options.js';
import { runProbe, type Probe, type ProbeRun } from './probe.js';
import { ALL_PROBES } from './registry.js';
import { RESULT_SCHEMA_VERSION, type LatencySample, type RunResult } from './result.js';
import { VERSION } from './version.js';
import { access } from 'node:fs/promises';

/** An error that means the run could not happen at all: exit code 2. */
export class RunError extends Error {
  constructor(
    readonly code: 'ERR_CONFIG' | 'ERR_UNREACHABLE' | 'ERR_BASELINE',
    message: string,
  ) {
    super(message);
  }
}

export interface RunRequest extends ConfigFile {
  /** Config file to read; undefined reads ./wagtail-probe.config.json when it exists; false reads none. */
  configFile?: string | false;
}

export type RunEvent = CrawlEvent | { readonly type: 'probe'; readonly id: string; readonly status: ProbeRun['outcome']['status'] } | { readonly type: 'retry'; readonly url: string; readonly reason: string };

export interface RunHooks {
  onEvent?(event: RunEvent): void;
  /** For tests and embedding: a client to use instead of one built from the options. */
  client?: HttpClient;
}

/** The messages each probe declares, to validate the config's references to them. */
export function probeMessageIds(probes: readonly Probe[] = ALL_PROBES): Map<string, string[]> {
  return new Map(probes.map((p) => [p.meta.id, Object.keys(p.meta.messages)]));
}

export function selectProbes(options: RunOptions, probes: readonly Probe[] = ALL_PROBES): Probe[] {
  return probes.filter((p) => (options.probes.length === 0 || options.probes.includes(p.meta.id)) && !options.skipProbes.includes(p.meta.id));
}

async function loadConfigFile(configFile: RunRequest['configFile']): Promise<ConfigFile> {
  if (configFile === false) return {};
  if (configFile !== undefined) return readConfig(configFile);
  try {
    await access(DEFAULT_CONFIG_FILE);
  } catch {
    return {};
  }
  return readConfig(DEFAULT_CONFIG_FILE);
}

/** What a run needs beside its options: the reports to write and the baseline, from the request or its config file. */
export interface ResolvedRequest {
  readonly options: RunOptions;
  readonly reports: readonly { readonly format: ReportFormatName; readonly output: string | null }[];
  readonly baseline: string | null;
}

export async function resolveRunRequest(request: RunRequest): Promise<ResolvedRequest> {
  const { configFile, ...overrides } = request;
  try {
    const file = await loadConfigFile(configFile);
    const options = await resolveOptions(file, overrides, probeMessageIds());
    const reports = (overrides.reports ?? file.reports ?? []).map((r) => ({ format: r.format, output: r.output ?? null }));
    return { options, reports, baseline: overrides.baseline ?? file.baseline ?? null };
  } catch (error) {
    if (error instanceof ConfigError) throw new RunError('ERR_CONFIG', error.message);
    throw error;
  }
}

/** Probes share one memo: the same targeted request is sent once per run. */
function memoisedFetch(client: HttpClient): (url: string, options?: FetchOptions) => Promise<FetchResult> {
  const memo = new Map<string, Promise<FetchResult>>();
  return (url, options = {}) => {
    const key = JSON.stringify([url, options.method ?? 'GET', options.headers ?? {}, options.followRedirects ?? true, options.body ?? null, options.identity ?? true]);
    let pending = memo.get(key);
    if (!pending) {
      pending = client.fetch(url, options);
      memo.set(key, pending);
    }
    return pending;
  };
}

const UNREACHABLE_CODES = new Set(['ERR_DNS', 'ERR_REFUSED', 'ERR_CONNECT_TIMEOUT', 'ERR_TLS', 'ERR_BAD_URL']);

/** The start page failing below HTTP means there is no site to judge. */
function assertReachable(site: SiteModel): void {
  const start = site.pages.find((p) => p.url === site.target);
  if (start && !start.response.ok && UNREACHABLE_CODES.has(start.response.error.code)) {
    throw new RunError('ERR_UNREACHABLE', `cannot reach ${site.target}: ${start.response.error.code} ${start.response.error.message}`);
  }
}

function latencySamples(site: SiteModel): LatencySample[] {
  const sample = (url: string, kind: string, response: FetchResult | null): LatencySample[] =>
    response === null
      ? []
      : [{ url, kind, status: response.ok ? response.status : null, ttfbMs: response.timing.ttfbMs, totalMs: response.timing.totalMs }];
  return [...site.pages.flatMap((p) => sample(p.url, 'page', p.response)), ...site.resources.flatMap((r) => sample(r.url, r.kind, r.response))];
}

function gatherSummary(site: SiteModel, client: HttpClient): RunResult['gather'] {
  const count = (kinds: readonly string[]): number => site.resources.filter((r) => kinds.includes(r.kind)).length;
  const stats = client.stats();
  return {
    pages: site.pages.length,
    assets: count(['static', 'asset']),
    documents: count(['document', 'document-file']),
    images: count(['rendition', 'original-image', 'image', 'image-serve']),
    requests: stats.requests,
    retries: stats.retries,
    errors: stats.errors,
    bytesRead: stats.bytesRead,
    durationMs: site.stats.durationMs,
  };
}

export async function runWithOptions(options: RunOptions, hooks: RunHooks = {}, baselineFile: string | null = null): Promise<RunResult> {
  const started = Date.now();
  const baseline = baselineFile === null ? null : await readBaseline(baselineFile).catch((error: Error) => {
    throw new RunError('ERR_BASELINE', error.message);
  });
  const client =
    hooks.client ??
    createHttpClient(
      { ...options.http, concurrency: options.crawl.concurrency, rate: options.crawl.rate },
      { onRetry: (url, _attempt, reason) => hooks.onEvent?.({ type: 'retry', url, reason }) },
    );
  try {
    const site = await crawl(options, client, { onEvent: (event) => hooks.onEvent?.(event) });
    assertReachable(site);
    const fetcher = memoisedFetch(client);
    const probes = await Promise.all(
      selectProbes(options).map(async (probe) => {
        const result = await runProbe(probe, site, options, fetcher);
        hooks.onEvent?.({ type: 'probe', id: result.id, status: result.outcome.status });
        return result;
      }),
    );
    const result: RunResult = {
      schemaVersion: RESULT_SCHEMA_VERSION,
      outcome: { status: 'complete' },
      tool: { name: 'wagtail-probe', version: VERSION },
      target: site.target,
      startedAt: new Date(started).toISOString(),
      durationMs: Date.now() - started,
      failOn: options.failOn,
      gather: gatherSummary(site, client),
      probes,
      latency: latencySamples(site),
    };
    return baseline === null || baselineFile === null ? result : applyBaseline(result, baseline, baselineFile);
  } finally {
    if (!hooks.client) await client.close();
  }
}

/** The library entry point: `await run({ target: 'https://example.com/' })`. */
export async function run(request: RunRequest, hooks: RunHooks = {}): Promise<RunResult> {
  const { options, baseline } = await resolveRunRequest(request);
  return runWithOptions(options, hooks, baseline);
}

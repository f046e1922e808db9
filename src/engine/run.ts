// One run, as a library call: resolve options, gather the SiteModel once, run
// the probes over it, and return a RunResult. The CLI is a thin layer over this.

import { applyBaseline, readBaseline } from './baseline.js';
import { ConfigError, DEFAULT_CONFIG_FILE, readConfig, resolveOptions, type ConfigFile, type ReportFormatName, type SecretSources } from '../config/config.js';
import { crawl, type CrawlEvent } from '../gather/crawler.js';
import { createHttpClient } from '../http/client.js';
import type { FetchOptions, FetchResult, HttpClient } from '../http/types.js';
import type { PageRecord, SiteModel } from '../gather/model.js';
import { PageStore } from '../gather/page-store.js';
import { normaliseUrl } from '../gather/urls.js';
import type { RunOptions } from './options.js';
import { runProbe, type Probe, type ProbeFetch, type ProbeRun } from './probe.js';
import { ALL_PROBES } from '../../probes/index.js';
import { RESULT_SCHEMA_VERSION, withVerdicts, type LatencySample, type RunOutcome, type RunResult } from './result.js';
import { createRedactor } from './secrets.js';
import { monitorAccount, monitorSecrets, type MonitorSecretSources } from '../session/credentials.js';
import { VERSION } from '../version.js';
import { access } from 'node:fs/promises';
import { configFileLocation } from '../config/config-location.js';
import { declaredLength } from '../signals/compression.js';
import { mediaTypeEssence } from '../signals/content-type.js';
import type { SarifLocation } from '../report/sarif.js';

/** An error that means the run could not start (bad usage or config): exit code 2. */
export class RunError extends Error {
  constructor(
    readonly code: 'ERR_CONFIG' | 'ERR_BASELINE',
    message: string,
  ) {
    super(message);
  }
}

export interface RunRequest extends ConfigFile {
  /** Config file to read; undefined reads ./wagtail-probe.config.json when it exists; false reads none. */
  configFile?: string | false;
}

export type RunEvent =
  | CrawlEvent
  | { readonly type: 'probe'; readonly id: string; readonly status: ProbeRun['outcome']['status'] }
  | { readonly type: 'retry'; readonly url: string; readonly reason: string }
  /** Every request the run made, once answered (for -v). */
  | { readonly type: 'response'; readonly method: string; readonly url: string; readonly status: number | null; readonly error?: string; readonly ms: number };

export interface RunHooks {
  onEvent?(event: RunEvent): void;
  /** For tests and embedding: a client to use instead of one built from the options. */
  client?: HttpClient;
  /** Stops the run (SIGINT/SIGTERM): it still returns a result, with outcome not-probed/interrupted. */
  signal?: AbortSignal;
}

/** The messages each probe declares, to validate the config's references to them. */
export function probeMessageIds(probes: readonly Probe[] = ALL_PROBES): Map<string, string[]> {
  return new Map(probes.map((p) => [p.meta.id, Object.keys(p.meta.messages)]));
}

export function selectProbes(options: RunOptions, probes: readonly Probe[] = ALL_PROBES): Probe[] {
  return probes.filter((p) => (options.probes.length === 0 || options.probes.includes(p.meta.id)) && !options.skipProbes.includes(p.meta.id));
}

/** The config file and where it names the target (for SARIF), or nothing when the run reads none. */
async function loadConfigFile(configFile: RunRequest['configFile']): Promise<{ file: ConfigFile; location: SarifLocation | null }> {
  if (configFile === false) return { file: {}, location: null };
  const path = configFile ?? DEFAULT_CONFIG_FILE;
  if (configFile === undefined) {
    try {
      await access(DEFAULT_CONFIG_FILE);
    } catch {
      return { file: {}, location: null };
    }
  }
  const { file, text } = await readConfig(path);
  return { file, location: configFileLocation(path, text) };
}

/** What a run needs beside its options: the reports to write and the baseline, from the request or its config file. */
export interface ResolvedRequest {
  readonly options: RunOptions;
  readonly reports: readonly { readonly format: ReportFormatName; readonly output: string | null }[];
  readonly baseline: string | null;
  /** The config file's pushGateway with the request's keys over it (the CLI pushes; a library run does not). */
  readonly pushGateway: ConfigFile['pushGateway'] | null;
  /** The config file's line that names the target, where SARIF results are located; null without a config file in the checkout. */
  readonly sarifLocation: SarifLocation | null;
}

export async function resolveRunRequest(request: RunRequest, sources: SecretSources & MonitorSecretSources = { env: process.env }): Promise<ResolvedRequest> {
  const { configFile, ...overrides } = request;
  try {
    const { file, location } = await loadConfigFile(configFile);
    const resolvedOptions = await resolveOptions(file, overrides, probeMessageIds(), sources);
    // Validated with the rest by resolveOptions (CONFIG_SCHEMA); read here like baseline, the request's over the file's.
    const smoke = overrides.smoke ?? file.smoke ?? false;
    const smoked: RunOptions = smoke ? { ...resolvedOptions, smoke } : resolvedOptions;
    // The monitor account, validated with the rest (CONFIG_SCHEMA); its credentials from the environment or stdin only, both redacted everywhere.
    const monitor = monitorAccount(overrides.monitor ?? file.monitor, sources);
    const options: RunOptions = monitor === null ? smoked : { ...smoked, monitor, secrets: [...smoked.secrets, ...monitorSecrets(monitor)] };
    const reports = (overrides.reports ?? file.reports ?? []).map((r) => ({ format: r.format, output: r.output ?? null }));
    const pushGateway = file.pushGateway || overrides.pushGateway ? { ...file.pushGateway, ...overrides.pushGateway } : null;
    return { options, reports, baseline: overrides.baseline ?? file.baseline ?? null, pushGateway, sarifLocation: location };
  } catch (error) {
    if (error instanceof ConfigError) throw new RunError('ERR_CONFIG', error.message);
    throw error;
  }
}

/** Probes share one memo: the same targeted request is sent once per run, unless a probe asks for a fresh one. */
export function memoisedFetch(client: HttpClient): ProbeFetch {
  const memo = new Map<string, Promise<FetchResult>>();
  return (url, options = {}) => {
    const { fresh = false, ...sent } = options;
    if (fresh) return client.fetch(url, sent);
    const key = JSON.stringify([url, sent.method ?? 'GET', sent.headers ?? {}, sent.followRedirects ?? true, sent.body ?? null, sent.identity ?? true]);
    let pending = memo.get(key);
    if (!pending) {
      pending = client.fetch(url, sent);
      memo.set(key, pending);
    }
    return pending;
  };
}

/** The page the start URL ends on, following its redirects through the crawl's pages (the crawler queues each hop). */
function landingPage(site: SiteModel, maxHops: number): PageRecord | undefined {
  // One pass for where each redirect leads (a big crawl's pages are read back from disk), one to fetch the landing page.
  const crawled = new Set<string>();
  const locations = new Map<string, string>();
  for (const { url, response } of site.pages) {
    crawled.add(url);
    const location = response.ok && response.status >= 300 && response.status < 400 ? response.headers['location'] : undefined;
    // A Location that is no URL (the crawl recorded it and followed nothing) ends no chain.
    const next = location === undefined ? null : normaliseUrl(location, url);
    if (next !== null) locations.set(url, next);
  }
  if (!crawled.has(site.target)) return undefined;
  let url = site.target;
  for (let hop = 0; hop < maxHops; hop += 1) {
    const next = locations.get(url);
    if (next === undefined || next === url || !crawled.has(next)) break;
    url = next;
  }
  for (const page of site.pages) if (page.url === url) return page;
  return undefined;
}

/** Whether there is a site to judge: the start page was read, and some page answered 2xx. */
export function probeability(site: SiteModel, maxHops: number): RunOutcome {
  const landing = landingPage(site, maxHops);
  if (landing && !landing.response.ok) {
    const { code, message } = landing.response.error;
    return { status: 'not-probed', reason: 'unreachable', message: `cannot read ${landing.url}: ${code}: ${message}` };
  }
  const statuses = new Set<number>();
  let failed = 0;
  for (const { response } of site.pages) {
    if (!response.ok) failed += 1;
    else if (response.status >= 200 && response.status < 300) return { status: 'complete' };
    else statuses.add(response.status);
  }
  const seen = [statuses.size > 0 && `status ${[...statuses].sort().join(', ')}`, failed > 0 && `${failed} failed`].filter(Boolean).join('; ');
  return { status: 'not-probed', reason: 'no-page-answered', message: `no page of ${site.target} answered 2xx (${site.pages.length} tried: ${seen || 'none'})` };
}

/** One sample per response, pages first: built into one list, since a big crawl makes tens of thousands. */
function latencySamples(site: SiteModel): LatencySample[] {
  const samples: LatencySample[] = [];
  const add = (url: string, kind: string, response: FetchResult | null): void => {
    if (response === null) return;
    const { ttfbMs, totalMs } = response.timing;
    if (!response.ok) {
      samples.push({ url, kind, status: null, ttfbMs, totalMs });
      return;
    }
    const contentType = mediaTypeEssence(response.headers['content-type']);
    const bytes = declaredLength(response.headers) ?? (response.body.complete ? response.body.bytesRead : null);
    const sample: { -readonly [K in keyof LatencySample]: LatencySample[K] } = { url, kind, status: response.status, ttfbMs, totalMs };
    if (contentType !== '') sample.contentType = contentType;
    if (bytes !== null) sample.bytes = bytes;
    samples.push(sample);
  };
  for (const page of site.pages) add(page.url, 'page', page.response);
  for (const resource of site.resources) add(resource.url, resource.kind, resource.response);
  return samples;
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

/** What stopped a run before it finished, if anything: its deadline, or the caller (SIGINT/SIGTERM). */
function stopper(options: RunOptions, external: AbortSignal | undefined) {
  const controller = new AbortController();
  let reason: 'deadline' | 'interrupted' | null = null;
  const stop = (why: 'deadline' | 'interrupted', message: string): void => {
    if (reason !== null) return;
    reason = why;
    controller.abort(message);
  };
  const timer = options.runTimeoutMs > 0 ? setTimeout(() => stop('deadline', `the run took longer than its ${options.runTimeoutMs / 1000} s deadline (--run-timeout)`), options.runTimeoutMs) : null;
  timer?.unref();
  const onExternal = (): void => stop('interrupted', 'the run was interrupted (SIGINT or SIGTERM)');
  if (external?.aborted) onExternal();
  external?.addEventListener('abort', onExternal, { once: true });
  return {
    signal: controller.signal,
    outcome(): RunOutcome | null {
      return reason === null ? null : { status: 'not-probed', reason, message: String(controller.signal.reason) };
    },
    dispose(): void {
      if (timer) clearTimeout(timer);
      external?.removeEventListener('abort', onExternal);
    },
  };
}

function emptyGather(): RunResult['gather'] {
  return { pages: 0, assets: 0, documents: 0, images: 0, requests: 0, retries: 0, errors: 0, bytesRead: 0, durationMs: 0 };
}

export async function runWithOptions(options: RunOptions, hooks: RunHooks = {}, baselineFile: string | null = null): Promise<RunResult> {
  const started = Date.now();
  const baseline = baselineFile === null ? null : await readBaseline(baselineFile).catch((error: Error) => {
    throw new RunError('ERR_BASELINE', error.message);
  });
  const stop = stopper(options, hooks.signal);
  const client =
    hooks.client ??
    createHttpClient(
      { ...options.http, concurrency: options.crawl.concurrency, rate: options.crawl.rate },
      {
        onRetry: (url, _attempt, reason) => hooks.onEvent?.({ type: 'retry', url, reason }),
        onResponse: (response) => hooks.onEvent?.(responseEvent(response)),
      },
      { signal: stop.signal },
    );
  const finish = (outcome: RunOutcome, site: SiteModel | null, probes: ProbeRun[]): RunResult => {
    const result: RunResult = {
      schemaVersion: RESULT_SCHEMA_VERSION,
      outcome,
      tool: { name: 'wagtail-probe', version: VERSION },
      target: options.target,
      startedAt: new Date(started).toISOString(),
      durationMs: Date.now() - started,
      failOn: options.failOn,
      gather: site ? gatherSummary(site, client) : { ...emptyGather(), ...client.stats() },
      probes,
      latency: site ? latencySamples(site) : [],
    };
    const judged = baseline === null || baselineFile === null ? result : applyBaseline(result, baseline, baselineFile);
    return createRedactor(options.secrets).value(withVerdicts(judged));
  };
  let site: SiteModel | null = null;
  try {
    site = await crawl(options, client, { onEvent: (event) => hooks.onEvent?.(event) });
    const notProbed = stop.outcome() ?? notComplete(probeability(site, options.http.maxRedirects));
    if (notProbed) return finish(notProbed, site, []);
    const fetcher = memoisedFetch(client);
    const crawled = site;
    const probes = await Promise.all(
      selectProbes(options).map(async (probe) => {
        const result = await runProbe(probe, crawled, options, fetcher);
        hooks.onEvent?.({ type: 'probe', id: result.id, status: result.outcome.status });
        return result;
      }),
    );
    // Probes that ran into a stopped client judged holes, not the site: keep none of it.
    return finish(stop.outcome() ?? { status: 'complete' }, site, stop.outcome() ? [] : probes);
  } catch (error) {
    if (error instanceof RunError) throw error;
    return finish({ status: 'crashed', message: error instanceof Error ? (error.stack ?? error.message) : String(error) }, site, []);
  } finally {
    stop.dispose();
    // The result holds no page record: the crawl's scratch file of pages can go.
    if (site?.pages instanceof PageStore) site.pages.close();
    if (!hooks.client) await client.close();
  }
}

function notComplete(outcome: RunOutcome): RunOutcome | null {
  return outcome.status === 'complete' ? null : outcome;
}

function responseEvent(response: FetchResult): RunEvent {
  return {
    type: 'response',
    method: response.request.method,
    url: response.request.url,
    status: response.ok ? response.status : null,
    ...(response.ok ? {} : { error: `${response.error.code}: ${response.error.message}` }),
    ms: response.timing.totalMs,
  };
}

/** The library entry point: `await run({ target: 'https://example.com/' })`. */
export async function run(request: RunRequest, hooks: RunHooks = {}): Promise<RunResult> {
  const { options, baseline } = await resolveRunRequest(request);
  return runWithOptions(options, hooks, baseline);
}

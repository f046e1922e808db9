// A fleet: several sites in one config file, each with the settings of a
// single-site config (any CONFIG_SCHEMA key) over fleet-wide defaults. The CLI
// (`check --fleet`) runs them with one report per site; the exporter (`serve`)
// re-probes each on its own interval. A site is known by its name: the
// exporter's /probe?target= takes names only, so it never fetches a URL the
// file does not list.
//
//   {
//     "defaults": { "crawl": { "maxPages": 200 }, "runTimeout": 600 },
//     "exporter": { "interval": 900, "parallelSites": 2 },
//     "sites": [
//       { "name": "www", "target": "https://www.example.com/", "private": { "documents": ["…"] } },
//       { "name": "shop", "target": "https://shop.example.com/", "interval": 300 }
//     ]
//   }
//
// Paths in the file (ca, baseline, report outputs) are relative to the working
// directory, as in a single-site config; `{site}` in an output or baseline path
// is the site's name.

import { readFile } from 'node:fs/promises';
import { parse as parseJsonc, printParseErrorCode, type ParseError } from 'jsonc-parser';
import { ConfigError, validateObject, type FieldSpec } from './schema.js';
import { CONFIG_SCHEMA, type ConfigFile, type ReportFormatName } from './keys.js';
import { resolveOptions, type SecretSources } from './config.js';
import type { RunOptions } from '../engine/options.js';

/** Seconds between the end of one exporter run of a site and the start of its next, unless the fleet or the site says. */
export const DEFAULT_INTERVAL_SECONDS = 900;
/** Sites probed at once, unless the fleet or --parallel-sites says. */
export const DEFAULT_PARALLEL_SITES = 2;
/** The placeholder for the site's name in output and baseline paths. */
export const SITE_PLACEHOLDER = '{site}';

/** Names travel as file names, Kubernetes names and label values: keep them plain. */
const SITE_NAME = /^[a-z0-9](?:[a-z0-9._-]{0,61}[a-z0-9])?$/;

const INTERVAL: FieldSpec = { type: 'number', min: 1, max: 7 * 86_400, doc: 'Seconds from the end of one exporter run of a site to the start of its next.' };

/** One site: every key of the single-site config, its name, and its own exporter interval. */
const SITE_SCHEMA: Readonly<Record<string, FieldSpec>> = {
  name: { type: 'string', doc: 'The site\'s name: lower-case letters, digits, ".", "-" and "_" (the exporter\'s ?target=, report file names).' },
  interval: INTERVAL,
  ...CONFIG_SCHEMA,
};

/** Defaults: any single-site key but the target (a target shared by every site is no fleet). */
const DEFAULTS_SCHEMA: Readonly<Record<string, FieldSpec>> = Object.fromEntries(Object.entries(CONFIG_SCHEMA).filter(([key]) => key !== 'target' && key !== '$schema'));

export const FLEET_SCHEMA: Readonly<Record<string, FieldSpec>> = {
  $schema: { type: 'string', doc: 'Ignored: lets editors find a schema.' },
  defaults: { type: 'object', fields: DEFAULTS_SCHEMA, doc: 'Settings of every site, under each site\'s own.' },
  exporter: {
    type: 'object',
    doc: 'How `wagtail-probe serve` schedules the fleet.',
    fields: {
      interval: { ...INTERVAL, doc: `Seconds from the end of one run of a site to the start of its next (default ${DEFAULT_INTERVAL_SECONDS}); a site's own "interval" wins.` },
      parallelSites: { type: 'number', min: 1, max: 256, integer: true, doc: `Sites probed at once (default ${DEFAULT_PARALLEL_SITES}); --parallel-sites wins.` },
    },
  },
  sites: {
    type: 'object-array',
    required: ['name', 'target'],
    fields: SITE_SCHEMA,
    doc: 'The sites, each {"name": …, "target": …} with any key of the single-site config.',
  },
};

/** A site entry as written. */
export interface FleetSiteEntry extends ConfigFile {
  name: string;
  interval?: number;
}

/** The fleet file as written. */
export interface FleetFile {
  defaults?: Omit<ConfigFile, 'target'>;
  exporter?: { interval?: number; parallelSites?: number };
  sites: FleetSiteEntry[];
}

/** One site, resolved: what a run of it needs. */
export interface FleetSite {
  readonly name: string;
  readonly options: RunOptions;
  readonly reports: readonly { readonly format: ReportFormatName; readonly output: string | null }[];
  readonly baseline: string | null;
  readonly pushGateway: ConfigFile['pushGateway'] | null;
  readonly intervalMs: number;
}

export interface Fleet {
  /** Sorted by name: the order shards, summaries and the exporter's /metrics use. */
  readonly sites: readonly FleetSite[];
  readonly parallelSites: number;
}

function lineAndColumn(text: string, offset: number): string {
  const before = text.slice(0, offset).split('\n');
  return `line ${before.length}, column ${(before.at(-1) ?? '').length + 1}`;
}

/** The fleet file's text, parsed (JSONC) and checked; errors are one line naming the file, the site and the key path. */
export function parseFleet(text: string, source: string): FleetFile {
  const errors: ParseError[] = [];
  const value: unknown = parseJsonc(text, errors, { allowTrailingComma: true, disallowComments: false });
  const [first] = errors;
  if (first) {
    const what = printParseErrorCode(first.error).replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
    throw new ConfigError(`${source}: not valid JSON at ${lineAndColumn(text, first.offset)}: ${what}`);
  }
  try {
    validateFleet(value);
  } catch (error) {
    throw new ConfigError(`${source}: ${(error as Error).message}`);
  }
  return value as FleetFile;
}

/** Checks the shape; a site's error says `site "www": http.timeout: …` rather than `sites[3].http.timeout`. */
function validateFleet(value: unknown): void {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) validateObject(value, FLEET_SCHEMA, ''); // throws, saying what it got
  const { sites, ...rest } = value as Record<string, unknown>;
  validateObject(rest, FLEET_SCHEMA, '');
  if (sites === undefined) throw new ConfigError('sites: required: a list of {"name": …, "target": …}');
  if (!Array.isArray(sites) || sites.length === 0) throw new ConfigError('sites: expected a non-empty array of sites');
  const seen = new Set<string>();
  sites.forEach((site: unknown, index) => {
    const name = typeof site === 'object' && site !== null ? (site as Record<string, unknown>).name : undefined;
    const label = typeof name === 'string' ? `site "${name}"` : `sites[${index}]`;
    try {
      validateObject(site, SITE_SCHEMA, '');
    } catch (error) {
      throw new ConfigError(`${label}: ${(error as Error).message}`);
    }
    if (typeof name !== 'string') throw new ConfigError(`${label}: name: required`);
    if (!SITE_NAME.test(name)) throw new ConfigError(`${label}: name: expected lower-case letters, digits, ".", "-" or "_" (at most 63, starting and ending with a letter or digit)`);
    if ((site as Record<string, unknown>).target === undefined) throw new ConfigError(`${label}: target: required`);
    if (seen.has(name)) throw new ConfigError(`${label}: name: listed twice`);
    seen.add(name);
  });
}

export async function readFleet(path: string): Promise<FleetFile> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new ConfigError(`cannot read fleet file ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  return parseFleet(text, path);
}

/**
 * `over` on top of `base`, key by key as resolveOptions layers the command
 * line over a config file: canaries add up, http, crawl, headers and severity
 * merge, any other key is replaced.
 */
export function layerConfig(base: ConfigFile, over: ConfigFile): ConfigFile {
  const merged: ConfigFile = { ...base, ...over };
  if (base.private || over.private) {
    merged.private = {
      documents: [...(base.private?.documents ?? []), ...(over.private?.documents ?? [])],
      pages: [...(base.private?.pages ?? []), ...(over.private?.pages ?? [])],
    };
  }
  if (base.http || over.http) {
    merged.http = { ...base.http, ...over.http };
    if (base.http?.headers || over.http?.headers) merged.http.headers = { ...base.http?.headers, ...over.http?.headers };
    if (base.http?.auth || over.http?.auth) merged.http.auth = { ...base.http?.auth, ...over.http?.auth };
  }
  if (base.crawl || over.crawl) merged.crawl = { ...base.crawl, ...over.crawl };
  if (base.severity || over.severity) merged.severity = { ...base.severity, ...over.severity };
  if (base.pushGateway || over.pushGateway) merged.pushGateway = { ...base.pushGateway, ...over.pushGateway };
  return merged;
}

/** `{site}` in a path, replaced by the site's name. */
export function forSite(path: string, site: string): string {
  return path.split(SITE_PLACEHOLDER).join(site);
}

export interface ResolveFleetOptions {
  /** The command line's keys, over every site's (the same shape as a config file). */
  readonly overrides?: ConfigFile;
  readonly probeMessages: ReadonlyMap<string, readonly string[]>;
  readonly sources?: SecretSources;
  /** --parallel-sites, over the file's exporter.parallelSites. */
  readonly parallelSites?: number;
}

/**
 * Every site's RunOptions: built-in defaults < the fleet's defaults < the site
 * < the command line. Resolved all at once, so a bad site is exit 2 before any
 * is crawled; an error names the site.
 */
export async function resolveFleet(file: FleetFile, options: ResolveFleetOptions): Promise<Fleet> {
  const defaultInterval = file.exporter?.interval ?? DEFAULT_INTERVAL_SECONDS;
  const sites: FleetSite[] = [];
  for (const entry of [...file.sites].sort((a, b) => compareNames(a.name, b.name))) {
    const { name, interval, ...own } = entry;
    const layered = layerConfig(file.defaults ?? {}, own);
    try {
      const resolvedOptions = await resolveOptions(layered, options.overrides ?? {}, options.probeMessages, options.sources);
      const reports = (options.overrides?.reports ?? layered.reports ?? []).map((r) => ({ format: r.format, output: r.output === undefined ? null : forSite(r.output, name) }));
      const baseline = options.overrides?.baseline ?? layered.baseline ?? null;
      const pushGateway = layered.pushGateway || options.overrides?.pushGateway ? { ...layered.pushGateway, ...options.overrides?.pushGateway } : null;
      sites.push({
        name,
        options: resolvedOptions,
        reports,
        baseline: baseline === null ? null : forSite(baseline, name),
        pushGateway,
        intervalMs: Math.round((interval ?? defaultInterval) * 1000),
      });
    } catch (error) {
      if (error instanceof ConfigError) throw new ConfigError(`site "${name}": ${error.message}`);
      throw error;
    }
  }
  return { sites, parallelSites: options.parallelSites ?? file.exporter?.parallelSites ?? DEFAULT_PARALLEL_SITES };
}

/** Code-point order, not the locale's: every machine of a sharded fleet must sort alike. */
function compareNames(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** One shard of a fleet: `index` counts from 0, as Kubernetes' JOB_COMPLETION_INDEX does. */
export interface Shard {
  readonly index: number;
  readonly count: number;
}

/** "i/n" (0 ≤ i < n), as --shard takes it. */
export function parseShard(text: string): Shard {
  const match = /^(\d+)\/(\d+)$/.exec(text.trim());
  if (!match) throw new ConfigError(`--shard: expected INDEX/COUNT with INDEX counted from 0 (as JOB_COMPLETION_INDEX), e.g. 0/3, got ${JSON.stringify(text)}`);
  return checkShard(Number(match[1]), Number(match[2]), '--shard');
}

function checkShard(index: number, count: number, source: string): Shard {
  if (!Number.isSafeInteger(count) || count < 1) throw new ConfigError(`${source}: the shard count must be 1 or more, got ${count}`);
  if (!Number.isSafeInteger(index) || index < 0 || index >= count) {
    throw new ConfigError(`${source}: the shard index counts from 0 and must be below the count ${count}, got ${index}`);
  }
  return { index, count };
}

/**
 * The shard to run, or null for the whole fleet: --shard i/n; else --shards n
 * with the index from $JOB_COMPLETION_INDEX (an Indexed Job's pod); else all.
 */
export function chooseShard(flags: { readonly shard?: string; readonly shards?: number }, env: Readonly<Record<string, string | undefined>>): Shard | null {
  if (flags.shard !== undefined && flags.shards !== undefined) throw new ConfigError('--shard and --shards: give one (--shard i/n, or --shards n with $JOB_COMPLETION_INDEX)');
  if (flags.shard !== undefined) return parseShard(flags.shard);
  if (flags.shards === undefined) return null;
  const index = env.JOB_COMPLETION_INDEX;
  if (index === undefined || !/^\d+$/.test(index)) {
    throw new ConfigError(`--shards ${flags.shards}: $JOB_COMPLETION_INDEX ${index === undefined ? 'is not set' : `is not a whole number (${JSON.stringify(index)})`}: run it in an Indexed Job, or give --shard i/n`);
  }
  return checkShard(Number(index), flags.shards, `--shards ${flags.shards} with JOB_COMPLETION_INDEX=${index}`);
}

/**
 * The sites of one shard: sorted by name, the i-th site goes to shard i mod n.
 * Stable for a given list; every site is in exactly one shard.
 */
export function selectShard<S extends { readonly name: string }>(sites: readonly S[], shard: Shard | null): S[] {
  const sorted = [...sites].sort((a, b) => compareNames(a.name, b.name));
  return shard === null ? sorted : sorted.filter((_, i) => i % shard.count === shard.index);
}

/** The sites named (--site), in fleet order; an unknown name is an error listing the known ones. */
export function selectNamed<S extends { readonly name: string }>(sites: readonly S[], names: readonly string[]): S[] {
  if (names.length === 0) return [...sites];
  const known = new Set(sites.map((s) => s.name));
  const unknown = names.filter((n) => !known.has(n));
  if (unknown.length > 0) throw new ConfigError(`--site ${unknown.join(', ')}: not in the fleet; its sites: ${[...known].join(', ')}`);
  return sites.filter((s) => names.includes(s.name));
}

// `wagtail-probe check --fleet FILE`: every site of a fleet config (or one
// shard of it, or the sites named with --site), at most --parallel-sites at
// once, one report per site, then a summary line per site and the worst exit
// code of them all (4 > 3 > 1 > 0). Reports go to files only, named per site:
// `--output-dir DIR` (DIR/<site>.<ext> for each --format) or an --output with
// `{site}` in it; the site's own "reports" in the fleet work the same way.

import pLimit from 'p-limit';
import type { ConfigFile, ReportFormatName } from '../config/config.js';
import { ConfigError } from '../config/schema.js';
import { chooseShard, forSite, readFleet, resolveFleet, selectNamed, selectShard, SITE_PLACEHOLDER, type FleetSite, type Shard } from '../config/fleet.js';
import { baselineFromResult } from '../engine/baseline.js';
import type { RunResult } from '../engine/result.js';
import { exitCodeOf } from '../engine/result.js';
import { probeMessageIds, RunError, runWithOptions } from '../engine/run.js';
import { createRedactor, type Redactor } from '../engine/secrets.js';
import { catalogFromMetas, renderPieces } from '../report/index.js';
import { severityCountsText, summarize, verdictText } from '../report/summary.js';
import type { SarifLocation } from '../report/sarif.js';
import { ALL_PROBES } from '../../probes/index.js';
import { OutputError, prepareOutput, writeAtomically } from './output-files.js';
import { exitCodeAfterPush, pushRun, resolvePushTarget, type PushTarget } from './push-gateway.js';
import { join } from 'node:path';

/** The file name extension of each format's report in --output-dir. */
export const REPORT_EXTENSIONS: Readonly<Record<ReportFormatName, string>> = {
  pretty: 'txt',
  json: 'json',
  junit: 'xml',
  tap: 'tap',
  sarif: 'sarif',
  prometheus: 'prom',
  html: 'html',
};

/** The check command's flags that mean something for a fleet only. */
export interface FleetFlags {
  fleet?: string;
  outputDir?: string;
  parallelSites?: number;
  shard?: string;
  shards?: number;
  site?: string[];
}

/** A one-line error when a fleet-only flag is given without --fleet; null when none is. */
export function fleetFlagWithoutFleet(flags: FleetFlags): string | null {
  if (flags.fleet !== undefined) return null;
  const given = [
    flags.outputDir !== undefined && '--output-dir',
    flags.parallelSites !== undefined && '--parallel-sites',
    flags.shard !== undefined && '--shard',
    flags.shards !== undefined && '--shards',
    flags.site !== undefined && '--site',
  ].filter(Boolean);
  return given.length > 0 ? `${given.join(', ')}: only with --fleet FILE` : null;
}

export interface FleetCheckRequest {
  readonly flags: FleetFlags & { readonly quiet?: boolean; readonly verbose?: boolean; readonly writeBaseline?: string; readonly authPasswordStdin?: boolean };
  /** The command line's keys, over every site's. */
  readonly overrides: ConfigFile;
  /** --format/--output pairs from the command line (output may hold {site}). */
  readonly reports: readonly { readonly format: ReportFormatName; readonly output: string | null }[];
  /** What the single-site path would have used that a fleet cannot: named so the error can say so. */
  readonly url: string | undefined;
  readonly configFlag: string | false | undefined;
  readonly sarifLocation: SarifLocation | undefined;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly signal: AbortSignal;
  readonly stdout: { write(text: string): unknown };
  readonly stderr: { write(text: string): unknown };
  /** Called once the sites are resolved, with a redactor for every site's secrets (main masks its errors with it). */
  readonly onRedactor?: (redactor: Redactor) => void;
}

interface PlannedSite {
  readonly site: FleetSite;
  readonly outputs: readonly { readonly format: ReportFormatName; readonly path: string }[];
  readonly writeBaseline: string | null;
  readonly push: PushTarget | null;
}

function configError(message: string): never {
  throw new RunError('ERR_CONFIG', message);
}

/** Where each site's reports go; every path is one site's alone. */
function planOutputs(sites: readonly FleetSite[], request: FleetCheckRequest): PlannedSite[] {
  const { flags } = request;
  const taken = new Map<string, string>();
  const claim = (path: string, site: string, what: string): string => {
    const owner = taken.get(path);
    if (owner !== undefined && owner !== site) configError(`${what}: ${path} would hold the reports of both "${owner}" and "${site}": put ${SITE_PLACEHOLDER} in it, or use --output-dir`);
    taken.set(path, site);
    return path;
  };
  return sites.map((site) => {
    const chosen = request.reports.length > 0 ? request.reports : site.reports;
    const outputs = chosen.map((report) => {
      if (report.output !== null) return { format: report.format, path: claim(forSite(report.output, site.name), site.name, `--format ${report.format} output`) };
      if (flags.outputDir === undefined) {
        configError(`--format ${report.format}: a fleet writes one report per site, to files: give --output-dir DIR, or an --output with ${SITE_PLACEHOLDER} in it`);
      }
      return { format: report.format, path: claim(join(flags.outputDir, `${site.name}.${REPORT_EXTENSIONS[report.format]}`), site.name, `--output-dir`) };
    });
    const writeBaseline = flags.writeBaseline === undefined ? null : claim(forSite(flags.writeBaseline, site.name), site.name, '--write-baseline');
    return { site, outputs, writeBaseline, push: resolvePushTarget(site.pushGateway, site.options.target) };
  });
}

/** One line: the site's name, its verdict, its findings, requests and time. */
export function summaryLine(name: string, result: RunResult): string {
  const summary = summarize(result);
  const facts = `${severityCountsText(summary.findings)}; ${result.gather.requests} requests; ${(result.durationMs / 1000).toFixed(1)} s`;
  return `${name}: ${verdictText(result, summary).split('\n', 1)[0]} (${facts})`;
}

/** The worst exit code of the sites: 4 (crashed) over 3 (not probed) over 1 (findings) over 0. */
export function worstExitCode(codes: readonly number[]): number {
  return codes.reduce((worst, code) => Math.max(worst, code), 0);
}

function describeShard(shard: Shard | null, count: number, total: number): string {
  return shard === null ? `${count} site${count === 1 ? '' : 's'}` : `shard ${shard.index}/${shard.count}: ${count} of ${total} sites`;
}

/** Runs the fleet and returns the exit code; exit-2 problems throw a RunError before anything is crawled. */
export async function runFleetCheck(request: FleetCheckRequest): Promise<number> {
  const { flags } = request;
  if (request.url !== undefined) configError(`a URL (${request.url}) and --fleet: the fleet file names the sites`);
  if (typeof request.configFlag === 'string') configError('--config and --fleet: give one (a fleet file holds each site\'s config, with its "defaults")');
  if (flags.authPasswordStdin) configError('--auth-password-stdin and --fleet: give each site its own http.auth.passwordEnv');
  if (flags.parallelSites === 0) configError('--parallel-sites must be 1 or more');
  let fleet;
  let shard: Shard | null;
  let chosen: FleetSite[];
  try {
    shard = chooseShard(flags, request.env);
    fleet = await resolveFleet(await readFleet(flags.fleet as string), {
      overrides: request.overrides,
      probeMessages: probeMessageIds(),
      sources: { env: request.env },
      ...(flags.parallelSites !== undefined ? { parallelSites: flags.parallelSites } : {}),
    });
    chosen = selectShard(selectNamed(fleet.sites, flags.site ?? []), shard);
  } catch (error) {
    if (error instanceof ConfigError) configError(error.message);
    throw error;
  }
  request.onRedactor?.(createRedactor(fleet.sites.flatMap((s) => s.options.secrets)));
  const planned = planOutputs(chosen, request);
  try {
    for (const plan of planned) {
      for (const output of plan.outputs) await prepareOutput(output.path, `site "${plan.site.name}" --format ${output.format} output`);
      if (plan.writeBaseline !== null) await prepareOutput(plan.writeBaseline, `site "${plan.site.name}" --write-baseline`);
    }
  } catch (error) {
    if (error instanceof OutputError) configError(error.message);
    throw error;
  }

  const catalog = catalogFromMetas(ALL_PROBES.map((p) => p.meta));
  const failures: string[] = [];
  const write = async (path: string, text: string | Iterable<string>): Promise<void> => {
    await writeAtomically(path, text).catch((error: Error) => void failures.push(error.message));
  };
  const limit = pLimit(fleet.parallelSites);
  const say = (text: string): void => void request.stderr.write(`wagtail-probe: ${text}\n`);
  if (flags.verbose) say(`fleet ${flags.fleet}: ${describeShard(shard, chosen.length, fleet.sites.length)}, ${fleet.parallelSites} at once`);
  const ran = await Promise.all(
    planned.map((plan) =>
      limit(async () => {
        const { site } = plan;
        if (flags.verbose) say(`${site.name}: probing ${site.options.target}`);
        const result = await runWithOptions(site.options, { signal: request.signal }, site.baseline);
        for (const output of plan.outputs) {
          await write(output.path, renderPieces(output.format, result, { color: false, catalog, sarifLocation: request.sarifLocation }));
        }
        if (plan.writeBaseline !== null && result.outcome.status === 'complete') await write(plan.writeBaseline, baselineFromResult(result));
        else if (plan.writeBaseline !== null) say(`${site.name}: --write-baseline: not written, the run did not complete; ${plan.writeBaseline} is unchanged`);
        const pushed = await pushRun(plan.push, result, { timeoutMs: site.options.http.timeoutMs, verbose: flags.verbose === true, stderr: { write: (text) => request.stderr.write(`${site.name}: ${text}`) } });
        const code = exitCodeAfterPush(exitCodeOf(result), pushed);
        if (flags.verbose) say(`${site.name}: exit ${code}`);
        return { name: site.name, result, code };
      }),
    ),
  );
  const code = worstExitCode(ran.map((r) => r.code));
  if (!flags.quiet) {
    for (const { name, result } of ran) request.stdout.write(`${summaryLine(name, result)}\n`);
    const counts = [0, 1, 3, 4].map((c) => [c, ran.filter((r) => r.code === c).length] as const).filter(([, n]) => n > 0);
    request.stdout.write(`fleet: ${describeShard(shard, ran.length, fleet.sites.length)}; ${counts.map(([c, n]) => `${n} exit ${c}`).join(', ') || 'none run'}; exit ${code}\n`);
  }
  if (failures.length > 0) throw new OutputError(failures.join('; '));
  return code;
}

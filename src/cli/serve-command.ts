// `wagtail-probe serve`: the exporter. It reads a fleet config, probes each
// site in the background on its interval, and answers Prometheus' scrapes of
// /probe?target=<name> from the last results (see src/exporter/). It runs
// until SIGTERM or SIGINT: then it stops accepting, finishes the answers being
// written, aborts the runs in flight and exits 0. The fleet's report outputs
// and pushGateway keys are the CLI's (`check --fleet`): the exporter writes no
// file and pushes nothing.

import type { Command } from '@commander-js/extra-typings';
import { ConfigError } from '../config/schema.js';
import { readFleet, resolveFleet, selectNamed, type FleetSite } from '../config/fleet.js';
import { exitCodeOf } from '../engine/result.js';
import { probeMessageIds, runWithOptions, RunError } from '../engine/run.js';
import { createScheduler } from '../exporter/scheduler.js';
import { parseListenAddress, startExporter } from '../exporter/server.js';
import { collect, positiveNumber } from './option-values.js';

export const DEFAULT_LISTEN = '127.0.0.1:9115';

type ServedSite = FleetSite & { readonly target: string };

/** Resolves at the first SIGTERM or SIGINT. */
function nextStopSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const onSignal = (name: NodeJS.Signals): void => {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      resolve(name);
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  });
}

export function addServeCommand(program: Command): void {
  program
    .command('serve')
    .description('run as a Prometheus exporter: probe the fleet\'s sites in the background, answer /probe?target=<name> with the last results')
    .requiredOption('--fleet <file>', 'the fleet config: the sites (by name) this exporter probes, and nothing else')
    .option('--listen <host:port>', `address to listen on (default ${DEFAULT_LISTEN}; any address given is used as it is)`, DEFAULT_LISTEN)
    .option('--parallel-sites <n>', 'sites probed at once (default: the fleet\'s exporter.parallelSites, else 2)', positiveNumber('--parallel-sites', true))
    .option('--site <name>', 'serve only this site of the fleet (repeatable)', collect)
    .option('-v, --verbose', 'a line on standard error as each background run ends')
    .addHelpText('after', `\nEndpoints: /probe?target=<site name> (the last completed run, never waiting for one), /metrics (the exporter's own), /-/healthy.
A target that is not a site name of the fleet config is a 404: the exporter fetches only the sites it lists.
Prometheus: metrics_path /probe, the site names as targets, relabel __address__ to __param_target and instance, and __address__ to this exporter.`)
    .action(async (flags) => {
      let listen;
      try {
        listen = parseListenAddress(flags.listen);
      } catch (error) {
        throw new RunError('ERR_CONFIG', (error as Error).message);
      }
      if (flags.parallelSites === 0) throw new RunError('ERR_CONFIG', '--parallel-sites must be 1 or more');
      let sites: ServedSite[];
      let parallel: number;
      try {
        const fleet = await resolveFleet(await readFleet(flags.fleet), {
          probeMessages: probeMessageIds(),
          sources: { env: process.env },
          ...(flags.parallelSites !== undefined ? { parallelSites: flags.parallelSites } : {}),
        });
        sites = selectNamed(fleet.sites, flags.site ?? []).map((site) => ({ ...site, target: site.options.target }));
        parallel = fleet.parallelSites;
      } catch (error) {
        if (error instanceof ConfigError) throw new RunError('ERR_CONFIG', error.message);
        throw error;
      }
      const say = (text: string): void => void process.stderr.write(`wagtail-probe: serve: ${text}\n`);
      const scheduler = createScheduler(sites, {
        parallel,
        run: async (site, signal) => {
          const result = await runWithOptions(site.options, { signal }, site.baseline);
          if (flags.verbose) say(`${site.name}: exit ${exitCodeOf(result)} in ${(result.durationMs / 1000).toFixed(1)} s (${result.gather.requests} requests)`);
          return result;
        },
      });
      let exporter;
      try {
        exporter = await startExporter(scheduler, listen);
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
        throw new RunError('ERR_CONFIG', `--listen ${flags.listen}: cannot listen there: ${code}`);
      }
      const stopping = nextStopSignal();
      say(`listening on ${exporter.url}: ${sites.length} site${sites.length === 1 ? '' : 's'} (${sites.map((s) => s.name).join(', ')}), ${parallel} at once`);
      const signal = await stopping;
      say(`${signal}: stopping (aborting the runs in flight)`);
      await exporter.close();
      say('stopped');
    });
}

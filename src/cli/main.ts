// The command line: parses, then calls the library. Exit codes: 0 nothing new
// at or above --fail-on, 1 something is, 2 bad usage or config (nothing was
// crawled), 3 the site could not be probed, 4 the tool or a probe crashed.
// Every outcome but 2 writes every requested report.

import { Command, Option } from '@commander-js/extra-typings';
import { writeFile } from 'node:fs/promises';
import { MONITOR_USERNAME_ENV } from '../config/keys.js';
import { AUTH_PASSWORD_ENV, CONFIG_SCHEMA, DEFAULT_CONFIG_FILE, type ConfigFile, type ReportFormatName } from '../config/config.js';
import { OutputError, prepareOutput, writeAtomically, writeChunks } from './output-files.js';
import { isDocumentServeUrl } from '../wagtail/documents.js';
import { createRedactor, withoutPassword, type Redactor } from '../engine/secrets.js';
import { starterConfig } from '../config/starter.js';
import { ProgressLine } from './progress.js';
import { ALL_PROBES } from '../../probes/index.js';
import { baselineFromResult } from '../engine/baseline.js';
import { catalogFromMetas, renderPieces, REPORT_FORMATS } from '../report/index.js';
import { exitCodeOf } from '../engine/result.js';
import { RunError, resolveRunRequest, runWithOptions } from '../engine/run.js';
import { addPushOptions, exitCodeAfterPush, pushOverrides, pushRun, resolvePushTarget } from './push-gateway.js';
import { VERSION } from '../version.js';
import { describeWagtailData } from './data-command.js';
import { ADVISORIES, FINGERPRINTS } from '../wagtail/wagtail-data.js';
import { collect, collectIds, header, positiveNumber, sarifLocation } from './option-values.js';
import { fleetFlagWithoutFleet, runFleetCheck } from './fleet-command.js';
import { addServeCommand } from './serve-command.js';

interface ReportTarget {
  format: ReportFormatName;
  output: string | null;
}

const MAX_STDIN_PASSWORD_BYTES = 64 * 1024;

/** The password piped in for --auth-password-stdin, without its final newline. */
async function readPasswordFromStdin(flag: '--auth-password-stdin' | '--monitor-password-stdin'): Promise<string> {
  let text = '';
  for await (const chunk of process.stdin) {
    text += String(chunk);
    if (text.length > MAX_STDIN_PASSWORD_BYTES) throw new RunError('ERR_CONFIG', `${flag}: standard input is too long for a password`);
  }
  return text.replace(/\r?\n$/, '');
}


/** SIGINT/SIGTERM stop the run, which still writes its reports; a second signal ends the process at once. */
function stopOnSignals(): { signal: AbortSignal; dispose(): void } {
  const controller = new AbortController();
  const onSignal = (name: NodeJS.Signals): void => {
    if (controller.signal.aborted) process.exit(name === 'SIGINT' ? 130 : 143);
    controller.abort(name);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return {
    signal: controller.signal,
    dispose() {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    },
  };
}


function describeConfigKeys(): string {
  const lines: string[] = [];
  const walk = (fields: typeof CONFIG_SCHEMA, prefix: string): void => {
    for (const [key, spec] of Object.entries(fields)) {
      if (key === '$schema') continue;
      lines.push(`  ${prefix}${key}  ${spec.doc}`);
      if (spec.type === 'object') walk(spec.fields, `${prefix}${key}.`);
    }
  };
  walk(CONFIG_SCHEMA, '');
  return lines.join('\n');
}

/** What main() needs from a run it did not start: how to mask the secrets the run was given. */
interface CliState {
  redactor: Redactor;
}

export function buildProgram(state: CliState = { redactor: createRedactor([]) }): Command {
  const reports: ReportTarget[] = [];
  const program = new Command()
    .name('wagtail-probe')
    .description('Check a live, deployed Wagtail site from outside, over HTTP.')
    .version(VERSION)
    .showHelpAfterError('(run wagtail-probe --help for the options)')
    .exitOverride();

  const check = program
    .command('check', { isDefault: true })
    .description('crawl the site and run every probe (the default command)')
    .argument('[url]', 'the site to probe, e.g. https://www.example.com/')
    .option('-c, --config <file>', `config file (default: ./${DEFAULT_CONFIG_FILE} when present)`)
    .option('--no-config', 'read no config file')
    .option('--probe <ids>', 'run only these probes (repeatable, or comma-separated)', collectIds)
    .option('--skip-probe <ids>', 'do not run these probes (repeatable, or comma-separated)', collectIds)
    .option('--admin-path <path>', 'path of the Wagtail admin (default /admin/)')
    .option('--media-url <url>', 'MEDIA_URL, when it cannot be learned from rendition URLs')
    .option('--static-url <url>', 'STATIC_URL, when it cannot be learned from the admin login page')
    .option('--plain-http-url <url>', 'the plain-http address to check for a redirect to https (default: the target on http, port 80)')
    .option('--private <url>', 'a private document or page URL that must never be readable anonymously (a canary; repeatable)', collect)
    .option('--concurrency <n>', 'requests in flight per host (default 4)', positiveNumber('--concurrency', true))
    .option('--rate <n>', 'requests per second per host, 0 for no cap (default 0)', positiveNumber('--rate', false))
    .option('--timeout <seconds>', 'seconds one request may take (default 15)', positiveNumber('--timeout', false))
    .option('--max-pages <n>', 'pages fetched at most (default 500)', positiveNumber('--max-pages', true))
    .option('--smoke', 'smoke mode: read a sample of pages covering every page type, static-asset set and document/media path shape, plus the canaries')
    .option('--ca <file>', 'PEM file of extra certificate authorities to trust')
    .option('--insecure', 'skip TLS certificate checks')
    .option('--header <name:value>', "extra request header for the target's exact origin only, redacted in every output (repeatable)", header)
    .option('--auth <user>', `HTTP Basic auth for the target's origin; the password from $${AUTH_PASSWORD_ENV} or --auth-password-stdin`)
    .option('--auth-password-stdin', 'read the --auth password from standard input')
    .option('--monitor-password-stdin', `read the monitor account's password from standard input (its user name from $${MONITOR_USERNAME_ENV}; see the README)`)
    .option('--run-timeout <seconds>', 'stop the whole run after this long, still writing its reports (exit 3; default: no limit)', positiveNumber('--run-timeout', false))
    .option('--user-agent <ua>', `User-Agent header (default wagtail-probe/${VERSION})`)
    .addOption(new Option('--format <format>', 'report format (repeatable; each may be followed by --output)').choices(REPORT_FORMATS))
    .option('-o, --output <file>', 'write the preceding --format to this file instead of standard output')
    .addOption(new Option('--fail-on <severity>', 'exit 1 on findings at or above this severity (default error)').choices(['error', 'warning', 'info', 'never'] as const))
    .option('--sarif-location <file[:line]>', 'the repository file (and line) SARIF results point at (default: the config file\'s "target" line, else wagtail-probe.config.json:1)', sarifLocation)
    .option('--baseline <file>', 'a previous JSON report: only findings not in it are new and can fail the run')
    .option('--write-baseline <file>', 'write this run as the new baseline')
    .option('--fleet <file>', 'probe every site of this fleet config (one report per site, a summary line each, the worst exit code)')
    .option('--output-dir <dir>', 'with --fleet: write each --format to DIR/<site>.<ext> (or put {site} in an --output)')
    .option('--parallel-sites <n>', "with --fleet: sites probed at once (default: the fleet's exporter.parallelSites, else 2)", positiveNumber('--parallel-sites', true))
    .option('--shard <i/n>', 'with --fleet: only shard i of n (i from 0): the sites sorted by name, every n-th from the i-th')
    .option('--shards <n>', 'with --fleet: n shards, this one $JOB_COMPLETION_INDEX (a Kubernetes Indexed Job)', positiveNumber('--shards', true))
    .option('--site <name>', 'with --fleet: only this site (repeatable)', collect)
    .option('-q, --quiet', 'no progress line and no pretty report on standard output unless asked for')
    .option('-v, --verbose', 'log every request and retry on standard error')
    .addHelpText('after', `\nEvery option can also be set in the config file (see wagtail-probe init). Keys:\n${describeConfigKeys()}\n\nExit codes: 0 nothing at or above --fail-on, 1 findings at or above it, 2 bad usage or config (nothing crawled),
3 the site could not be probed (unreachable, no page answered, --run-timeout, interrupted), 4 wagtail-probe or a probe crashed, or the --push-gateway push failed.
Secrets (--header values, --auth, userinfo in the URL) go to the target's exact origin only and are masked in every output.`);

  addPushOptions(check);

  // --format and --output pair up in the order they are given.
  check.on('option:format', (format: ReportFormatName) => reports.push({ format, output: null }));
  check.on('option:output', (file: string) => {
    const last = reports.at(-1);
    // Thrown from an option event, commander does not print it: main() does.
    if (!last) throw new RunError('ERR_CONFIG', '--output must follow a --format');
    if (last.output !== null) throw new RunError('ERR_CONFIG', `--format ${last.format} already has an --output`);
    last.output = file;
  });

  check.action(async (url, flags) => {
    const overrides: ConfigFile = {
      ...(url !== undefined ? { target: url } : {}),
      ...(flags.probe ? { probes: flags.probe } : {}),
      ...(flags.skipProbe ? { skipProbes: flags.skipProbe } : {}),
      ...(flags.adminPath !== undefined ? { adminPath: flags.adminPath } : {}),
      ...(flags.mediaUrl !== undefined ? { mediaUrl: flags.mediaUrl } : {}),
      ...(flags.staticUrl !== undefined ? { staticUrl: flags.staticUrl } : {}),
      ...(flags.plainHttpUrl !== undefined ? { plainHttpUrl: flags.plainHttpUrl } : {}),
      ...(flags.private ? { private: { documents: flags.private.filter(isDocumentServeUrl), pages: flags.private.filter((u) => !isDocumentServeUrl(u)) } } : {}),
      ...(flags.failOn !== undefined ? { failOn: flags.failOn } : {}),
      ...(flags.baseline !== undefined ? { baseline: flags.baseline } : {}),
      ...(flags.runTimeout !== undefined ? { runTimeout: flags.runTimeout } : {}),
      ...(flags.smoke ? { smoke: true } : {}),
      ...pushOverrides(flags),
      http: {
        ...(flags.timeout !== undefined ? { timeout: flags.timeout } : {}),
        ...(flags.ca !== undefined ? { ca: flags.ca } : {}),
        ...(flags.insecure ? { insecure: true } : {}),
        ...(flags.header ? { headers: flags.header } : {}),
        ...(flags.auth !== undefined ? { auth: { user: flags.auth } } : {}),
        ...(flags.userAgent !== undefined ? { userAgent: flags.userAgent } : {}),
      },
      crawl: {
        ...(flags.concurrency !== undefined ? { concurrency: flags.concurrency } : {}),
        ...(flags.rate !== undefined ? { rate: flags.rate } : {}),
        ...(flags.maxPages !== undefined ? { maxPages: flags.maxPages } : {}),
      },
    };
    const fleetMisuse = fleetFlagWithoutFleet(flags);
    if (fleetMisuse !== null) throw new RunError('ERR_CONFIG', fleetMisuse);
    if (flags.fleet !== undefined) {
      const signals = stopOnSignals();
      try {
        const shared = { url, configFlag: flags.config as string | false | undefined, sarifLocation: flags.sarifLocation, env: process.env, signal: signals.signal };
        const stderr = { write: (text: string) => process.stderr.write(state.redactor.text(text)) };
        process.exitCode = await runFleetCheck({ ...shared, flags, overrides, reports, stdout: process.stdout, stderr, onRedactor: (r) => (state.redactor = r) });
      } finally {
        signals.dispose();
      }
      return;
    }
    if (flags.authPasswordStdin && flags.auth === undefined) throw new RunError('ERR_CONFIG', '--auth-password-stdin needs --auth USER');
    if (flags.authPasswordStdin && flags.monitorPasswordStdin) throw new RunError('ERR_CONFIG', '--auth-password-stdin and --monitor-password-stdin both read standard input: give one password in the environment');
    const passwordFromStdin = flags.authPasswordStdin ? await readPasswordFromStdin('--auth-password-stdin') : undefined;
    const monitorPasswordFromStdin = flags.monitorPasswordStdin ? await readPasswordFromStdin('--monitor-password-stdin') : undefined;
    // --no-config makes commander store false; the typings only know the string form.
    const configFlag = flags.config as string | false | undefined;
    const resolved = await resolveRunRequest({ ...overrides, configFile: configFlag }, { env: process.env, ...(passwordFromStdin !== undefined ? { passwordFromStdin } : {}), ...(monitorPasswordFromStdin !== undefined ? { monitorPasswordFromStdin } : {}) });
    const { options } = resolved;
    const push = resolvePushTarget(resolved.pushGateway, options.target);
    state.redactor = createRedactor(options.secrets);

    // --format on the command line replaces the config's reports; with neither, a pretty report (unless --quiet).
    const chosen = reports.length > 0 ? reports : resolved.reports;
    const targets: readonly ReportTarget[] = chosen.length > 0 ? chosen : flags.quiet ? [] : [{ format: 'pretty', output: null }];
    await checkOutputs(targets, flags.writeBaseline);

    const isTty = process.stderr.isTTY === true && !flags.quiet;
    const stderr = { write: (text: string) => process.stderr.write(state.redactor.text(text)) };
    const progress = new ProgressLine(stderr, isTty, flags.verbose === true);
    const signals = stopOnSignals();
    let result;
    try {
      result = await runWithOptions(options, { onEvent: (event) => progress.update(event), signal: signals.signal }, resolved.baseline);
    } finally {
      signals.dispose();
      progress.done();
    }
    const color = process.stdout.isTTY === true && !('NO_COLOR' in process.env) && process.env.TERM !== 'dumb';
    const catalog = catalogFromMetas(ALL_PROBES.map((p) => p.meta));
    // Every report is attempted even when one fails to write: nothing else is lost.
    const failures: string[] = [];
    const write = async (path: string, text: string | Iterable<string>): Promise<void> => {
      await writeAtomically(path, text).catch((error: Error) => void failures.push(error.message));
    };
    for (const target of targets) {
      const options = { color: target.output === null && color, catalog, sarifLocation: flags.sarifLocation ?? resolved.sarifLocation ?? undefined };
      const pieces = renderPieces(target.format, result, options);
      if (target.output !== null) await write(target.output, pieces);
      else {
        let last = '';
        for (const chunk of writeChunks(pieces)) process.stdout.write((last = chunk));
        if (!last.endsWith('\n')) process.stdout.write('\n'); // a terminal's prompt starts on a line of its own
      }
    }
    // A run that judged nothing knows no findings: as a baseline it would make every finding of the next run new.
    if (flags.writeBaseline && result.outcome.status === 'complete') await write(flags.writeBaseline, baselineFromResult(result));
    else if (flags.writeBaseline) stderr.write(`wagtail-probe: --write-baseline: not written, the run did not complete; ${flags.writeBaseline} is unchanged\n`);
    const pushed = await pushRun(push, result, { timeoutMs: options.http.timeoutMs, verbose: flags.verbose === true, stderr });
    if (failures.length > 0) throw new OutputError(failures.join('; '));
    // Reports may be in files only: the one line a CI log shows says why there is no verdict.
    if (result.outcome.status === 'not-probed') stderr.write(`wagtail-probe: could not probe ${result.target}: ${result.outcome.message}\n`);
    if (result.outcome.status === 'crashed') stderr.write(`wagtail-probe: internal error (a bug in wagtail-probe): ${result.outcome.message}\n`);
    process.exitCode = exitCodeAfterPush(exitCodeOf(result), pushed);
  });

  addServeCommand(program);

  program
    .command('probes')
    .description('list the probes with their ids, titles and docs')
    .action(() => {
      for (const probe of ALL_PROBES) {
        const budget = typeof probe.meta.maxRequests === 'number' ? String(probe.meta.maxRequests) : 'depends on the canaries configured';
        process.stdout.write(`${probe.meta.id}\n  ${probe.meta.title}\n\n  ${probe.meta.docs.replace(/\n/g, '\n  ')}\n\n  requests of its own, at most: ${budget}\n  messages:\n`);
        for (const [id, spec] of Object.entries(probe.meta.messages)) {
          process.stdout.write(`    ${probe.meta.id}/${id} (${spec.severity}): ${spec.text}\n`);
        }
        process.stdout.write('\n');
      }
    });

  program
    .command('data')
    .description('say how fresh the Wagtail release fingerprints, advisories and support schedule shipped with this copy are')
    .action(() => {
      process.stdout.write(describeWagtailData(FINGERPRINTS, ADVISORIES, VERSION));
    });

  program
    .command('init')
    .description(`write a commented starter config to ./${DEFAULT_CONFIG_FILE}`)
    .option('--force', 'overwrite an existing file')
    .argument('[file]', 'where to write it', DEFAULT_CONFIG_FILE)
    .action(async (file, flags) => {
      try {
        await writeFile(file, starterConfig(ALL_PROBES), { flag: flags.force ? 'w' : 'wx' });
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'EEXIST') throw new RunError('ERR_CONFIG', `${file} exists: use --force to overwrite it`);
        throw error;
      }
      process.stdout.write(`wrote ${file}\n`);
    });

  return program;
}

/** Before anything is crawled: at most one report on standard output, and every output file writable. */
async function checkOutputs(targets: readonly ReportTarget[], writeBaseline: string | undefined): Promise<void> {
  const onStdout = targets.filter((t) => t.output === null).map((t) => t.format);
  if (onStdout.length > 1) {
    throw new RunError('ERR_CONFIG', `${onStdout.join(' and ')} would both go to standard output: give all but one an --output file`);
  }
  try {
    for (const target of targets) if (target.output !== null) await prepareOutput(target.output, `--format ${target.format} output`);
    if (writeBaseline) await prepareOutput(writeBaseline, '--write-baseline');
  } catch (error) {
    if (error instanceof OutputError) throw new RunError('ERR_CONFIG', error.message);
    throw error;
  }
}

export async function main(argv: readonly string[]): Promise<number> {
  const state: CliState = { redactor: createRedactor([]) };
  const program = buildProgram(state);
  // Until the options are resolved, the only secret known is a password in a URL argument.
  const say = (text: string): void => void process.stderr.write(`wagtail-probe: ${withoutPassword(state.redactor.text(text))}\n`);
  try {
    await program.parseAsync(argv as string[]);
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === 'commander.helpDisplayed' || code === 'commander.version' || code === 'commander.help') return 0;
    if (typeof code === 'string' && code.startsWith('commander.')) return 2; // commander printed the message
    if (error instanceof RunError) {
      say(error.message);
      return 2;
    }
    if (error instanceof OutputError) {
      say(error.message);
      return 4;
    }
    say(`internal error (a bug in wagtail-probe): ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    return 4;
  }
}

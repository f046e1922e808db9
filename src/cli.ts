// The command line: parses, then calls the library. Exit codes: 0 nothing new
// at or above --fail-on, 1 something is, 2 the probe could not run.

import { Command, InvalidArgumentError, Option } from '@commander-js/extra-typings';
import { writeFile } from 'node:fs/promises';
import { CONFIG_SCHEMA, DEFAULT_CONFIG_FILE, type ConfigFile, type ReportFormatName } from './config.js';
import { starterConfig } from './init.js';
import { ProgressLine } from './progress.js';
import { ALL_PROBES } from './registry.js';
import { baselineFromResult } from './baseline.js';
import { catalogFromMetas, render, REPORT_FORMATS } from './report/index.js';
import { exitCodeOf } from './result.js';
import { RunError, resolveRunRequest, runWithOptions } from './run.js';
import { VERSION } from './version.js';

interface ReportTarget {
  format: ReportFormatName;
  output: string | null;
}

function positiveNumber(label: string, integer: boolean) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isFinite(n) || n < 0 || (integer && !Number.isInteger(n))) {
      throw new InvalidArgumentError(`${label} must be a ${integer ? 'whole ' : ''}number of 0 or more, got ${JSON.stringify(value)}`);
    }
    return n;
  };
}

function header(value: string, previous: Record<string, string> = {}): Record<string, string> {
  const colon = value.indexOf(':');
  if (colon < 1) throw new InvalidArgumentError(`expected "Name: value", got ${JSON.stringify(value)}`);
  return { ...previous, [value.slice(0, colon).trim()]: value.slice(colon + 1).trim() };
}

function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
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

export function buildProgram(): Command {
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
    .option('--probe <ids...>', 'run only these probes')
    .option('--skip-probe <ids...>', 'do not run these probes')
    .option('--admin-path <path>', 'path of the Wagtail admin (default /admin/)')
    .option('--media-url <url>', 'MEDIA_URL, when it cannot be learned from rendition URLs')
    .option('--static-url <url>', 'STATIC_URL, when it cannot be learned from the admin login page')
    .option('--plain-http-url <url>', 'the plain-http address to check for a redirect to https (default: the target on http, port 80)')
    .option('--private <urls...>', 'private document or page URLs that must never be readable anonymously (canaries)')
    .option('--concurrency <n>', 'requests in flight per host (default 4)', positiveNumber('--concurrency', true))
    .option('--rate <n>', 'requests per second per host, 0 for no cap (default 0)', positiveNumber('--rate', false))
    .option('--timeout <seconds>', 'seconds one request may take (default 15)', positiveNumber('--timeout', false))
    .option('--max-pages <n>', 'pages fetched at most (default 500)', positiveNumber('--max-pages', true))
    .option('--ca <file>', 'PEM file of extra certificate authorities to trust')
    .option('--insecure', 'skip TLS certificate checks')
    .option('--header <name:value>', 'extra request header for the site (repeatable)', header)
    .option('--user-agent <ua>', `User-Agent header (default wagtail-probe/${VERSION})`)
    .addOption(new Option('--format <format>', 'report format (repeatable; each may be followed by --output)').choices(REPORT_FORMATS))
    .option('-o, --output <file>', 'write the preceding --format to this file instead of standard output')
    .addOption(new Option('--fail-on <severity>', 'exit 1 on findings at or above this severity (default error)').choices(['error', 'warning', 'info', 'never'] as const))
    .option('--baseline <file>', 'a previous JSON report: only findings not in it are new and can fail the run')
    .option('--write-baseline <file>', 'write this run as the new baseline')
    .option('-q, --quiet', 'no progress line and no pretty report on standard output unless asked for')
    .option('-v, --verbose', 'log every request and retry on standard error')
    .addHelpText('after', `\nEvery option can also be set in the config file (see wagtail-probe init). Keys:\n${describeConfigKeys()}\n\nExit codes: 0 nothing at or above --fail-on, 1 findings at or above it, 2 the probe could not run.`);

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
      ...(flags.private ? { private: { documents: flags.private.filter((u) => /\/documents\/\d+\//.test(u)), pages: flags.private.filter((u) => !/\/documents\/\d+\//.test(u)) } } : {}),
      ...(flags.failOn !== undefined ? { failOn: flags.failOn } : {}),
      ...(flags.baseline !== undefined ? { baseline: flags.baseline } : {}),
      http: {
        ...(flags.timeout !== undefined ? { timeout: flags.timeout } : {}),
        ...(flags.ca !== undefined ? { ca: flags.ca } : {}),
        ...(flags.insecure ? { insecure: true } : {}),
        ...(flags.header ? { headers: flags.header } : {}),
        ...(flags.userAgent !== undefined ? { userAgent: flags.userAgent } : {}),
      },
      crawl: {
        ...(flags.concurrency !== undefined ? { concurrency: flags.concurrency } : {}),
        ...(flags.rate !== undefined ? { rate: flags.rate } : {}),
        ...(flags.maxPages !== undefined ? { maxPages: flags.maxPages } : {}),
      },
    };
    // --no-config makes commander store false; the typings only know the string form.
    const configFlag = flags.config as string | false | undefined;
    const resolved = await resolveRunRequest({ ...overrides, configFile: configFlag });
    const { options } = resolved;
    const isTty = process.stderr.isTTY === true && !flags.quiet;
    const progress = new ProgressLine(process.stderr, isTty, flags.verbose === true);
    let result;
    try {
      result = await runWithOptions(options, { onEvent: (event) => progress.update(event) }, resolved.baseline);
    } finally {
      progress.done();
    }
    // --format on the command line replaces the config's reports; with neither, a pretty report (unless --quiet).
    const chosen = reports.length > 0 ? reports : resolved.reports;
    const targets: readonly ReportTarget[] = chosen.length > 0 ? chosen : flags.quiet ? [] : [{ format: 'pretty', output: null }];
    const color = process.stdout.isTTY === true && !('NO_COLOR' in process.env) && process.env.TERM !== 'dumb';
    const catalog = catalogFromMetas(ALL_PROBES.map((p) => p.meta));
    for (const target of targets) {
      const text = render(target.format, result, { color: target.output === null && color, catalog });
      if (target.output === null) process.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
      else await writeFile(target.output, text);
    }
    if (flags.writeBaseline) await writeFile(flags.writeBaseline, baselineFromResult(result));
    process.exitCode = exitCodeOf(result);
  });

  program
    .command('probes')
    .description('list the probes with their ids, titles and docs')
    .action(() => {
      for (const probe of ALL_PROBES) {
        process.stdout.write(`${probe.meta.id}\n  ${probe.meta.title}\n\n  ${probe.meta.docs.replace(/\n/g, '\n  ')}\n\n  messages:\n`);
        for (const [id, spec] of Object.entries(probe.meta.messages)) {
          process.stdout.write(`    ${probe.meta.id}/${id} (${spec.severity}): ${spec.text}\n`);
        }
        process.stdout.write('\n');
      }
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

export async function main(argv: readonly string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv as string[]);
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === 'commander.helpDisplayed' || code === 'commander.version' || code === 'commander.help') return 0;
    if (typeof code === 'string' && code.startsWith('commander.')) return 2; // commander printed the message
    if (error instanceof RunError) {
      process.stderr.write(`wagtail-probe: ${error.message}\n`);
      return 2;
    }
    process.stderr.write(`wagtail-probe: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    return 2;
  }
}

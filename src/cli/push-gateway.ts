// --push-gateway: after the run, the tool itself sends its Prometheus text to a
// Pushgateway, so a cron job or a Kubernetes CronJob needs no curl. PUT, not
// POST: PUT replaces the whole group (job + instance), so a series the last
// run no longer has (a probe left out, the baseline gone) vanishes instead of
// staying at yesterday's value. It pushes on every outcome that writes reports
// (exits 0, 1, 3 and 4): a site that is down pushes wagtail_probe_success 0.
//
// The Pushgateway is another origin: nothing of the site's is sent there (no
// --header, no Basic auth, no User-Agent of the site's), and this request does
// not go through the site's client. One attempt, bounded by --timeout; a push
// that fails is one stderr line and turns an exit 0 into 4 (a run that already
// failed keeps its own code: it says more about the site).

import { Option } from '@commander-js/extra-typings';
import type { ConfigFile } from '../config/config.js';
import type { RunResult } from '../engine/result.js';
import { RunError } from '../engine/run.js';
import { CERTIFICATE_ADVICE, classifyError } from '../http/errors.js';
import { Agent, request } from '../http/undici.js';
import { renderPrometheus } from '../report/prometheus.js';
import { VERSION } from '../version.js';

export const DEFAULT_PUSH_JOB = 'wagtail_probe';
/** What the body is, per the Pushgateway README: the text format, version 0.0.4. */
export const PUSH_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';
/** Bytes of an error answer kept for the message (the Pushgateway explains a 400 in its body). */
const MAX_ANSWER_BYTES = 4096;

export type PushGatewayConfig = NonNullable<ConfigFile['pushGateway']>;

/** Where one run's metrics go: the group URL and the labels of its grouping key. */
export interface PushTarget {
  /** `<gateway>/metrics/job/<job>/instance/<instance>`, each value encoded. */
  readonly url: string;
  readonly job: string;
  readonly instance: string;
}

export type PushOutcome = { readonly ok: true; readonly status: number } | { readonly ok: false; readonly message: string };

interface PushFlags {
  pushGateway?: string;
  pushJob?: string;
  pushInstance?: string;
}

/** The three flags, added to the check command after its own (so they list together in --help). */
export function addPushOptions(command: { addOption(option: Option<string>): unknown }): void {
  command.addOption(new Option('--push-gateway <url>', 'after the run, PUT its Prometheus metrics to this Pushgateway, whatever the outcome; no site header goes there; a failed push turns exit 0 into 4'));
  command.addOption(new Option('--push-job <name>', `job label of the pushed group (default ${DEFAULT_PUSH_JOB})`));
  command.addOption(new Option('--push-instance <name>', "instance label of the pushed group (default: the target's host)"));
}

/** The flags as config keys: the command line wins over the file's pushGateway, key by key. */
export function pushOverrides(flags: object): { pushGateway?: PushGatewayConfig } {
  const { pushGateway: url, pushJob: job, pushInstance: instance } = flags as PushFlags;
  const given = { ...(url !== undefined ? { url } : {}), ...(job !== undefined ? { job } : {}), ...(instance !== undefined ? { instance } : {}) };
  return Object.keys(given).length > 0 ? { pushGateway: given } : {};
}

/**
 * One label of the grouping key as path segments. A value with a slash, an
 * empty value, or a dot segment cannot travel as itself (the router splits or
 * normalises the path): those take the `@base64` form (RFC 4648 URL-safe
 * alphabet; `=` for the empty value), as the Pushgateway README says. Others
 * are percent-encoded.
 */
export function labelSegments(name: string, value: string): string {
  if (value === '') return `${name}@base64/=`;
  if (value.includes('/') || value === '.' || value === '..') return `${name}@base64/${Buffer.from(value, 'utf8').toString('base64url')}`;
  return `${name}/${encodeURIComponent(value)}`;
}

/**
 * The push target of a run, or null without a gateway URL. Checked before the
 * crawl, so a mistyped gateway is exit 2 with nothing crawled, not a run whose
 * metrics go nowhere. `target` is the run's (resolved) site URL.
 */
export function resolvePushTarget(config: PushGatewayConfig | null | undefined, target: string): PushTarget | null {
  const fail = (message: string): never => {
    throw new RunError('ERR_CONFIG', `--push-gateway (pushGateway): ${message}`);
  };
  if (config?.url === undefined) {
    if (config?.job !== undefined || config?.instance !== undefined) fail('a job or instance without a URL: give --push-gateway URL (or pushGateway.url)');
    return null;
  }
  let base: URL;
  try {
    base = new URL(config.url);
  } catch {
    return fail(`not a URL: ${JSON.stringify(config.url)}; expected e.g. http://pushgateway:9091`);
  }
  if (base.protocol !== 'http:' && base.protocol !== 'https:') fail(`expected an http or https URL, got ${JSON.stringify(config.url)}`);
  if (base.username !== '' || base.password !== '') fail('the URL holds credentials, which are not sent: put no user or password in it');
  if (base.search !== '' || base.hash !== '') fail(`expected the gateway's base URL, without a query or fragment: ${JSON.stringify(config.url)}`);
  if (/\/metrics(\/|$)/.test(base.pathname)) {
    fail(`give the gateway's base URL (e.g. ${base.origin}), not a metrics path: the job and instance come from --push-job and --push-instance`);
  }
  const job = config.job ?? DEFAULT_PUSH_JOB;
  if (job === '') fail('the job label cannot be empty');
  const instance = config.instance ?? new URL(target).host;
  const prefix = base.pathname.replace(/\/+$/, '');
  return { url: `${base.origin}${prefix}/metrics/${labelSegments('job', job)}/${labelSegments('instance', instance)}`, job, instance };
}

/** The answer's first bytes as one line (the Pushgateway's reason for a 400). */
async function answerText(body: AsyncIterable<Buffer> & { destroy(): unknown }): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    chunks.push(chunk);
    size += chunk.length;
    if (size >= MAX_ANSWER_BYTES) {
      body.destroy();
      break;
    }
  }
  const text = Buffer.concat(chunks).subarray(0, MAX_ANSWER_BYTES).toString('utf8');
  return text.replace(/\s+/g, ' ').trim().slice(0, 300);
}

/** One PUT of `text` to the target's group, within `timeoutMs` from connecting to the end of the answer. Never throws. */
export async function pushMetrics(target: PushTarget, text: string, timeoutMs: number): Promise<PushOutcome> {
  const agent = new Agent({ connect: { timeout: timeoutMs }, headersTimeout: timeoutMs, bodyTimeout: timeoutMs });
  const deadline = AbortSignal.timeout(timeoutMs);
  const where = `could not push to ${target.url}`;
  try {
    const url = new URL(target.url);
    const response = await request(agent, {
      origin: url.origin,
      path: url.pathname + url.search,
      method: 'PUT',
      body: text,
      headers: { 'content-type': PUSH_CONTENT_TYPE, 'user-agent': `wagtail-probe/${VERSION}` },
      signal: deadline,
    });
    const answer = await answerText(response.body);
    // 200: the group was replaced; 202: queued, when the gateway runs without its consistency check.
    if (response.statusCode === 200 || response.statusCode === 202) return { ok: true, status: response.statusCode };
    const redirect = response.statusCode >= 300 && response.statusCode < 400 ? ' (redirects are not followed: give the final URL)' : '';
    return { ok: false, message: `${where}: the gateway answered ${response.statusCode}${redirect}${answer ? `: ${answer}` : ''}` };
  } catch (error) {
    if (deadline.aborted) return { ok: false, message: `${where}: ERR_TIMEOUT: no answer within ${timeoutMs / 1000} s (--timeout)` };
    const { code, message } = classifyError(error);
    // --ca and --insecure are the site's: the gateway's certificate is checked against Node's roots.
    const advice = "trust the gateway's CA with NODE_EXTRA_CA_CERTS=FILE (its PEM)";
    return { ok: false, message: `${where}: ${code}: ${message.replace(CERTIFICATE_ADVICE, advice)}` };
  } finally {
    await agent.destroy().catch(() => {});
  }
}

/** Pushes the run's Prometheus text when a target is set; a failure is one line on `stderr`. Null when there was nothing to push to. */
export async function pushRun(
  target: PushTarget | null,
  result: RunResult,
  options: { readonly timeoutMs: number; readonly verbose: boolean; readonly stderr: { write(text: string): unknown } },
): Promise<PushOutcome | null> {
  if (target === null) return null;
  const outcome = await pushMetrics(target, renderPrometheus(result), options.timeoutMs);
  if (!outcome.ok) options.stderr.write(`wagtail-probe: --push-gateway: ${outcome.message}; the gateway keeps its previous push\n`);
  else if (options.verbose) options.stderr.write(`wagtail-probe: --push-gateway: pushed to ${target.url} (${outcome.status})\n`);
  return outcome;
}

/** A failed push makes a passing run exit 4; a run that already failed (1, 3, 4) keeps its code. */
export function exitCodeAfterPush<C extends number>(code: C, pushed: PushOutcome | null): C | 4 {
  return pushed !== null && !pushed.ok && code === 0 ? 4 : code;
}

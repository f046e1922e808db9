// One verdict everywhere: for a table of runs whose probes say what they said
// before --fail-on and the baseline (as runProbe leaves them), every format,
// read back by its own consumer, gives each probe the status `probeVerdict`
// gives it and the run the pass or fail `exitCodeOf` gives it.

import * as cheerio from 'cheerio';
import t from 'tap';
import type { Finding } from '../../src/engine/finding.js';
import type { FailOn } from '../../src/engine/options.js';
import type { ProbeOutcome, ProbeRun } from '../../src/engine/probe.js';
import { outcomeOf } from '../../src/engine/probe.js';
import { REPORT_FORMATS, render } from '../../src/report/index.js';
import { parseJsonReport } from '../../src/report/json.js';
import type { RunOutcome, RunResult } from '../../src/engine/result.js';
import { exitCodeOf, probeVerdict } from '../../src/engine/result.js';
import { formatProblems, parseJunit, parsePrometheus, parseTap, sampleValue, sarifValidator, schemaErrors } from './consumers.js';
import { CRASH, catalog, finding, fixtureResult } from './fixtures.js';

type Status = ProbeOutcome['status'];

const at = (path: string) => `https://www.example.org/${path}`;
const warning = finding('cache-privacy', 'sharedCsrfToken', 'warning', at(''), 'One CSRF token for everyone', [{ status: 200, headers: { age: '30' } }]);
const otherWarning = finding('deploy-checks', 'hstsMissing', 'warning', at(''), 'No HSTS header', [{ status: 200 }]);
const error = finding('document-privacy', 'directUrlLeak', 'error', at('media/documents/a.pdf'), 'Private document a.pdf is public', [{ status: 200 }]);
const inconclusive = finding('media-offload', 'cannotTellServer', 'warning', at('media/images/x.png'), 'Could not tell who served x.png', [{ error: 'ERR_TIMEOUT' }], true);
const info = finding('static-assets', 'noCompression', 'info', at('static/a.css'), 'a.css is not compressed', [{ status: 200 }]);

/** A probe as runProbe leaves it: its outcome from its findings alone, before --fail-on and the baseline. */
function probe(id: string, findings: readonly Finding[], skip: string | null = null): ProbeRun {
  return { id, title: `The ${id} probe`, outcome: outcomeOf(findings, skip), findings, silencedCount: 0, requestsMade: 0, durationMs: 10 };
}
const crashedProbe: ProbeRun = { ...probe('deploy-checks', []), outcome: { status: 'error', error: CRASH } };

function run(failOn: FailOn, probes: readonly ProbeRun[], extra: Partial<Pick<RunResult, 'baseline' | 'outcome'>> = {}): RunResult {
  return { ...fixtureResult(), failOn, probes, latency: [], ...extra };
}
const notProbed: RunOutcome = { status: 'not-probed', reason: 'unreachable', message: 'connect ECONNREFUSED 127.0.0.1:443' };

const RUNS: Array<{ name: string; result: RunResult; verdicts: Record<string, Status>; exit: number }> = [
  { name: 'warnings, fail-on error', result: run('error', [probe('cache-privacy', [warning]), probe('deploy-checks', [otherWarning])]), verdicts: { 'cache-privacy': 'pass', 'deploy-checks': 'pass' }, exit: 0 },
  { name: 'warnings, fail-on warning', result: run('warning', [probe('cache-privacy', [warning]), probe('deploy-checks', [otherWarning])]), verdicts: { 'cache-privacy': 'fail', 'deploy-checks': 'fail' }, exit: 1 },
  {
    name: 'every finding known to the baseline',
    result: run('warning', [probe('document-privacy', [error]), probe('cache-privacy', [warning])], { baseline: { file: 'b.json', known: [error.fingerprint, warning.fingerprint] } }),
    verdicts: { 'document-privacy': 'pass', 'cache-privacy': 'pass' },
    exit: 0,
  },
  { name: 'an inconclusive finding', result: run('error', [probe('media-offload', [inconclusive]), probe('cache-privacy', [warning])]), verdicts: { 'media-offload': 'inconclusive', 'cache-privacy': 'pass' }, exit: 0 },
  { name: 'info only, and a skip', result: run('error', [probe('static-assets', [info]), probe('admin-login', [], 'no admin')]), verdicts: { 'static-assets': 'pass', 'admin-login': 'skip' }, exit: 0 },
  { name: 'a crashed probe', result: run('error', [crashedProbe, probe('document-privacy', [error])]), verdicts: { 'deploy-checks': 'error', 'document-privacy': 'fail' }, exit: 4 },
  { name: 'fail-on never', result: run('never', [probe('document-privacy', [error]), probe('media-offload', [inconclusive])]), verdicts: { 'document-privacy': 'pass', 'media-offload': 'inconclusive' }, exit: 0 },
  { name: 'a not-probed run', result: run('error', [], { outcome: notProbed }), verdicts: {}, exit: 3 },
  { name: 'not probed after a probe found an error', result: run('error', [probe('document-privacy', [error])], { outcome: { ...notProbed, reason: 'deadline' } }), verdicts: { 'document-privacy': 'fail' }, exit: 3 },
  { name: 'a crashed run', result: run('error', [probe('cache-privacy', [warning])], { outcome: { status: 'crashed', message: 'TypeError: x is undefined' } }), verdicts: { 'cache-privacy': 'pass' }, exit: 4 },
];

/** What each format can say of a probe: the verdict, or as much of it as the format has words for. */
const coarse = {
  junit: (s: Status) => ({ fail: 'failure', error: 'error', skip: 'skipped', pass: 'passed', inconclusive: 'passed' })[s],
  tap: (s: Status) => ({ fail: 'not ok', error: 'not ok', skip: 'skip', pass: 'ok', inconclusive: 'ok' })[s],
  sarif: (s: Status) => ({ fail: 'error-level result', error: 'crash notification', skip: 'skip notification', pass: 'none', inconclusive: 'none' })[s],
};

interface Reading {
  readonly probes: Record<string, string>;
  /** The run's pass (true) or fail, as the format says it. */
  readonly passed: boolean;
  /** The exit code, where the format states it. */
  readonly exit?: number;
}

/** The assertions a reader makes on the way (schema validity and the like). */
type Asserts = Pick<typeof t, 'same' | 'equal' | 'ok'>;
type Reader = (text: string, t: Asserts) => Promise<Reading> | Reading;


const READERS: Record<(typeof REPORT_FORMATS)[number], Reader> = {
  async junit(xml, t) {
    t.same(await schemaErrors(xml), [], 'junit: valid against the Jenkins XSD');
    const { suite, cases } = parseJunit(xml);
    // A probe is its testcases (one per rule, or the probe itself): errored if one errored, else failed if one failed.
    const byProbe = new Map<string, any[]>();
    for (const c of cases.values()) if (c.classname !== 'wagtail-probe') byProbe.set(c.classname, [...(byProbe.get(c.classname) ?? []), c]);
    const status = (group: any[]) =>
      group.some((c) => c.error) ? 'error' : group.some((c) => c.failure) ? 'failure' : group.some((c) => c.skipped !== undefined) ? 'skipped' : 'passed';
    const probes = Object.fromEntries([...byProbe].map(([id, group]) => [id, status(group)]));
    const exit = Number(suite.properties.property.find((p: any) => p.name === 'exitCode').value);
    return { probes, passed: suite.failures === '0' && suite.errors === '0', exit };
  },
  tap(text, t) {
    const { final, points } = parseTap(text);
    t.equal(final.plan.end, points.length, 'tap: the plan counts every point');
    const probes = Object.fromEntries(points.filter((p) => !p.name.startsWith('run: ')).map((p) => [p.name.split(':')[0], p.skip ? 'skip' : p.ok ? 'ok' : 'not ok']));
    return { probes, passed: final.ok };
  },
  async sarif(text, t) {
    const log = JSON.parse(text);
    t.ok((await sarifValidator())(log), 'sarif: valid against the SARIF 2.1.0 schema');
    const [sarifRun] = log.runs;
    const notes = sarifRun.invocations[0].toolExecutionNotifications;
    const said = (id: string) =>
      notes.some((n: any) => n.descriptor.id === id && n.level === 'error')
        ? 'crash notification'
        : sarifRun.results.some((r: any) => r.ruleId.startsWith(`${id}/`) && r.level === 'error')
          ? 'error-level result'
          : notes.some((n: any) => n.descriptor.id === id && n.level === 'note')
            ? 'skip notification'
            : 'none';
    const ids = new Set<string>([...sarifRun.results.map((r: any) => r.ruleId.split('/')[0]), ...notes.map((n: any) => n.descriptor.id).filter((id: string) => !id.startsWith('run/'))]);
    const passed = sarifRun.invocations[0].executionSuccessful && !sarifRun.results.some((r: any) => r.level === 'error');
    return { probes: Object.fromEntries([...ids].map((id) => [id, said(id)])), passed, exit: sarifRun.properties.exitCode };
  },
  prometheus(text, t) {
    t.same(formatProblems(text), [], 'prometheus: the text format');
    const families = parsePrometheus(text);
    const probes = Object.fromEntries((families.get('wagtail_probe_probe_status')?.metrics ?? []).filter((m) => m.value === '1').map((m) => [m.labels!.probe!, m.labels!.status!]));
    return { probes, passed: sampleValue(families.get('wagtail_probe_success'), {}) === 1, exit: sampleValue(families.get('wagtail_probe_exit_code'), {}) };
  },
  json(text) {
    const report = parseJsonReport(text);
    return { probes: Object.fromEntries(report.probes.map((p) => [p.id, p.outcome.status])), passed: exitCodeOf(report) === 0, exit: exitCodeOf(report) };
  },
  pretty(text) {
    const labels = { FAIL: 'fail', INCONCLUSIVE: 'inconclusive', ERROR: 'error', PASS: 'pass', SKIP: 'skip' } as Record<string, string>;
    const heads = text.split('\n').map((line) => /^(FAIL|INCONCLUSIVE|ERROR|PASS|SKIP) +(\S+)  /.exec(line)).filter((m) => m !== null);
    const exit = Number(/\(exit (\d)\)/.exec(text.trimEnd().split('\n').at(-1) ?? '')?.[1]);
    return { probes: Object.fromEntries(heads.map((m) => [m[2]!, labels[m[1]!]!])), passed: exit === 0, exit };
  },
  html(text, t) {
    const $ = cheerio.load(text);
    const probes = Object.fromEntries($('table.probes tbody tr').toArray().map((row) => [$(row).find('td').eq(1).text(), $(row).find('.status').text()]));
    const exit = Number(/\(exit (\d)\)/.exec($('.verdict').text())?.[1]);
    t.equal($('.verdict').hasClass('pass'), exit === 0, 'html: the verdict is styled pass exactly when it says exit 0');
    return { probes, passed: exit === 0, exit };
  },
};

for (const { name, result, verdicts, exit } of RUNS) {
  t.test(name, async (t) => {
    t.same(Object.fromEntries(result.probes.map((p) => [p.id, probeVerdict(result, p).status])), verdicts, 'probeVerdict says what the table says');
    t.equal(exitCodeOf(result), exit, 'exitCodeOf says what the table says');
    for (const format of REPORT_FORMATS) {
      const text = render(format, result, { color: false, catalog });
      const reading = await READERS[format](text, t);
      const project = format in coarse ? coarse[format as keyof typeof coarse] : (s: Status) => s;
      const expected = Object.fromEntries(Object.entries(verdicts).map(([id, s]) => [id, project(s)]));
      const shown = format === 'sarif' ? Object.fromEntries(Object.entries(reading.probes).filter(([, s]) => s !== 'none')) : reading.probes;
      const expectedShown = format === 'sarif' ? Object.fromEntries(Object.entries(expected).filter(([, s]) => s !== 'none')) : expected;
      t.same(shown, expectedShown, `${format}: each probe's status is its verdict`);
      t.equal(reading.passed, exit === 0, `${format}: the run ${exit === 0 ? 'passes' : 'fails'}, as exit ${exit} says`);
      if (reading.exit !== undefined) t.equal(reading.exit, exit, `${format}: states exit ${exit}`);
    }
  });
}

import { readFile } from 'node:fs/promises';
import t from 'tap';
import { JsonReportError, parseJsonReport, renderJson, renderJsonPieces } from '../../src/report/json.js';
import { withVerdicts } from '../../src/engine/result.js';
import { crashedResult, deepFreeze, fixtureResult, fixtureWithBaseline, notProbedResult } from './fixtures.js';

t.test('the JSON report is the RunResult as it is, verdicts stamped, and reads back to the same value', async (t) => {
  for (const result of [fixtureResult(), fixtureWithBaseline()]) {
    const text = renderJson(deepFreeze(result));
    t.same(JSON.parse(text), withVerdicts(result), 'nothing added, nothing lost (hostile strings included)');
    t.same(parseJsonReport(text), withVerdicts(result));
    t.ok(text.endsWith('}\n'));
  }
  t.equal(JSON.parse(renderJson(fixtureResult())).schemaVersion, 1);
});

t.test('written in pieces, the report is exactly JSON.stringify(report, null, 2) and a newline', async (t) => {
  const odd = {
    ...fixtureResult(),
    latency: [
      { url: 'https://example.test/caf\u00e9/\u{1F600}', kind: 'page', status: 200, ttfbMs: 1, totalMs: 2, contentType: 'text/html', bytes: 3 },
      { url: 'line\nbreak "quoted" \\ back', kind: 'page', status: null, ttfbMs: 0, totalMs: 0, contentType: undefined, bytes: 0 },
    ],
    // What JSON cannot hold: left out of objects, null in arrays; toJSON answered; empty containers kept.
    extra: { gone: undefined, fn: () => 1, kept: [undefined, () => 1, Symbol('s'), new Date(0), []], empty: {}, none: [], at: new Date(0), deep: { a: [{ b: [1, { c: '\n' }] }] } },
  } as unknown as Parameters<typeof renderJson>[0];
  for (const result of [fixtureResult(), fixtureWithBaseline(), notProbedResult(), crashedResult(), odd]) {
    const pieces = [...renderJsonPieces(result)];
    t.equal(pieces.join(''), `${JSON.stringify(withVerdicts(result), null, 2)}\n`, result.outcome.status);
    t.ok(pieces.length > 10, `in pieces (${pieces.length}), not one string`);
  }
});

/** Applies a change to a fresh report object and serialises it. */
function broken(change: (report: any) => void): string {
  const report = JSON.parse(renderJson(fixtureWithBaseline()));
  change(report);
  return JSON.stringify(report);
}

t.test('a report that is not right is rejected with the path of what is wrong', async (t) => {
  const cases: Array<{ name: string; text: string; code: string; message: RegExp }> = [
    { name: 'not JSON', text: '{"schemaVersion": 1,', code: 'ERR_REPORT_JSON', message: /^not valid JSON: / },
    { name: 'not an object', text: '[1, 2]', code: 'ERR_REPORT_SHAPE', message: /report: expected an object, got an array/ },
    { name: 'another tool', text: broken((r) => (r.tool.name = 'lighthouse')), code: 'ERR_REPORT_SHAPE', message: /tool\.name: expected "wagtail-probe", got "lighthouse"/ },
    { name: 'no tool', text: broken((r) => delete r.tool), code: 'ERR_REPORT_SHAPE', message: /tool: expected an object, got undefined/ },
    {
      name: 'a newer schema',
      text: broken((r) => ((r.schemaVersion = 2), (r.tool.version = '9.0.0'))),
      code: 'ERR_REPORT_VERSION',
      message: /^schemaVersion 2 is not supported: this wagtail-probe reads schemaVersion 1 \(the report was written by wagtail-probe 9\.0\.0\)$/,
    },
    { name: 'no schema version', text: broken((r) => delete r.schemaVersion), code: 'ERR_REPORT_VERSION', message: /^schemaVersion undefined is not supported/ },
    { name: 'unknown severity', text: broken((r) => (r.probes[1].findings[0].severity = 'fatal')), code: 'ERR_REPORT_SHAPE', message: /probes\[1\]\.findings\[0\]\.severity: expected one of "error", "warning", "info", got "fatal"/ },
    { name: 'gather count missing', text: broken((r) => delete r.gather.pages), code: 'ERR_REPORT_SHAPE', message: /gather\.pages: expected a number, got undefined/ },
    { name: 'skip without reason', text: broken((r) => delete r.probes[3].outcome.reason), code: 'ERR_REPORT_SHAPE', message: /probes\[3\]\.outcome\.reason: expected a string/ },
    { name: 'crash without error', text: broken((r) => (r.probes[4].outcome.error = 42)), code: 'ERR_REPORT_SHAPE', message: /probes\[4\]\.outcome\.error: expected a string, got number 42/ },
    { name: 'unknown outcome', text: broken((r) => (r.probes[0].outcome.status = 'ok')), code: 'ERR_REPORT_SHAPE', message: /probes\[0\]\.outcome\.status: expected one of/ },
    { name: 'a POST in evidence', text: broken((r) => (r.probes[1].findings[1].evidence[0].request.method = 'POST')), code: 'ERR_REPORT_SHAPE', message: /evidence\[0\]\.request\.method: expected one of "GET", "HEAD", got "POST"/ },
    { name: 'a header that is not a string', text: broken((r) => (r.probes[1].findings[0].evidence[0].headers['x-n'] = 1)), code: 'ERR_REPORT_SHAPE', message: /evidence\[0\]\.headers\.x-n: expected a string, got number 1/ },
    { name: 'a hop without status', text: broken((r) => delete r.probes[1].findings[1].evidence[0].hops[0].status), code: 'ERR_REPORT_SHAPE', message: /hops\[0\]\.status: expected a number/ },
    { name: 'a hop location that is a number', text: broken((r) => (r.probes[1].findings[1].evidence[0].hops[0].location = 3)), code: 'ERR_REPORT_SHAPE', message: /hops\[0\]\.location: expected a string/ },
    { name: 'inconclusive as a string', text: broken((r) => (r.probes[2].findings[0].inconclusive = 'yes')), code: 'ERR_REPORT_SHAPE', message: /findings\[0\]\.inconclusive: expected true or false, got "yes"/ },
    { name: 'data holding an object', text: broken((r) => (r.probes[0].findings[0].data.url = {})), code: 'ERR_REPORT_SHAPE', message: /findings\[0\]\.data\.url: expected a string, got an object/ },
    { name: 'evidence not an array', text: broken((r) => (r.probes[0].findings[0].evidence = null)), code: 'ERR_REPORT_SHAPE', message: /findings\[0\]\.evidence: expected an array, got null/ },
    { name: 'a note that is not a string', text: broken((r) => (r.probes[1].findings[0].evidence[0].note = false)), code: 'ERR_REPORT_SHAPE', message: /evidence\[0\]\.note: expected a string, got boolean false/ },
    { name: 'decisive other than true', text: broken((r) => (r.probes[1].findings[0].evidence[0].decisive = false)), code: 'ERR_REPORT_SHAPE', message: /evidence\[0\]\.decisive: expected true \(or no field\), got false/ },
    { name: 'decisive as a string', text: broken((r) => (r.probes[1].findings[0].evidence[0].decisive = 'yes')), code: 'ERR_REPORT_SHAPE', message: /evidence\[0\]\.decisive: expected true or false, got "yes"/ },
    { name: 'baseline.known not a list', text: broken((r) => (r.baseline.known = 'all')), code: 'ERR_REPORT_SHAPE', message: /baseline\.known: expected an array, got "all"/ },
    { name: 'latency status as text', text: broken((r) => (r.latency[0].status = '200')), code: 'ERR_REPORT_SHAPE', message: /latency\[0\]\.status: expected a number, got "200"/ },
    { name: 'unknown fail-on', text: broken((r) => (r.failOn = 'critical')), code: 'ERR_REPORT_SHAPE', message: /failOn: expected one of "error", "warning", "info", "never"/ },
    { name: 'a duration that is not finite', text: broken((r) => (r.durationMs = 'NaN')), code: 'ERR_REPORT_SHAPE', message: /durationMs: expected a number, got "NaN"/ },
    { name: 'a very long wrong string is cut', text: broken((r) => (r.failOn = 'x'.repeat(100))), code: 'ERR_REPORT_SHAPE', message: /got "x{40}…"$/ },
  ];
  for (const { name, text, code, message } of cases) {
    t.throws(() => parseJsonReport(text), { name: 'JsonReportError', code, message }, name);
  }
  t.type(new JsonReportError('ERR_REPORT_JSON', 'x'), Error);
});

t.test('optional fields may be absent, and null only where the schema allows it', async (t) => {
  const text = broken((r) => {
    delete r.baseline;
    r.probes[1].findings[1].evidence[0].hops[0].location = null;
    r.latency[18].status = null;
    r.probes[0].findings[0].evidence = [{}];
    r.extra = 'ignored by readers';
  });
  t.doesNotThrow(() => parseJsonReport(text));
});

t.test('the run outcome is at the top level, and reads back', async (t) => {
  for (const result of [fixtureResult(), notProbedResult(), notProbedResult('interrupted', 'SIGINT'), crashedResult()]) {
    const text = renderJson(deepFreeze(result));
    t.same(JSON.parse(text).outcome, result.outcome, result.outcome.status);
    t.same(parseJsonReport(text), withVerdicts(result), `${result.outcome.status}: reads back`);
  }
  const down = JSON.parse(renderJson(notProbedResult()));
  t.same(down.outcome, { status: 'not-probed', reason: 'unreachable', message: 'getaddrinfo ENOTFOUND www.example.org <b>\u001b[31m</b>' });
  t.same(down.probes, [], 'a run that could not probe has no probes');
});

t.test('a report written before the outcome existed reads as a complete run, so old baselines keep working', async (t) => {
  const old = broken((r) => delete r.outcome);
  t.equal(JSON.parse(old).outcome, undefined);
  const report = parseJsonReport(old);
  t.same(report.outcome, { status: 'complete' });
  t.same(report, { ...withVerdicts(fixtureWithBaseline()), outcome: { status: 'complete' } });
});

t.test('a wrong outcome is rejected with its path', async (t) => {
  const cases: Array<[string, (r: any) => void, RegExp]> = [
    ['unknown status', (r) => (r.outcome = { status: 'failed' }), /outcome\.status: expected one of "complete", "not-probed", "crashed", got "failed"/],
    ['not an object', (r) => (r.outcome = 'complete'), /outcome: expected an object, got "complete"/],
    ['unknown reason', (r) => (r.outcome = { status: 'not-probed', reason: 'dns', message: 'x' }), /outcome\.reason: expected one of "unreachable", "no-page-answered", "deadline", "interrupted", got "dns"/],
    ['not probed without message', (r) => (r.outcome = { status: 'not-probed', reason: 'deadline' }), /outcome\.message: expected a string, got undefined/],
    ['crashed without message', (r) => (r.outcome = { status: 'crashed', message: 3 }), /outcome\.message: expected a string, got number 3/],
  ];
  for (const [name, change, message] of cases) {
    t.throws(() => parseJsonReport(broken(change)), { name: 'JsonReportError', code: 'ERR_REPORT_SHAPE', message }, name);
  }
});

t.test('probe outcomes in the report are verdicts, even for a result the run did not stamp', async (t) => {
  const result = fixtureWithBaseline();
  t.equal(result.probes[1]!.outcome.status, 'fail', 'the probe itself said fail (before the baseline)');
  const report = JSON.parse(renderJson(result));
  t.same(report.probes.map((p: any) => [p.id, p.outcome.status]), [
    ['static-assets', 'pass'],
    ['document-privacy', 'pass'],
    ['media-offload', 'inconclusive'],
    ['admin-login', 'skip'],
    ['deploy-checks', 'error'],
    ['ok-probe', 'pass'],
  ]);
  t.equal(renderJson(withVerdicts(result)), renderJson(result), 'stamping twice changes nothing');
});

/** Every field name a JSON report can hold, except the keys of maps (headers, data). */
function fieldNames(value: unknown, names = new Set<string>()): Set<string> {
  if (Array.isArray(value)) value.forEach((item) => fieldNames(item, names));
  else if (typeof value === 'object' && value !== null) {
    for (const [key, item] of Object.entries(value)) {
      names.add(key);
      if (key !== 'headers' && key !== 'data') fieldNames(item, names);
    }
  }
  return names;
}

t.test('docs/report-schema.md documents every field the report holds', async (t) => {
  const doc = await readFile(new URL('../../docs/report-schema.md', import.meta.url), 'utf8');
  const documented = new Set([...doc.matchAll(/`(?:[\w[\]]+\.)*(\w+)`/g)].map((m) => m[1]));
  const names = new Set([...fieldNames(JSON.parse(renderJson(fixtureWithBaseline()))), ...fieldNames(JSON.parse(renderJson(notProbedResult())))]);
  for (const name of names) {
    t.ok(documented.has(name), `field "${name}" is documented`);
  }
  t.match(doc, /schema version 1/);
});

t.test('an evidence item marked decisive reads back', async (t) => {
  const { decisiveResult } = await import('./fixtures.js');
  const result = decisiveResult();
  const read = parseJsonReport(renderJson(result));
  t.equal(read.probes[1]!.findings[0]!.evidence[1]!.decisive, true);
  t.equal(read.probes[1]!.findings[0]!.evidence[0]!.decisive, undefined);
});

import t from 'tap';
import { renderTap } from '../../src/report/tap.js';
import { yamlLines, yamlString } from '../../src/report/yaml.js';
import type { RunResult } from '../../src/engine/result.js';
import { exitCodeOf } from '../../src/engine/result.js';
import { parseTap, prove, proveMissing } from './consumers.js';
import {
  CRASH,
  HOSTILE,
  HOSTILE_URL,
  RUN_CRASH,
  crashedResult,
  deepFreeze,
  fixtureResult,
  fixtureWithBaseline,
  hostileFinding,
  leakFinding,
  notProbedResult,
  withFailOn,
  withoutCrash,
} from './fixtures.js';

t.test('TAP version 13, one test point per probe, in run order', async (t) => {
  const text = renderTap(deepFreeze(fixtureResult()));
  t.match(text, /^TAP version 13\n1\.\.6\n/);
  const { final, points, version } = parseTap(text);
  t.equal(version, 13);
  t.same(
    points.map((p) => [p.id, p.ok, p.name, p.skip]),
    [
      [1, true, 'static-assets: Hashed static assets are served with long cache lifetimes', false],
      [2, false, 'document-privacy: Private documents cannot be fetched without permission', false],
      [3, true, 'media-offload: Media is served by the web server or a CDN, not Django', false],
      [4, true, 'admin-login: The admin login page is reachable', 'no admin login page found at /admin/login/'],
      [5, false, 'deploy-checks: Django deploy settings are safe', false],
      [6, true, 'ok-probe: Something that passes cleanly', false],
    ],
  );
  t.same({ count: final.count, pass: final.pass, fail: final.fail, skip: final.skip, ok: final.ok }, { count: 6, pass: 4, fail: 2, skip: 1, ok: false });
  t.equal(final.failures.length, 2, 'no parse errors among the failures');
});

t.test('diagnostics carry the findings with evidence and a curl command; the crash its stack', async (t) => {
  const { points } = parseTap(renderTap(fixtureResult()));
  const privacy = points[1]!.diag;
  t.equal(privacy.outcome, 'fail');
  t.equal(privacy.durationMs, 120);
  t.same(
    privacy.findings.map((f: any) => [f.severity, f.id, f.failsRun]),
    [
      ['error', 'document-privacy/directUrlLeak', true],
      ['warning', 'document-privacy/cacheablePrivate', false],
    ],
  );
  const leak = privacy.findings[0];
  t.equal(leak.fingerprint, leakFinding.fingerprint);
  t.same(leak.evidence[0].hops, leakFinding.evidence[0]!.hops);
  t.same(leak.evidence[0].request, leakFinding.evidence[0]!.request);
  t.equal(leak.evidence[0].curl, "curl -sS -D - -o /dev/null -H 'user-agent: wagtail-probe/0.1.0' 'https://www.example.org/documents/12/annual-report.pdf'");
  t.equal(leak.new, undefined, 'no new/known without a baseline');
  t.same(points[2]!.diag.findings[0].inconclusive, true);
  t.equal(points[4]!.diag.error, CRASH);
  t.equal(points[5]!.diag, null, 'a clean pass has no diagnostics');
});

t.test('hostile strings come back from the YAML exactly as they went in', async (t) => {
  const { points } = parseTap(renderTap(fixtureResult()));
  const hostile = points[1]!.diag.findings[1];
  t.equal(hostile.url, HOSTILE_URL);
  t.equal(hostile.evidence[0].headers['x-hostile'], HOSTILE);
  t.same(hostile.evidence[0], {
    request: hostileFinding.evidence[0]!.request,
    curl: `curl -sS -I -H 'range: bytes=0-1' '${HOSTILE_URL.replace(/'/g, `'\\''`)}'`,
    status: 200,
    headers: hostileFinding.evidence[0]!.headers,
    note: 'compared Cache-Control with the private flag',
  });
});

t.test('descriptions and skip reasons stay on their line, with # and \\ escaped', async (t) => {
  const result = fixtureResult();
  const probes = [
    { ...result.probes[5]!, id: 'odd#probe', title: `back\\slash # hash\nnext line` },
    { ...result.probes[3]!, outcome: { status: 'skip' as const, reason: 'no # admin\nhere' } },
  ];
  const text = renderTap({ ...result, probes });
  t.match(text, 'ok 1 - odd\\#probe: back\\\\slash \\# hash\\\\nnext line\n');
  t.match(text, 'ok 2 - admin-login: The admin login page is reachable # SKIP no \\# admin\\\\nhere\n');
  const { points, final } = parseTap(text);
  t.equal(points[0]!.name, 'odd#probe: back\\slash # hash\\nnext line');
  t.equal(points[1]!.skip, 'no # admin\\nhere');
  t.equal(final.count, 2);
});

t.test('the TAP verdict agrees with the exit code', async (t) => {
  const cases: Array<{ name: string; result: RunResult; notOk: number[] }> = [
    { name: 'every probe ran, an error at fail-on error', result: withoutCrash(fixtureResult()), notOk: [2] },
    { name: 'fail-on warning: the inconclusive warning fails too', result: withoutCrash(withFailOn(fixtureResult(), 'warning')), notOk: [2, 3] },
    { name: 'fail-on never', result: withoutCrash(withFailOn(fixtureResult(), 'never')), notOk: [] },
    { name: 'the error is known to the baseline', result: withoutCrash(fixtureWithBaseline()), notOk: [] },
    { name: 'a crashed probe is never ok', result: withFailOn(fixtureResult(), 'never'), notOk: [5] },
  ];
  for (const { name, result, notOk } of cases) {
    const { final, points } = parseTap(renderTap(result));
    t.same(points.filter((p) => !p.ok).map((p) => p.id), notOk, name);
    t.equal(final.ok, exitCodeOf(result) === 0, `${name}: TAP ok exactly when the exit code is 0`);
  }
});

t.test('a baseline marks each finding new or not', async (t) => {
  const { points } = parseTap(renderTap(fixtureWithBaseline()));
  t.same(points[1]!.diag.findings.map((f: any) => [f.id, f.new, f.failsRun]), [
    ['document-privacy/directUrlLeak', false, false],
    ['document-privacy/cacheablePrivate', true, false],
  ]);
});

t.test('a run without probes is a plan of zero, skipped', async (t) => {
  const text = renderTap({ ...fixtureResult(), probes: [] });
  t.match(text, '1..0 # SKIP no probes ran\n');
  const { final } = parseTap(text);
  t.same({ count: final.count, ok: final.ok }, { count: 0, ok: true });
});

t.test('the YAML writer', async (t) => {
  t.same(yamlLines({ a: 'x', b: [], c: {}, d: undefined, e: [1, { f: null, g: true }], 'h i': [[2]] }), [
    'a: "x"',
    'b: []',
    'c: {}',
    'e:',
    '  - 1',
    '  - f: null',
    '    g: true',
    '"h i":',
    '  - - 2',
  ]);
  t.same(yamlLines([Number.NaN, Infinity, -Infinity]), ['- .nan', '- .inf', '- -.inf']);
  t.equal(yamlString('a\u2028b\u0085c\ufeff'), '"a\\u2028b\\u0085c\\ufeff"', 'YAML 1.1 line breaks and BOM escaped');
});

t.test('a run that could not probe the site, or crashed, ends with a "not ok" point for the run', async (t) => {
  const down = renderTap(deepFreeze(notProbedResult()));
  t.match(down, /^TAP version 13\n1\.\.1\nnot ok 1 - run: could not probe https:\/\/www\.example\.org\/ \(unreachable\)\n/);
  const { final, points } = parseTap(down);
  t.same({ count: final.count, fail: final.fail, ok: final.ok, plan: [final.plan.start, final.plan.end] }, { count: 1, fail: 1, ok: false, plan: [1, 1] });
  t.same(points[0]!.diag, {
    outcome: 'not-probed',
    reason: 'unreachable',
    message: 'getaddrinfo ENOTFOUND www.example.org <b>\u001b[31m</b>',
    explanation: 'the start page could not be fetched (DNS, connection, TLS or timeout)',
    exitCode: 3,
  });
  t.match(down, '\n# NOT PROBED (exit 3): could not probe https://www.example.org/: getaddrinfo ENOTFOUND www.example.org <b>\\x1b[31m</b>\n');
  t.notMatch(down, /\x1b/, 'no raw escape outside the YAML string');

  const crashed = parseTap(renderTap(crashedResult()));
  t.same(crashed.points.map((p) => [p.id, p.ok, p.name]), [
    [1, true, 'ok-probe: Something that passes cleanly'],
    [2, false, 'run: wagtail-probe crashed (crashed)'],
  ], 'the probes that ran, then the run');
  t.equal(crashed.points[1]!.diag.message, RUN_CRASH, 'the whole message, stack included');
  t.equal(crashed.points[1]!.diag.exitCode, 4);
  t.equal(crashed.final.ok, false);
});

t.test('points follow the verdict: a known error, or a warning below --fail-on, is ok whatever the probe said', async (t) => {
  const result = withoutCrash(fixtureWithBaseline());
  t.equal(result.probes[1]!.outcome.status, 'fail', 'the probe itself said fail (before the baseline)');
  const { points, final } = parseTap(renderTap(result));
  t.equal(points[1]!.ok, true);
  t.equal(points[1]!.diag.outcome, 'pass');
  t.equal(final.ok, true);
});

t.test("Perl's prove reads the report: passes exactly when the exit code is 0", async (t) => {
  // A consumer that is not there fails the test, never skips it: Debian's perl ships prove.
  if (proveMissing) t.fail(`${proveMissing}: apt-get install perl`);
  const dir = t.testdir();
  const cases: Array<[string, RunResult]> = [
    ['every probe ran, nothing fails', withoutCrash(fixtureWithBaseline())],
    ['no probes', { ...fixtureResult(), probes: [] }],
    ['a finding fails the run', withoutCrash(fixtureResult())],
    ['a probe crashed', fixtureResult()],
    ['not probed', notProbedResult()],
    ['crashed', crashedResult()],
  ];
  for (const [name, result] of cases) {
    const { status, output } = await prove(renderTap(result), dir);
    t.equal(status === 0, exitCodeOf(result) === 0, `${name}: prove ${status === 0 ? 'passes' : 'fails'} (exit ${exitCodeOf(result)})`);
    t.notMatch(output, 'Parse errors', `${name}: no parse errors`);
  }
});

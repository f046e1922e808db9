import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import { BaselineError, applyBaseline, baselineFromResult, baselineOfReport, readBaseline } from '../../src/engine/baseline.js';
import { parseJsonReport } from '../../src/report/json.js';
import { exitCodeOf, isNew } from '../../src/engine/result.js';
import { hostileFinding, inconclusiveFinding, infoFinding, leakFinding, fixtureResult, withoutCrash } from '../report/fixtures.js';

const dir = await mkdtemp(join(tmpdir(), 'wagtail-probe-baseline-'));
t.teardown(() => rm(dir, { recursive: true, force: true }));

async function file(name: string, text: string): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, text);
  return path;
}

t.test('a written baseline reads back as the fingerprints of every finding of that run', async (t) => {
  const path = await file('baseline.json', baselineFromResult(fixtureResult()));
  const baseline = await readBaseline(path);
  t.same(baseline, {
    target: 'https://www.example.org/',
    startedAt: '2025-05-01T10:00:00.000Z',
    fingerprints: [hostileFinding, leakFinding, inconclusiveFinding, infoFinding].map((f) => f.fingerprint).sort(),
  });
  t.same(parseJsonReport(baselineFromResult(fixtureResult())), fixtureResult(), 'the baseline file is the JSON report itself');
});

t.test('applying a baseline marks what it knew; only new findings can fail the run', async (t) => {
  const result = withoutCrash(fixtureResult());
  const cases = [
    { name: 'it knew the error', known: [leakFinding.fingerprint, 'gone/finding https://x/'], expectKnown: [leakFinding.fingerprint], exit: 0 },
    { name: 'it knew only the warning', known: [hostileFinding.fingerprint], expectKnown: [hostileFinding.fingerprint], exit: 1 },
    { name: 'an empty baseline', known: [], expectKnown: [], exit: 1 },
  ];
  for (const { name, known, expectKnown, exit } of cases) {
    const applied = applyBaseline(result, { target: result.target, startedAt: 'x', fingerprints: known }, 'base.json');
    t.same(applied.baseline, { file: 'base.json', known: expectKnown }, `${name}: known = in both, fixed findings dropped`);
    t.equal(exitCodeOf(applied), exit, `${name}: exit code`);
    t.equal(isNew(applied, leakFinding), !expectKnown.includes(leakFinding.fingerprint));
  }
  t.equal(result.baseline, undefined, 'the input result is not changed');
});

t.test('a report with duplicate fingerprints gives each once, sorted', async (t) => {
  const result = fixtureResult();
  const doubled = { ...result, probes: [...result.probes, { ...result.probes[1]! }] };
  t.same(baselineOfReport(doubled).fingerprints, [hostileFinding, leakFinding, inconclusiveFinding, infoFinding].map((f) => f.fingerprint).sort());
  const applied = applyBaseline(doubled, baselineOfReport(result), 'b.json');
  t.equal(applied.baseline?.known.length, 4);
});

t.test('a baseline that cannot be used says why, with a stable code', async (t) => {
  const future = JSON.parse(baselineFromResult(fixtureResult()));
  future.schemaVersion = 2;
  const cases = [
    { name: 'missing', path: join(dir, 'nope.json'), code: 'ERR_BASELINE_MISSING', message: /^baseline file .*nope\.json does not exist \(write one with --write-baseline\)$/ },
    { name: 'a directory', path: dir, code: 'ERR_BASELINE_READ', message: /^baseline file .* could not be read: EISDIR/ },
    { name: 'not JSON', path: await file('broken.json', '{"schemaVersion": 1'), code: 'ERR_BASELINE_INVALID', message: /^baseline file .*broken\.json: not valid JSON: / },
    { name: 'another schema version', path: await file('future.json', JSON.stringify(future)), code: 'ERR_BASELINE_INVALID', message: /future\.json: schemaVersion 2 is not supported: this wagtail-probe reads schemaVersion 1/ },
    { name: 'not a report', path: await file('other.json', '{"tool": {"name": "eslint"}}'), code: 'ERR_BASELINE_INVALID', message: /other\.json: not a valid wagtail-probe JSON report: tool\.name: expected "wagtail-probe", got "eslint"/ },
  ];
  for (const { name, path, code, message } of cases) {
    await t.rejects(readBaseline(path), { name: 'BaselineError', code, message }, name);
  }
  t.type(new BaselineError('ERR_BASELINE_READ', 'x'), Error);
});

import t from 'tap';
import { renderPretty } from '../../src/report/pretty.js';
import { exitCodeOf } from '../../src/result.js';
import { CRASH, deepFreeze, fixtureResult, fixtureWithBaseline, hostileFinding, leakFinding, withFailOn, withoutCrash } from './fixtures.js';

const plain = (result = fixtureResult()) => renderPretty(deepFreeze(result), { color: false });
const linesOf = (text: string) => text.split('\n');

t.test('probes are listed failing first, then inconclusive, crashed, passed, skipped', async (t) => {
  const heads = linesOf(plain()).filter((line) => /^(FAIL|INCONCLUSIVE|ERROR|PASS|SKIP) +[a-z-]+  /.test(line));
  t.same(
    heads.map((line) => line.split(/\s+/).slice(0, 2).join(' ')),
    ['FAIL document-privacy', 'INCONCLUSIVE media-offload', 'ERROR deploy-checks', 'PASS static-assets', 'PASS ok-probe', 'SKIP admin-login'],
  );
});

t.test('each finding takes two lines: severity and message, then URL and the fact that decided it', async (t) => {
  const lines = linesOf(plain());
  const at = lines.findIndex((line) => line.includes(leakFinding.message));
  t.match(lines[at], /^ {4}error {4}Private document annual-report\.pdf is served to anonymous clients$/);
  t.equal(lines[at + 1], `${' '.repeat(13)}${leakFinding.url}  ← 302 → 200 · content-type: application/pdf`);
  t.ok(at < lines.findIndex((line) => line.includes('A private response is cacheable')), 'the error comes before the warning');
});

t.test('an inconclusive finding is marked, and a finding without status shows its error code', async (t) => {
  const text = plain();
  t.match(text, /warning {2}Could not tell whether Django or the web server served logo\.width-400\.png \[inconclusive\]\n +\S+logo\.width-400\.png {2}← ERR_TIMEOUT/);
});

t.test('skipped probes give their reason; crashed ones the first line of the error, not the stack', async (t) => {
  const text = plain();
  t.match(text, /SKIP +admin-login {2}The admin login page is reachable: no admin login page found at \/admin\/login\//);
  t.match(text, /ERROR +deploy-checks {2}Django deploy settings are safe: TypeError: Cannot read properties of undefined \(reading 'headers'\)\n/);
  t.notMatch(text, CRASH.split('\n')[1]!.trim());
});

t.test('strings from the site cannot inject terminal escapes or break lines', async (t) => {
  const text = plain();
  t.notMatch(text, /[\u0000-\u0008\u000b-\u001f\u007f]/, 'no control characters at all, ESC included');
  t.match(text, 'line\\nbreak \\x07bell — ünï 😀', 'newline and BEL shown as escapes, unicode kept');
  const messageLine = linesOf(text).find((line) => line.includes('A private response is cacheable'));
  t.ok(messageLine?.includes('<script>'), 'the message stays on its line, verbatim but for escapes');
});

t.test('colour only when asked for', async (t) => {
  t.notMatch(plain(), '\x1b[');
  const coloured = renderPretty(fixtureResult(), { color: true });
  t.match(coloured, '\x1b[31mFAIL');
  t.match(coloured, '\x1b[31merror  \x1b[0m');
  t.equal(coloured.replace(/\x1b\[\d+m/g, ''), plain(), 'same text once the colour codes are removed');
});

t.test('baseline marks appear only when there is a baseline', async (t) => {
  t.notMatch(plain(), /\[(new|known)\]/);
  const text = plain(fixtureWithBaseline());
  t.match(linesOf(text).find((l) => l.includes(leakFinding.message)) ?? '', /\[known\]$/);
  t.match(linesOf(text).find((l) => l.includes('A private response is cacheable')) ?? '', /\[new\]$/);
  t.match(text, 'Findings: 1 error, 2 warnings, 1 info (1 inconclusive; 3 new, 1 known to baseline baseline.json)');
});

t.test('the summary counts findings, probes and what was gathered', async (t) => {
  const text = plain();
  t.match(text, '\nFindings: 1 error, 2 warnings, 1 info (1 inconclusive)\n');
  t.match(text, '\nProbes: 1 failed, 1 inconclusive, 1 crashed, 2 passed, 1 skipped\n');
  t.match(text, '\nGathered: 12 pages, 40 assets, 3 documents, 10 images · 130 requests (2 retries, 1 error) · 4.3 s\n');
  t.match(linesOf(text)[0], /^wagtail-probe 0\.1\.0 · https:\/\/www\.example\.org\/ · started 2025-05-01T10:00:00\.000Z$/);
});

t.test('the verdict on the last line agrees with the exit code', async (t) => {
  const cases = [
    { name: 'an error at fail-on error', result: withoutCrash(fixtureResult()), verdict: 'FAIL (exit 1): 1 finding at or above error' },
    { name: 'fail-on warning counts warnings too', result: withoutCrash(withFailOn(fixtureResult(), 'warning')), verdict: 'FAIL (exit 1): 3 findings at or above warning' },
    { name: 'fail-on never', result: withoutCrash(withFailOn(fixtureResult(), 'never')), verdict: 'PASS (exit 0): --fail-on never' },
    { name: 'the only error is known to the baseline', result: withoutCrash(fixtureWithBaseline()), verdict: 'PASS (exit 0): no findings not in the baseline at or above error' },
    { name: 'a new error with a baseline', result: withoutCrash(fixtureWithBaseline([hostileFinding.fingerprint])), verdict: 'FAIL (exit 1): 1 finding not in the baseline at or above error' },
    {
      name: 'a probe crashed: the check is incomplete, whatever was found',
      result: fixtureResult(),
      verdict: 'ERROR (exit 2): 1 probe crashed (a bug in wagtail-probe: those checks did not run); 1 finding at or above error',
    },
    {
      name: 'a probe crashed and nothing else is wrong',
      result: withFailOn(fixtureResult(), 'never'),
      verdict: 'ERROR (exit 2): 1 probe crashed (a bug in wagtail-probe: those checks did not run)',
    },
  ];
  for (const { name, result, verdict } of cases) {
    const last = linesOf(plain(result)).at(-2);
    t.equal(last, verdict, name);
    t.match(last, `(exit ${exitCodeOf(result)})`, `${name}: agrees with exitCodeOf`);
  }
});

t.test('a run with no probes and nothing gathered still reads sensibly', async (t) => {
  const empty = { ...fixtureResult(), probes: [], durationMs: 850, gather: { ...fixtureResult().gather, pages: 1, requests: 1, retries: 0, errors: 0 } };
  const text = plain(empty);
  t.match(text, '\nNo probes ran.\n');
  t.match(text, 'Gathered: 1 page, 40 assets, 3 documents, 10 images · 1 request (0 retries, 0 errors) · 850 ms');
  t.match(text, 'PASS (exit 0): no findings at or above error\n', 'no probe, so none crashed');
  t.ok(text.endsWith('\n'));
});

t.test('silenced findings are counted on the probe line', async (t) => {
  const result = fixtureResult();
  const probes = result.probes.map((p) => (p.id === 'ok-probe' ? { ...p, silencedCount: 2 } : p));
  t.match(plain({ ...result, probes }), /PASS +ok-probe {2}Something that passes cleanly \(2 silenced\)/);
});

t.test('a finding without evidence still names its URL', async (t) => {
  const result = fixtureResult();
  const bare = { ...leakFinding, evidence: [] };
  const text = plain({ ...result, probes: [{ ...result.probes[1]!, findings: [bare] }] });
  t.match(text, `\n${' '.repeat(13)}${leakFinding.url}\n`);
});

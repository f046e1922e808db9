import t from 'tap';
import { renderPretty } from '../../src/report/pretty.js';
import { exitCodeOf } from '../../src/engine/result.js';
import {
  BIDI_NAME,
  BIDI_URL,
  CRASH,
  INVISIBLE_RE,
  RUN_CRASH,
  TARGET,
  bidiFinding,
  crashedResult,
  decisiveResult,
  deepFreeze,
  exposedFinding,
  groupedFinding,
  markedFinding,
  passwordExposedFinding,
  fixtureResult,
  fixtureWithBaseline,
  hostileFinding,
  leakFinding,
  notProbedResult,
  withFailOn,
  withoutCrash,
} from './fixtures.js';

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
      verdict: 'ERROR (exit 4): 1 probe crashed (a bug in wagtail-probe: those checks did not run); 1 finding at or above error',
    },
    {
      name: 'a probe crashed and nothing else is wrong',
      result: withFailOn(fixtureResult(), 'never'),
      verdict: 'ERROR (exit 4): 1 probe crashed (a bug in wagtail-probe: those checks did not run)',
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

t.test('a run that could not probe the site says so first: reason, message, exit code; and last', async (t) => {
  const lines = linesOf(plain(notProbedResult()));
  t.equal(lines[2], 'NOT PROBED (exit 3) · unreachable: getaddrinfo ENOTFOUND www.example.org <b>\\x1b[31m</b>', 'the headline, ESC made visible');
  t.equal(lines[3], '  the start page could not be fetched (DNS, connection, TLS or timeout).');
  t.match(lines.join('\n'), '\nNo probes ran.\n');
  t.equal(lines.at(-2), 'NOT PROBED (exit 3): could not probe https://www.example.org/: getaddrinfo ENOTFOUND www.example.org <b>\\x1b[31m</b>');
  t.notMatch(plain(notProbedResult()), /\x1b/, 'no raw escape from the message');
  const reasons = {
    'no-page-answered': 'no page answered with a 2xx status: there was nothing to judge',
    deadline: "the run's deadline passed before the site was judged",
    interrupted: 'the run was interrupted (SIGINT or SIGTERM)',
  } as const;
  for (const [reason, meaning] of Object.entries(reasons)) {
    const text = linesOf(plain(notProbedResult(reason as keyof typeof reasons, 'stopped\nsecond line')));
    t.equal(text[2], `NOT PROBED (exit 3) · ${reason}: stopped`, `${reason}: the first line of the message`);
    t.equal(text[3], `  ${meaning}.`);
    t.equal(text.at(-2), 'NOT PROBED (exit 3): could not probe https://www.example.org/: stopped');
  }
  const partial = { ...notProbedResult('deadline', 'the run timed out'), probes: withoutCrash(fixtureResult()).probes };
  t.equal(linesOf(plain(partial)).at(-2), 'NOT PROBED (exit 3): could not probe https://www.example.org/: the run timed out; 1 finding at or above error', 'findings made before the deadline are counted');
  t.match(renderPretty(notProbedResult(), { color: true }), '\x1b[31m\x1b[1mNOT PROBED (exit 3)');
});

t.test('a crashed run says so first and last, exit 4', async (t) => {
  const lines = linesOf(plain(crashedResult()));
  t.equal(lines[2], "CRASHED (exit 4) · crashed: TypeError: Cannot read properties of null (reading 'pages')");
  t.equal(lines[3], '  wagtail-probe itself crashed (a bug in wagtail-probe: the run did not finish).');
  t.notMatch(lines.join('\n'), RUN_CRASH.split('\n')[1]!.trim(), 'the stack stays in the JSON report');
  t.match(lines.join('\n'), /\nPASS +ok-probe {2}/, 'the probe that ran is still listed');
  t.equal(lines.at(-2), "ERROR (exit 4): wagtail-probe crashed (a bug in wagtail-probe: the run did not finish): TypeError: Cannot read properties of null (reading 'pages')");
  const both = { ...crashedResult(), probes: fixtureResult().probes };
  t.equal(
    linesOf(plain(both)).at(-2),
    "ERROR (exit 4): wagtail-probe crashed (a bug in wagtail-probe: the run did not finish): TypeError: Cannot read properties of null (reading 'pages'); " +
      '1 probe crashed (a bug in wagtail-probe: those checks did not run); 1 finding at or above error',
  );
});

t.test('probe statuses are verdicts after --fail-on and the baseline, not what the probe said', async (t) => {
  const heads = (text: string) => linesOf(text).filter((line) => /^(FAIL|INCONCLUSIVE|ERROR|PASS|SKIP) /.test(line)).map((l) => l.split(/\s+/).slice(0, 2).join(' '));
  t.same(heads(plain(withoutCrash(fixtureWithBaseline()))).slice(0, 2), ['INCONCLUSIVE media-offload', 'PASS document-privacy'], 'the known error and a warning below error: a pass');
  t.match(plain(withoutCrash(fixtureWithBaseline())), '\nProbes: 0 failed, 1 inconclusive, 0 crashed, 3 passed, 1 skipped\n');
  t.same(heads(plain(withoutCrash(withFailOn(fixtureResult(), 'warning')))).slice(0, 2), ['FAIL document-privacy', 'FAIL media-offload'], 'an inconclusive warning at fail-on warning fails');
});

t.test('invisible and bidirectional characters in a URL, message or header are shown as escapes', async (t) => {
  const result = { ...fixtureResult(), target: `https://www.example.org/\u202e/`, probes: [{ ...fixtureResult().probes[1]!, findings: [bidiFinding] }] };
  const text = plain(result);
  t.notMatch(text, INVISIBLE_RE, 'none reaches the terminal raw');
  const at = linesOf(text).findIndex((line) => line.includes('Private document invoice'));
  t.match(linesOf(text)[at], 'Private document invoice\\u202efdp.exe.pdf is served to anonymous clients \\u061c\\u200b');
  t.match(linesOf(text)[at + 1], BIDI_URL.replace(BIDI_NAME, 'invoice\\u202efdp.exe.pdf'));
  t.match(linesOf(text)[at + 1], 'content-disposition: attachment; filename="invoice\\u202efdp.exe.pdf"', 'the decisive header value');
  t.match(linesOf(text)[0], 'https://www.example.org/\\u202e/');
});

t.test('the second line shows the response that decided the finding, at the URL that gave it', async (t) => {
  const text = plain(decisiveResult());
  const detail = (message: string) => linesOf(text)[linesOf(text).findIndex((line) => line.includes(message)) + 1]!.trim();
  t.equal(detail(exposedFinding.message), 'https://www.example.org/media/documents/board-minutes.pdf  ← 200 · content-type: application/pdf',
    'a leak: the file URL and its 200, not the serve URL and its login redirect listed first');
  t.notMatch(text, '← 302', 'the login redirect is not what the finding rests on');
  t.equal(detail(markedFinding.message), 'https://www.example.org/contact/?second  ← 200 · age: 120 · x-cache: HIT', 'the evidence the probe marked decisive');
  t.equal(detail(groupedFinding.message), 'https://www.example.org/static/css/site.0123abcd.css  ← 200 · cache-control: max-age=3600', 'a grouped finding: a real file of the group');
  t.notOk(linesOf(text).some((line) => line.trim().startsWith(`${TARGET} `) || line.trim() === TARGET), 'never the site root the grouped finding is filed under');
  const password = plain({ ...decisiveResult(), probes: [{ ...decisiveResult().probes[0]!, findings: [passwordExposedFinding] }] });
  const at = linesOf(password).findIndex((line) => line.includes(passwordExposedFinding.message));
  t.equal(linesOf(password)[at + 1]!.trim(), 'https://www.example.org/media/documents/board-minutes.pdf  ← 200 · content-type: application/pdf',
    "behind a password restriction the serve URL answers 200 too (the form): the file URL's 200 still decides, by the URL the message names");
});

import t from 'tap';
import fingerprintsJson from '../../src/wagtail/data/fingerprints.json' with { type: 'json' };
import {
  confirmingUrl,
  describeCandidates,
  identifyRelease,
  inseparableReason,
  judgeConfirmingResponse,
  matchObservation,
  narrowByAnswer,
  nextConfirmingQuestion,
  observeStaticFile,
  versionQueryOf,
  type ConfirmingAnswer,
  type ConfirmingQuestion,
  type FileObservation,
  type StaticNaming,
} from '../../src/wagtail/version-fingerprint.js';
import { FINGERPRINTS, type FingerprintData, type Release } from '../../src/wagtail/wagtail-data.js';
import { failure, response } from '../helpers/site-kit.js';

const STATIC = 'https://site.test/static/';

/** Every tracked file of a release as a hashing storage names it: what its admin login page shows. */
function ownEntries(release: string, data: FingerprintData = FINGERPRINTS): FileObservation[] {
  return Object.entries(data.files).flatMap(([path, classes]) => {
    const hash = Object.entries(classes).find(([, releases]) => releases.includes(release))?.[0];
    return hash === undefined ? [] : [{ url: `${STATIC}${path}`, path, hash, source: 'name' as const }];
  });
}

/** The entries a release has, as one comparable string: releases with equal strings cannot be told apart by these files. */
function signature(release: string): string {
  return Object.keys(FINGERPRINTS.files)
    .map((path) => `${path}=${ownEntries(release).find((o) => o.path === path)?.hash ?? '-'}`)
    .join(' ');
}

t.test('every release in the data is identified from its own files, or narrowed to the releases that ship the same ones', async (t) => {
  let exact = 0;
  const ranges: string[] = [];
  for (const release of FINGERPRINTS.releases) {
    const verdict = identifyRelease(ownEntries(release), [], FINGERPRINTS);
    const twins = FINGERPRINTS.releases.filter((r) => signature(r) === signature(release));
    if ('exact' in verdict) {
      t.equal(verdict.exact, release, `${release} identified as itself`);
      t.same(twins, [release], `${release}: no other release ships the same files`);
      exact += 1;
    } else if ('candidates' in verdict) {
      t.same(verdict.candidates, twins, `${release}: narrowed to exactly the releases with the same files`);
      if (verdict.candidates[0] === release) ranges.push(describeCandidates(verdict.candidates, FINGERPRINTS));
    } else {
      t.fail(`${release} not identified: ${verdict.unknown}`);
    }
  }
  const total = FINGERPRINTS.releases.length;
  t.comment(`${exact} of ${total} releases identified exactly from the login page's hashed names; the other ${total - exact} narrowed to ${ranges.length} ranges: ${ranges.join('; ')}`);
  t.ok(exact > 0);
});

t.test('a ?v= of the project template pins the release within its twins', async (t) => {
  const [value, release] = Object.entries(FINGERPRINTS.versionQueryOfProjectTemplate).find(([, r]) => r === '8.0.1') ?? [];
  t.ok(value, '8.0.1 has a project-template ?v=');
  const verdict = identifyRelease(ownEntries('8.0.1'), [value as string], FINGERPRINTS);
  t.same('exact' in verdict ? [verdict.exact, verdict.versionQuery] : verdict, [release, value]);
  // Without it, 8.0 and 8.0.1 ship the same login files.
  const without = identifyRelease(ownEntries('8.0.1'), [], FINGERPRINTS);
  t.same('candidates' in without ? without.candidates : without, ['8.0', '8.0.1']);
});

// A tiny data set for the rules themselves.
const DATA: FingerprintData = {
  compiledAt: '2026-12-01T00:00:00Z',
  releases: ['7.0', '7.0.1', '7.1'],
  files: {
    'wagtailadmin/js/core.js': { aaaaaaaaaaaa: ['7.0', '7.0.1'], bbbbbbbbbbbb: ['7.1'] },
    'wagtailadmin/css/core.css': { cccccccccccc: ['7.0'], dddddddddddd: ['7.0.1', '7.1'] },
  },
  unhashedFiles: { 'wagtailadmin/css/core.css': { eeeeeeeeeeee: ['7.0', '7.0.1'], ffffffffffff: ['7.1'] } },
  versionQueryOfProjectTemplate: { '0123abcd': '7.0.1' },
  maxConfirmingRequests: 6,
  confirmingFiles: {},
  confirmingUnhashedFiles: {},
  inseparable: [],
};
const js = (hash: string): FileObservation => ({ url: `${STATIC}wagtailadmin/js/core.${hash}.js`, path: 'wagtailadmin/js/core.js', hash, source: 'name' });
const css = (hash: string, source: 'name' | 'body' = 'name'): FileObservation => ({ url: `${STATIC}wagtailadmin/css/core.css`, path: 'wagtailadmin/css/core.css', hash, source });

const cases: { name: string; files: FileObservation[]; queries?: string[]; expect: unknown }[] = [
  { name: 'two files that agree on one release', files: [js('aaaaaaaaaaaa'), css('cccccccccccc')], expect: { exact: '7.0' } },
  { name: 'one file shared by two releases', files: [js('aaaaaaaaaaaa')], expect: { candidates: ['7.0', '7.0.1'] } },
  { name: 'the ?v= decides between them', files: [js('aaaaaaaaaaaa')], queries: ['0123abcd'], expect: { exact: '7.0.1' } },
  { name: 'an unknown ?v= tells nothing', files: [js('aaaaaaaaaaaa')], queries: ['ffff0000'], expect: { candidates: ['7.0', '7.0.1'] } },
  { name: 'an unhashed core.css body is matched as shipped, not as collected', files: [css('ffffffffffff', 'body')], expect: { exact: '7.1' } },
  { name: 'content no release ships', files: [js('999999999999')], expect: { unknown: 'content no Wagtail release' } },
  { name: 'one file known, one foreign: not exact', files: [js('bbbbbbbbbbbb'), css('999999999999')], expect: { candidates: ['7.1'], reason: 'match' } },
  { name: 'files of two releases', files: [js('bbbbbbbbbbbb'), css('cccccccccccc')], expect: { unknown: 'different releases' } },
  { name: 'files the data does not track', files: [{ url: `${STATIC}wagtailadmin/js/x.123456789abc.js`, path: 'wagtailadmin/js/x.js', hash: '123456789abc', source: 'name' }], expect: { unknown: 'tells releases apart' } },
  { name: 'nothing seen', files: [], expect: { unknown: 'no Wagtail admin file' } },
];
t.test('identifyRelease', async (t) => {
  for (const c of cases) {
    const verdict = identifyRelease(c.files, c.queries ?? [], DATA) as Record<string, unknown>;
    const expect = c.expect as Record<string, unknown>;
    for (const [key, value] of Object.entries(expect)) {
      if (typeof value === 'string' && key !== 'exact') t.match(verdict[key], value, `${c.name}: ${key}`);
      else t.same(verdict[key], value, `${c.name}: ${key}`);
    }
  }
});

t.test('observeStaticFile reads the hash from the name, or from a whole body of an unhashed name', async (t) => {
  const md5 = '0123456789abcdef0123456789abcdef';
  const table: [string, string | null, string | undefined, Partial<FileObservation> | null][] = [
    [`${STATIC}wagtailadmin/js/core.e9b72a8d4540.js`, STATIC, undefined, { path: 'wagtailadmin/js/core.js', hash: 'e9b72a8d4540', source: 'name' }],
    [`${STATIC}wagtailadmin/js/vendor/jquery-3.6.0.min.b99e3172f9b5.js`, STATIC, undefined, { path: 'wagtailadmin/js/vendor/jquery-3.6.0.min.js', hash: 'b99e3172f9b5' }],
    ['https://cdn.test/s/wagtailadmin/css/core.baabf7d35649.css', null, undefined, { path: 'wagtailadmin/css/core.css', hash: 'baabf7d35649' }],
    [`${STATIC}wagtailadmin/js/core.js?v=0123abcd`, STATIC, md5, { path: 'wagtailadmin/js/core.js', hash: '0123456789ab', source: 'body' }],
    [`${STATIC}wagtailadmin/js/core.js?v=0123abcd`, STATIC, undefined, null],
    [`${STATIC}css/site.0123456789ab.css`, STATIC, undefined, null],
    ['https://other.test/wagtailadmin/js/core.e9b72a8d4540.js', STATIC, undefined, null],
  ];
  for (const [url, staticUrl, body, expected] of table) {
    const seen = observeStaticFile(url, staticUrl, body);
    if (expected === null) t.equal(seen, null, url);
    else t.match(seen, expected, url);
  }
  t.equal(versionQueryOf(`${STATIC}wagtailadmin/js/core.js?v=0123abcd`), '0123abcd');
  t.equal(versionQueryOf(`${STATIC}wagtailadmin/js/core.js?v=xyz`), null);
  t.equal(versionQueryOf(`${STATIC}wagtailadmin/js/core.js`), null);
  t.same(matchObservation(css('eeeeeeeeeeee', 'body'), DATA)?.releases, ['7.0', '7.0.1']);
  t.equal(matchObservation({ ...js('aaaaaaaaaaaa'), path: 'wagtailadmin/js/other.js' }, DATA), null);
});

t.test('describeCandidates names a contiguous run as a range', async (t) => {
  t.equal(describeCandidates(['7.0.2', '7.0.3', '7.0.4'], FINGERPRINTS), '7.0.2 to 7.0.4 (3 releases)');
  t.equal(describeCandidates(['6.4.1', '7.0.1'], FINGERPRINTS), '6.4.1, 7.0.1');
  t.equal(describeCandidates(['8.0.1'], FINGERPRINTS), '8.0.1');
});

/** What a site of `release` answers for a confirming question, as the data says its files are. */
function answerOf(release: Release, question: ConfirmingQuestion, data: FingerprintData): ConfirmingAnswer {
  const table = question.naming === 'hashed' ? data.confirmingFiles[question.path] : (data.confirmingUnhashedFiles[question.path] ?? data.confirmingFiles[question.path]);
  const content = Object.entries(table ?? {}).find(([, shippers]) => shippers.includes(release))?.[0];
  if (content === undefined) return { kind: 'missing' };
  if (question.hash !== null && question.hash !== content) return { kind: 'missing' }; // its file has another name
  return { kind: 'file', md5: `${content}${'0'.repeat(20)}` };
}

/** The candidates left on a site of `release` after the confirming files, as the probe asks them. */
function confirmOn(release: Release, candidates: readonly Release[], naming: StaticNaming, data: FingerprintData): { left: readonly Release[]; asked: number } {
  let left = candidates;
  let asked = 0;
  for (let question = nextConfirmingQuestion(left, naming, data); question !== null && asked < data.maxConfirmingRequests; question = nextConfirmingQuestion(left, naming, data)) {
    asked += 1;
    const narrowed = narrowByAnswer(left, question, answerOf(release, question, data), data);
    if ('unusable' in narrowed) throw new Error(`${release}: ${question.path} ${narrowed.unusable}`);
    left = narrowed.left;
  }
  return { left, asked };
}

t.test('with the confirming files, every release is named exactly or narrowed to the releases whose static files do not differ', async (t) => {
  for (const naming of ['hashed', 'unhashed'] as const) {
    let exact = 0;
    let most = 0;
    for (const release of FINGERPRINTS.releases) {
      const verdict = identifyRelease(ownEntries(release), [], FINGERPRINTS);
      if ('exact' in verdict) {
        exact += 1;
        continue;
      }
      if (!('candidates' in verdict)) {
        t.fail(`${release}: ${verdict.unknown}`);
        continue;
      }
      const { left, asked } = confirmOn(release, verdict.candidates, naming, FINGERPRINTS);
      most = Math.max(most, asked);
      const group = FINGERPRINTS.inseparable.find((g) => g.releases.includes(release));
      t.same(left, group?.releases ?? [release], `${naming} ${release}: ${group ? 'its inseparable group' : 'itself'}`);
      if (left.length === 1) exact += 1;
      else t.ok(inseparableReason(left, FINGERPRINTS), `${naming} ${release}: says why ${left.join(', ')} stay together`);
    }
    const figure = naming === 'hashed' ? fingerprintsJson.exactReleases.withConfirmingHashed : fingerprintsJson.exactReleases.withConfirmingUnhashed;
    t.equal(exact, figure, `${naming}: as many named exactly as the script counted`);
    t.ok(most <= FINGERPRINTS.maxConfirmingRequests);
    t.comment(`${naming} names: ${exact} of ${FINGERPRINTS.releases.length} releases exactly with up to ${most} confirming request(s) (login page alone: ${fingerprintsJson.exactReleases.loginPage})`);
  }
});

// A tiny data set for the confirming rules: a.js changed in 7.0.1, b.js in 7.1,
// and c.js changed in 7.0.1 and back in 7.0.2.
const CONFIRM: FingerprintData = {
  ...DATA,
  releases: ['7.0', '7.0.1', '7.0.2', '7.1'],
  confirmingFiles: {
    'wagtailadmin/js/a.js': { '111111111111': ['7.0'], '222222222222': ['7.0.1', '7.0.2', '7.1'] },
    'wagtailadmin/js/b.js': { '333333333333': ['7.0', '7.0.1', '7.0.2'], '444444444444': ['7.1'] },
    'wagtailadmin/js/c.js': { '555555555555': ['7.0', '7.0.2', '7.1'], '666666666666': ['7.0.1'] },
  },
  confirmingUnhashedFiles: {},
  inseparable: [{ releases: ['7.0.1', '7.0.2'], differingFiles: ['wagtailadmin/js/c.js'] }],
};

t.test('nextConfirmingQuestion', async (t) => {
  const cases: { name: string; candidates: Release[]; naming: StaticNaming; expect: ConfirmingQuestion | null }[] = [
    { name: 'the newer content of a file that splits them', candidates: ['7.0', '7.0.1'], naming: 'hashed', expect: { path: 'wagtailadmin/js/a.js', naming: 'hashed', hash: '222222222222' } },
    { name: 'the question whose worse answer leaves fewest', candidates: ['7.0', '7.0.1', '7.0.2', '7.1'], naming: 'hashed', expect: { path: 'wagtailadmin/js/a.js', naming: 'hashed', hash: '222222222222' } },
    // 7.0.1's c.js is older than 7.0.2, and 7.0.2's is 7.0's too: a leftover of an earlier deploy could answer 200 for either.
    { name: 'never content an older release ships', candidates: ['7.0.1', '7.0.2'], naming: 'hashed', expect: null },
    { name: 'unhashed names: one answer per file, no leftovers', candidates: ['7.0.1', '7.0.2'], naming: 'unhashed', expect: { path: 'wagtailadmin/js/c.js', naming: 'unhashed', hash: null } },
    { name: 'one candidate: nothing to ask', candidates: ['7.1'], naming: 'hashed', expect: null },
  ];
  for (const c of cases) t.same(nextConfirmingQuestion(c.candidates, c.naming, CONFIRM), c.expect, c.name);
});

t.test('narrowByAnswer: a 404 rules out, a 200 with the promised content pins, anything else is unusable', async (t) => {
  const asked: ConfirmingQuestion = { path: 'wagtailadmin/js/a.js', naming: 'hashed', hash: '222222222222' };
  const plain: ConfirmingQuestion = { path: 'wagtailadmin/js/c.js', naming: 'unhashed', hash: null };
  const md5 = (hash: string) => `${hash}${'f'.repeat(20)}`;
  const cases: { name: string; question: ConfirmingQuestion; answer: ConfirmingAnswer; expect: unknown }[] = [
    { name: '200, the content asked', question: asked, answer: { kind: 'file', md5: md5('222222222222') }, expect: { left: ['7.0.1', '7.1'] } },
    { name: '404', question: asked, answer: { kind: 'missing' }, expect: { left: ['7.0'] } },
    { name: '200, other bytes (a catch-all page)', question: asked, answer: { kind: 'file', md5: md5('999999999999') }, expect: { unusable: /other content/ } },
    { name: 'a 403', question: asked, answer: { kind: 'unusable', why: 'answered 403' }, expect: { unusable: 'answered 403' } },
    { name: 'unhashed: the body picks its release', question: plain, answer: { kind: 'file', md5: md5('666666666666') }, expect: { left: ['7.0.1'] } },
    { name: 'unhashed: content no candidate ships', question: plain, answer: { kind: 'file', md5: md5('999999999999') }, expect: { unusable: /no candidate release ships/ } },
    { name: 'unhashed: missing, though every candidate ships it', question: plain, answer: { kind: 'missing' }, expect: { unusable: /every candidate release ships it/ } },
  ];
  for (const c of cases) t.match(narrowByAnswer(['7.0', '7.0.1', '7.1'], c.question, c.answer, CONFIRM), c.expect, c.name);
});

t.test('judgeConfirmingResponse and confirmingUrl', async (t) => {
  const url = 'https://site.test/static/wagtailadmin/js/a.222222222222.js';
  t.same(judgeConfirmingResponse(response({ url, md5: 'ABCDEF0123456789abcdef0123456789' })), { kind: 'file', md5: 'abcdef0123456789abcdef0123456789' });
  t.same(judgeConfirmingResponse(response({ url, status: 404 })), { kind: 'missing' });
  t.same(judgeConfirmingResponse(response({ url, status: 410 })), { kind: 'missing' });
  t.match(judgeConfirmingResponse(response({ url, status: 403 })), { kind: 'unusable', why: 'answered 403' });
  t.match(judgeConfirmingResponse(response({ url, complete: false, body: 'x' })), { kind: 'unusable', why: /not read whole/ });
  t.match(judgeConfirmingResponse(failure(url, 'ERR_TIMEOUT')), { kind: 'unusable', why: /ERR_TIMEOUT/ });
  t.equal(confirmingUrl({ path: 'wagtailadmin/js/a.js', naming: 'hashed', hash: '222222222222' }, 'https://cdn.test/s/'), 'https://cdn.test/s/wagtailadmin/js/a.222222222222.js');
  t.equal(confirmingUrl({ path: 'wagtailadmin/js/vendor/x.min.js', naming: 'hashed', hash: '222222222222' }, 'https://cdn.test/s/'), 'https://cdn.test/s/wagtailadmin/js/vendor/x.min.222222222222.js');
  t.equal(confirmingUrl({ path: 'wagtailadmin/js/a.js', naming: 'unhashed', hash: null }, 'https://site.test/static/'), 'https://site.test/static/wagtailadmin/js/a.js');
});

t.test('inseparableReason says whether any static file differs', async (t) => {
  t.match(inseparableReason(['8.0', '8.0.1'], FINGERPRINTS), /no static file of any Wagtail app differs/);
  t.match(inseparableReason(['4.1.4', '4.1.5'], FINGERPRINTS), /only table_block\/js\/table\.js, which only sites with that app installed collect/);
  t.equal(inseparableReason(['7.0', '7.0.1', '7.1'], CONFIRM), null, 'not a listed group: a confirming file could still split them');
});

import t from 'tap';
import { describeCandidates, identifyRelease, matchObservation, observeStaticFile, versionQueryOf, type FileObservation } from '../../src/wagtail/version-fingerprint.js';
import { FINGERPRINTS, type FingerprintData } from '../../src/wagtail/wagtail-data.js';

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

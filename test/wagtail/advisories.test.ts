import t from 'tap';
import { advisoriesFor, advisoriesOfRule, fixFor, fixSummary, isAffected, supportStatus } from '../../src/wagtail/advisories.js';
import { ADVISORIES, checkAdvisories, compareReleases, seriesOf, type AdvisoryData } from '../../src/wagtail/wagtail-data.js';

const byId = (id: string) => {
  const found = ADVISORIES.advisories.find((a) => a.id === id);
  if (!found) throw new Error(`${id} not in the data`);
  return found;
};

t.test('affected ranges, at their boundaries', async (t) => {
  const table: [string, string, boolean][] = [
    // The SHA-1 ETag of private documents: fixed in 7.0.9, 7.3.4, 7.4.3 and 8.0; never in 5.2 or 6.x.
    ['GHSA-92hv-j533-69wc', '5.2.8', true],
    ['GHSA-92hv-j533-69wc', '6.3.8', true],
    ['GHSA-92hv-j533-69wc', '7.0.8', true],
    ['GHSA-92hv-j533-69wc', '7.0.9', false],
    ['GHSA-92hv-j533-69wc', '7.0.10', false],
    ['GHSA-92hv-j533-69wc', '7.1', true],
    ['GHSA-92hv-j533-69wc', '7.3.3', true],
    ['GHSA-92hv-j533-69wc', '7.3.4', false],
    ['GHSA-92hv-j533-69wc', '7.4.2', true],
    ['GHSA-92hv-j533-69wc', '7.4.3', false],
    ['GHSA-92hv-j533-69wc', '8.0', false],
    // Introduced in 7.3 (the advisory says so): 7.2 never had it.
    ['GHSA-23m2-mghx-vqmf', '7.2.3', false],
    ['GHSA-23m2-mghx-vqmf', '7.3', true],
    ['GHSA-23m2-mghx-vqmf', '7.3.3', false],
    ['GHSA-23m2-mghx-vqmf', '7.4.1', true],
    ['GHSA-23m2-mghx-vqmf', '7.4.2', false],
    // Fixed by a feature release: 6.1 came with the fix.
    ['GHSA-w2v8-php4-p8hc', '6.0.2', true],
    ['GHSA-w2v8-php4-p8hc', '6.0.3', false],
    ['GHSA-w2v8-php4-p8hc', '6.1', false],
    ['GHSA-5286-f2rf-35c2', '4.1.3', true],
    ['GHSA-5286-f2rf-35c2', '4.1.4', false],
    ['GHSA-5286-f2rf-35c2', '4.2.1', true],
  ];
  for (const [id, release, affected] of table) t.equal(isAffected(byId(id), release), affected, `${id} ${release}`);
});

t.test('advisoriesFor and fixFor', async (t) => {
  t.same(advisoriesFor('8.0.1', ADVISORIES), [], '8.0.1 has no known advisory');
  const ids = advisoriesFor('7.0.8', ADVISORIES).map((a) => a.id);
  t.ok(ids.includes('GHSA-92hv-j533-69wc') && ids.includes('GHSA-c2xx-cjmh-9q8f'), '7.0.8 misses the 7.0.9 fixes');
  t.notOk(ids.includes('GHSA-p5gm-92h4-6pv6'), '7.0.8 has the 7.0.7 fix');
  t.equal(fixFor(byId('GHSA-92hv-j533-69wc'), '7.0.8'), '7.0.9', 'the same series first');
  t.equal(fixFor(byId('GHSA-92hv-j533-69wc'), '6.3.8'), '7.0.9', 'a series without a fix moves on');
  t.equal(fixFor(byId('GHSA-92hv-j533-69wc'), '7.1.2'), '7.3.4');
  t.equal(fixFor(byId('GHSA-92hv-j533-69wc'), '9.0'), null);
});

t.test('every advisory cites a source, and its ranges end at releases that shipped its fix', async (t) => {
  for (const a of ADVISORIES.advisories) {
    t.ok(a.sources.some((s) => s.includes(a.id)), `${a.id} cites its advisory`);
    for (const r of a.affected) t.ok(a.fixedIn.includes(r.fixed), `${a.id} range ends at a fix (${r.fixed})`);
    t.equal(a.rule !== null, a.visibleFromOutside && a.rule !== null, `${a.id}: a rule only for what is visible from outside`);
  }
});

t.test('support on a date', async (t) => {
  const on = (date: string) => new Date(`${date}T12:00:00Z`);
  t.match(supportStatus('7.0.10', on('2026-11-02'), ADVISORIES), { state: 'supported', daysLeft: 0, featureSupported: true }, 'the last day is still supported');
  t.match(supportStatus('7.0.10', on('2026-11-03'), ADVISORIES), { state: 'ended', daysSince: 1, securityEnds: '2026-11-02' });
  t.match(supportStatus('7.3.4', on('2026-06-01'), ADVISORIES), { state: 'supported', featureSupported: false, securityEnds: '2026-08-03' }, 'security fixes only');
  t.match(supportStatus('6.3.8', on('2026-05-02'), ADVISORIES), { state: 'ended', window: { lts: true } });
  t.match(supportStatus('5.2.8', on('2025-01-01'), ADVISORIES), { state: 'supported', window: { lts: true }, securityEnds: '2025-05-06' });
  t.match(supportStatus('8.0.1', on('2026-12-01'), ADVISORIES), { state: 'unknown', reason: /not in the schedule/ }, '8.0 end dates not verified');
  t.match(supportStatus('3.0', on('2026-12-01'), ADVISORIES), { state: 'unknown', reason: /not in the release schedule/ });
});

t.test('the schedule covers every series since 4.1 and marks the LTS ones', async (t) => {
  const series = ADVISORIES.schedule.map((w) => w.series);
  t.same(series, [...series].sort((a, b) => compareReleases(a, b)));
  t.same(ADVISORIES.schedule.filter((w) => w.lts).map((w) => w.series), ['4.1', '5.2', '6.3', '7.0', '7.4']);
  for (const s of ['4.1', '4.2', '5.0', '5.1', '5.2', '6.0', '6.1', '6.2', '6.3', '6.4', '7.0', '7.1', '7.2', '7.3', '7.4', '8.0']) t.ok(series.includes(s), s);
  t.equal(seriesOf('7.0.10'), '7.0');
});

t.test('malformed data fails loudly', async (t) => {
  const good = byId('GHSA-92hv-j533-69wc');
  const bad = (patch: object): AdvisoryData => ({ compiledAt: '', schedule: [], advisories: [{ ...good, ...patch }] });
  t.throws(() => checkAdvisories(bad({ affected: [{ introduced: '7.1', fixed: '7.0' }] })), /backwards/);
  t.throws(() => checkAdvisories(bad({ impact: 'spooky' })), /impact/);
  t.throws(() => checkAdvisories(bad({ sources: [] })), /source/);
  t.throws(() => checkAdvisories({ compiledAt: '', advisories: [good, good], schedule: [] }), /advisory id/);
});

t.test('where an advisory was fixed, and the release lines that never got the fix', async (t) => {
  const window = (series: string) => ({ series, lts: false, released: '2020-01-01', featureSupportEnds: null, securitySupportEnds: null });
  const data = (fixedIn: string[], affected: { introduced: string; fixed: string }[]): AdvisoryData => ({
    compiledAt: '',
    schedule: ['6.3', '6.4', '7.0', '7.1', '7.2', '7.3', '8.0'].map(window),
    advisories: [{ ...byId('GHSA-92hv-j533-69wc'), fixedIn, affected }],
  });
  const cases: { name: string; fixedIn: string[]; affected: { introduced: string; fixed: string }[]; summary: string }[] = [
    { name: 'one fix, nothing older affected', fixedIn: ['8.0'], affected: [{ introduced: '8.0', fixed: '8.0' }], summary: 'fixed in Wagtail 8.0' },
    {
      name: 'older lines and lines between fixes left without one',
      fixedIn: ['7.0.9', '7.3.4', '8.0'],
      affected: [{ introduced: '0', fixed: '7.0.9' }, { introduced: '7.1', fixed: '7.3.4' }],
      summary: 'fixed in Wagtail 7.0.9, 7.3.4 and 8.0; 6.3 to 6.4 and 7.1 to 7.2 never got the fix',
    },
    { name: 'a line newer than every fix is not "left without"', fixedIn: ['7.0.9'], affected: [{ introduced: '7.0', fixed: '7.0.9' }], summary: 'fixed in Wagtail 7.0.9' },
    { name: 'no fix published', fixedIn: [], affected: [{ introduced: '0', fixed: '99' }], summary: 'no fixed release is published' },
  ];
  for (const { name, fixedIn, affected, summary } of cases) {
    const d = data(fixedIn, affected);
    t.equal(fixSummary(d.advisories[0]!, d), summary, name);
  }
});

t.test("a rule's advisories as its finding names them, from the shipped data", async (t) => {
  t.match(advisoriesOfRule('document-privacy/etagOnProtectedResponse', ADVISORIES), /^GHSA-92hv-j533-69wc, fixed in Wagtail 7\.0\.9, 7\.3\.4, 7\.4\.3 and 8\.0; 4\.1 to 6\.4 and 7\.1 to 7\.2 never got the fix$/);
  t.match(advisoriesOfRule('document-privacy/apiListsPrivateDocument', ADVISORIES), /^GHSA-p5gm-92h4-6pv6, fixed in .*; GHSA-c2xx-cjmh-9q8f, fixed in /);
  t.equal(advisoriesOfRule('no-such/rule', ADVISORIES), '');
});

// document-privacy, cache-replays: a shared cache replaying a protected document's
// response (the canaries' replays are cache-privacy's), named and quoted the way
// cache-privacy names and quotes it.

import t from 'tap';
import cachePrivacy from '../../../probes/cache-privacy/index.js';
import documentPrivacy from '../../../probes/document-privacy/index.js';
import { runOn as kitRunOn, SITE, options, page, response, site, type Canned } from '../../helpers/site-kit.js';
import {
  canary, crawledLogin, crawledPasswordForm, doc, fileUrl, loginRedirect, noFollow, notFound, PASSWORDED, passwordForm, runCases, runOn, SECRET, servedByView, withCanaries,
} from './fixtures/site.js';

runCases([
  {
    name: 'a protected document found on a page replayed by a shared cache (canaries are left to cache-privacy)',
    site: site({ resources: [doc(SECRET, crawledLogin(SECRET)), doc(PASSWORDED, crawledPasswordForm(PASSWORDED), canary)] }),
    canned: [
      noFollow(SECRET, loginRedirect(SECRET, { 'x-cache-status': 'HIT' })),
      noFollow(PASSWORDED, passwordForm(PASSWORDED, { 'x-cache-status': 'HIT', age: '30' })),
      noFollow(fileUrl('board-minutes.pdf'), notFound(fileUrl('board-minutes.pdf'))),
      noFollow(fileUrl('salaries.csv'), notFound(fileUrl('salaries.csv'))),
    ],
    canaries: [PASSWORDED],
    expected: [`loginProtected ${SITE}`, `passwordProtected ${SITE}`, `privateDocumentCached ${SECRET}`],
    outcome: 'fail',
  },
]);

const VARNISH_HIT = { age: '118', 'x-varnish': '32770 3', via: '1.1 varnish (Varnish/7.1)' };

t.test('the replay is quoted as describeSharedCache says it', async (t) => {
  const run = await runOn(documentPrivacy, site({ resources: [doc(SECRET, crawledLogin(SECRET))] }), [
    noFollow(SECRET, loginRedirect(SECRET, VARNISH_HIT)),
    noFollow(fileUrl('board-minutes.pdf'), notFound(fileUrl('board-minutes.pdf'))),
  ]);
  const finding = run.findings.find((f) => f.messageId === 'privateDocumentCached');
  t.same(finding?.data, { doc: '/documents/7/board-minutes.pdf', response: 'login redirect', cache: 'Varnish', signs: 'X-Varnish: 32770 3, Age: 118' });
  t.match(finding?.evidence[0]?.headers, VARNISH_HIT);
  const classified = run.findings.find((f) => f.messageId === 'loginProtected');
  t.match(classified?.evidence[0]?.note, /^redirects to the login page .*, replayed by Varnish \(X-Varnish: 32770 3, Age: 118\): stored from an earlier request/, 'the refusal is still a refusal, and the note says who replayed it');
});

t.test('a public document replayed by a cache keeps its serve method, and the evidence names the cache', async (t) => {
  const url = `${SITE}documents/1/annual-report.pdf`;
  const run = await runOn(documentPrivacy, site({ resources: [doc(url, servedByView(url, { 'cf-cache-status': 'HIT', age: '1450' }))] }), [noFollow(fileUrl('annual-report.pdf'), notFound(fileUrl('annual-report.pdf')))]);
  const served = run.findings.find((f) => f.messageId === 'servedByView');
  t.match(served?.evidence[0]?.note, /^served by the serve view \(200 with the file\), replayed by Cloudflare \(CF-Cache-Status: HIT, Age: 1450\)/);
});

t.test('one replayed canary, both probes: one error, the same cache name and headers, one request', async (t) => {
  const replayed = servedByView(SECRET, VARNISH_HIT);
  const model = site({ pages: [page(response({ url: `${SITE}admin/login/` }), {}, 'admin-login')], resources: [doc(SECRET, null, canary)] });
  const login = `${SITE}admin/login/`;
  const loginClients: Canned[] = ['a', 'b'].map((token) => ({ url: login, fresh: true, once: true, result: response({ url: login, text: `<input name="csrfmiddlewaretoken" value="${token}">` }) }));
  const cached = await kitRunOn(cachePrivacy, model, [...loginClients, noFollow(SECRET, replayed)], options({ privateCanaries: { pages: [], documents: [SECRET] } }));
  const documents = await runOn(documentPrivacy, model, [noFollow(SECRET, replayed)], withCanaries(SECRET));
  const errors = [...cached.findings, ...documents.findings].filter((f) => f.severity === 'error' && !f.inconclusive);
  t.same(errors.map((f) => `${f.messageId} ${f.url}`), [`privateResponseCached ${SECRET}`], 'cache-privacy owns the fault');
  const deferred = documents.findings.find((f) => f.url === SECRET);
  t.equal(deferred?.messageId, 'canaryUnchecked');
  t.ok(deferred?.inconclusive);
  const [owner] = errors;
  t.match(deferred?.data['reason'], `replayed by ${owner?.data['cache']} (${owner?.data['signs']})`, 'the same cache, quoted from the same headers');
  t.same(owner?.evidence[0]?.headers && pick(owner.evidence[0].headers), pick(deferred?.evidence[0]?.headers ?? {}), 'the same cache headers in the evidence');
  const read = (run: typeof cached) => run.requests.find((r) => r.url === SECRET)?.options;
  t.same(read(cached), read(documents), "the same request, so the run's memo sends it once");
});

/** The cache headers of an evidence, whatever else each probe shows. */
function pick(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).filter(([name]) => ['age', 'via', 'x-varnish', 'cache-control', 'expires', 'vary'].includes(name)));
}

// document-privacy, canaries: each operator-named private document is refused,
// or not protected, or unchecked (gone, walled off, unreachable): never a pass.

import t from 'tap';
import probe from '../../../probes/document-privacy/index.js';
import { failure, response, site } from '../../helpers/site-kit.js';
import { API, canary, crawledRedirect, doc, fileUrl, noFollow, notFound, runCases, runOn, SECRET, servedByView, withCanaries } from './fixtures/site.js';

runCases([
  {
    name: 'a canary served to anonymous clients is not protected',
    site: site({ resources: [doc(SECRET, servedByView(SECRET), canary)] }),
    canned: [noFollow(SECRET, servedByView(SECRET)), noFollow(fileUrl('annual-report.pdf'), notFound(fileUrl('annual-report.pdf')))],
    canaries: [SECRET],
    expected: [`canaryNotProtected ${SECRET}`],
    outcome: 'fail',
  },
  {
    name: 'a canary that redirects anonymous clients to its file is not protected',
    site: site({ resources: [doc(SECRET, crawledRedirect(SECRET, fileUrl('board-minutes.pdf')), canary)] }),
    canned: [noFollow(SECRET, response({ url: SECRET, status: 302, headers: { location: '/media/documents/board-minutes.pdf' } }))],
    canaries: [SECRET],
    expected: [`canaryNotProtected ${SECRET}`],
    outcome: 'fail',
  },
  {
    name: 'a canary that is gone (404) cannot be checked: inconclusive, never a pass',
    site: site({ resources: [doc(SECRET, notFound(SECRET), canary)] }),
    canned: [noFollow(SECRET, notFound(SECRET))],
    canaries: [SECRET],
    expected: [`?canaryUnchecked ${SECRET}`],
    outcome: 'inconclusive',
  },
  {
    name: 'a canary behind a bot wall (200 HTML, not the password form) cannot be checked',
    site: site({ resources: [doc(SECRET, response({ url: SECRET, headers: { 'content-type': 'text/html' }, body: '<html><title>Just a moment...</title>' }), canary)] }),
    canned: [noFollow(SECRET, response({ url: SECRET, headers: { 'content-type': 'text/html' }, body: '<html><title>Just a moment...</title>', text: '<html><title>Just a moment...</title>' }))],
    canaries: [SECRET],
    expected: [`?canaryUnchecked ${SECRET}`],
    outcome: 'inconclusive',
  },
  {
    name: 'a canary that could not be fetched at all cannot be checked',
    site: site({ resources: [doc(SECRET, failure(SECRET, 'ERR_TIMEOUT'), canary)] }),
    canned: [noFollow(SECRET, failure(SECRET, 'ERR_TIMEOUT'))],
    canaries: [SECRET],
    expected: [`?canaryUnchecked ${SECRET}`],
    outcome: 'inconclusive',
  },
]);

// The real site behind Varnish: the origin answers 302, Varnish replays a file an
// authorised visit left in it. cache-privacy owns that fault (privateResponseCached);
// here the canary is unchecked, never "served by the serve view", never a second error.
const VARNISH_HIT = { age: '118', 'x-varnish': '32770 3', via: '1.1 varnish (Varnish/7.1)' };

runCases([
  {
    name: 'a canary whose file Varnish replays is unchecked here: the replay is cache-privacy\'s error',
    site: site({ resources: [doc(SECRET, servedByView(SECRET, VARNISH_HIT), canary)] }),
    canned: [noFollow(SECRET, servedByView(SECRET, VARNISH_HIT))],
    canaries: [SECRET],
    expected: [`?canaryUnchecked ${SECRET}`],
    outcome: 'inconclusive',
  },
  {
    name: 'a canary whose redirect to its file a CDN replays is unchecked too',
    site: site({ resources: [doc(SECRET, null, canary)] }),
    canned: [noFollow(SECRET, response({ url: SECRET, status: 302, headers: { location: '/media/documents/board-minutes.pdf', 'cf-cache-status': 'HIT', age: '40' } }))],
    canaries: [SECRET],
    expected: [`?canaryUnchecked ${SECRET}`],
    outcome: 'inconclusive',
  },
  {
    name: 'a canary the origin serves, the cache only passing it on (MISS), is not protected',
    site: site({ resources: [doc(SECRET, null, canary)] }),
    canned: [noFollow(SECRET, servedByView(SECRET, { 'x-varnish': '32771', age: '0', via: '1.1 varnish (Varnish/7.1)' }))],
    canaries: [SECRET],
    expected: [`canaryNotProtected ${SECRET}`],
    outcome: 'fail',
  },
]);

t.test('the replayed canary\'s evidence names the cache and its headers, never the serve view', async (t) => {
  const run = await runOn(probe, site({ resources: [doc(SECRET, null, canary)] }), [noFollow(SECRET, servedByView(SECRET, VARNISH_HIT))], withCanaries(SECRET));
  const [finding] = run.findings;
  const reason = "replayed by Varnish (X-Varnish: 32770 3, Age: 118): the serve view's check did not run for this request (the cache stored the file)";
  t.equal(finding?.data['reason'], `${reason}; cache-privacy reports the replay`);
  t.equal(finding?.evidence[0]?.note, reason);
  t.notMatch(finding?.evidence[0]?.note ?? '', /served by the serve view/);
  t.match(finding?.evidence[0]?.headers, VARNISH_HIT, 'Age, X-Varnish and Via are shown');
  t.same(run.requests.map((r) => r.url).filter((u) => u !== API), [SECRET, new URL('/media/', SECRET).href], 'no file URL tried (the canary is not known protected); MEDIA_URL asked for a listing');
});

import t from 'tap';
import { chainStart, RedirectChains, tooManyRedirects } from '../../src/gather/page-redirects.js';
import { response } from '../helpers/site-kit.js';

const site = 'https://site.test';
const u = (path: string): string => `${site}${path}`;
const redirect = (from: string, to: string) => response({ url: u(from), status: 302, headers: { location: to } });

t.test('a chain is followed up to the limit and cut where it would go one further', async (t) => {
  const chains = new RedirectChains(2);
  chains.enter(u('/1'), chainStart(u('/1')));
  const second = chains.follow(u('/1'), redirect('/1', '/2'), u('/2'));
  t.same(second, { redirects: 1, start: u('/1') });
  chains.enter(u('/2'), second ?? chainStart(u('/2')));
  const third = chains.follow(u('/2'), redirect('/2', '/3'), u('/3'));
  t.same(third, { redirects: 2, start: u('/1') });
  chains.enter(u('/3'), third ?? chainStart(u('/3')));
  t.equal(chains.follow(u('/3'), redirect('/3', '/4'), u('/4')), null, 'the third redirect is one too many');
  t.same(chains.position(u('/3')), { redirects: 2, start: u('/1') });
  t.same(chains.position(u('/never-queued')), chainStart(u('/never-queued')), 'a page not queued starts a chain');
});

t.test('a shorter route is passed down the chain and resumes it where it was cut', async (t) => {
  const chains = new RedirectChains(1);
  chains.enter(u('/1'), chainStart(u('/1')));
  chains.follow(u('/1'), redirect('/1', '/2'), u('/2'));
  chains.enter(u('/2'), { redirects: 1, start: u('/1') });
  const cut = redirect('/2', '/3');
  t.equal(chains.follow(u('/2'), cut, u('/3')), null);

  t.equal(chains.reroute(u('/unknown'), chainStart(u('/unknown'))), null, 'a page not queued has no route to shorten');
  t.equal(chains.reroute(u('/2'), { redirects: 1, start: u('/0') }), null, 'a route no shorter changes nothing');
  t.same(chains.reroute(u('/2'), chainStart(u('/2'))), { kind: 'resume', next: u('/3'), position: { redirects: 1, start: u('/2') }, response: cut }, 'a link to the cut page resumes the chain');
  t.equal(chains.reroute(u('/2'), chainStart(u('/2'))), null, 'once');

  const passing = new RedirectChains(5);
  passing.enter(u('/a'), { redirects: 3, start: u('/x') });
  passing.follow(u('/a'), redirect('/a', '/b'), u('/b'));
  t.same(passing.reroute(u('/a'), chainStart(u('/a'))), { kind: 'pass-on', next: u('/b'), position: { redirects: 1, start: u('/a') } }, 'a followed redirect passes the shorter route on');

  const waiting = new RedirectChains(5);
  waiting.enter(u('/p'), { redirects: 4, start: u('/x') });
  t.equal(waiting.reroute(u('/p'), chainStart(u('/p'))), null, 'a page not fetched yet just takes the shorter route');
  t.same(waiting.position(u('/p')), chainStart(u('/p')));
});

t.test('the failure recorded where a chain is cut is shaped like the client’s', async (t) => {
  const cut = response({ url: u('/3'), status: 307, headers: { location: '/4' } });
  const failure = tooManyRedirects(cut, u('/4'), { redirects: 2, start: u('/1') }, 2);
  t.equal(failure.ok, false);
  t.equal(failure.error.code, 'ERR_TOO_MANY_REDIRECTS');
  t.equal(failure.error.message, `more than 2 redirects (http.maxRedirects) from ${u('/1')}; not followed: ${u('/3')} to ${u('/4')}`);
  t.equal(failure.url, u('/4'));
  t.same(failure.request, cut.request);
  t.same(failure.hops, [{ url: u('/3'), status: 307, location: '/4', headers: { location: '/4' } }]);
  t.same([failure.timing, failure.attempts, failure.flaky], [cut.timing, cut.attempts, cut.flaky]);
  const bare = tooManyRedirects(response({ url: u('/3'), status: 302 }), u('/4'), chainStart(u('/3')), 0);
  t.equal(bare.hops[0]?.location, null, 'a hop without a Location header says so');
});

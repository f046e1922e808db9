import t from 'tap';
import monitorSession from '../../probes/monitor-session/index.js';
import { judgeAnonymousVisit, judgeControl, visitUrl } from '../../probes/monitor-session/canaries.js';
import { judgeAdminCaching, type ViewAnswer } from '../../probes/monitor-session/admin-views.js';
import { guideVersion } from '../../probes/monitor-session/version.js';
import { failure, hop, options, response, runOn, site } from '../helpers/site-kit.js';

const DOC = { url: 'https://site.test/documents/5/minutes.pdf', what: 'document' as const };
const PAGE = { url: 'https://site.test/members/', what: 'page' as const };
const PDF = '%PDF-1.4 minutes';
const PASSWORD_FORM = '<form action="/_util/authenticate_with_password/2/" method="post"><input type="password" name="password"></form>';

t.test('without an account the probe says so and sends nothing', async (t) => {
  const run = await runOn(monitorSession, site(), [], options());
  t.equal(run.outcome.status, 'skip');
  t.equal(run.requests.length, 0);
});

t.test("the control: what the monitor account got", async (t) => {
  const cases = [
    { name: 'the document', canary: DOC, result: response({ url: DOC.url, body: PDF, sha1: 'aa', headers: { 'content-type': 'application/pdf' } }), kind: 'got' },
    { name: 'the page', canary: PAGE, result: response({ url: PAGE.url, text: '<h1>Members</h1>' }), kind: 'got' },
    { name: 'its password form', canary: DOC, result: response({ url: DOC.url, text: PASSWORD_FORM }), kind: 'password-form' },
    {
      name: 'the login redirect: a group the account is not in',
      canary: PAGE,
      result: response({ url: 'https://site.test/_util/login/?next=/members/', hops: [hop(PAGE.url, 302, '/_util/login/?next=/members/')], text: '<form><input type="password"></form>' }),
      kind: 'broken',
    },
    { name: 'gone', canary: DOC, result: response({ url: DOC.url, status: 404 }), kind: 'broken' },
    { name: 'a login wall in front', canary: PAGE, result: response({ url: PAGE.url, text: '<input type="password" name="pw">' }), kind: 'broken' },
    { name: 'a cache answered, not the origin', canary: DOC, result: response({ url: DOC.url, body: PDF, headers: { 'x-cache-status': 'HIT' } }), kind: 'unproven' },
    { name: 'a failure', canary: DOC, result: failure(DOC.url, 'ERR_TIMEOUT'), kind: 'unproven' },
  ];
  for (const c of cases) t.equal(judgeControl(c.canary, c.result).kind, c.kind, c.name);
});

t.test('the anonymous visit right after the control', async (t) => {
  const control = response({ url: DOC.url, body: PDF, sha1: 'aa' });
  const cases = [
    { name: 'the login redirect', result: response({ url: DOC.url, status: 302, headers: { location: '/_util/login/?next=/documents/5/minutes.pdf' } }), kind: 'refused' },
    { name: 'the password form', result: response({ url: DOC.url, text: PASSWORD_FORM }), kind: 'refused' },
    { name: "the cache's stored file", result: response({ url: DOC.url, body: PDF, sha1: 'aa', headers: { 'x-varnish': '32770 3', age: '0' } }), kind: 'replayed' },
    { name: 'the same bytes from the origin', result: response({ url: DOC.url, body: PDF, sha1: 'aa' }), kind: 'same-bytes' },
    { name: 'some other 200', result: response({ url: DOC.url, body: '<html>', sha1: 'bb' }), kind: 'unproven' },
    { name: 'a 500', result: response({ url: DOC.url, status: 500 }), kind: 'unproven' },
  ];
  for (const c of cases) t.equal(judgeAnonymousVisit(DOC, control, c.result).kind, c.kind, c.name);
});

t.test('a visit of its own: the canary with the run\'s query parameter', async (t) => {
  t.equal(visitUrl('https://site.test/members/?a=1', 'n1'), 'https://site.test/members/?a=1&wagtail-probe-visit=n1');
});

t.test("admin answers to the session stay private", async (t) => {
  const view = { name: 'dashboard', path: '' };
  const answer = (headers: Record<string, string>): ViewAnswer => ({ view, url: 'https://site.test/admin/', result: response({ url: 'https://site.test/admin/', headers }) });
  const reported: string[] = [];
  const report = (id: string) => void reported.push(id);
  judgeAdminCaching([answer({ 'cache-control': 'max-age=0, no-cache, no-store, must-revalidate, private' })], report);
  t.same(reported, [], "Wagtail's never_cache");
  judgeAdminCaching([answer({ 'cache-control': 'max-age=0, no-store, private', 'x-cache-status': 'HIT' }), answer({ 'cache-control': 'public, max-age=600' })], report);
  t.same(reported, ['adminResponseReplayed', 'adminResponseStorable']);
});

t.test("the release series the editor guide link names", async (t) => {
  t.equal(guideVersion('"url": "https://guide.wagtail.org/en/?target_version=8.0.x"'), '8.0');
  t.equal(guideVersion('<a href="https://guide.wagtail.org/en-latest/?utm=1&amp;target_version=6.3.x">'), '6.3');
  t.equal(guideVersion('<p>no link</p>'), null);
});

import t from 'tap';
import probe from '../../probes/page-privacy.js';
import { failure, hop, options, response, runOn, site, SITE, summary, type Canned } from '../helpers/site-kit.js';

const MEMBERS = new URL('/members/', SITE).href;
const BOARD = new URL('/board/', SITE).href;
const PASSWORD_FORM = `<html><head><title>Password required</title></head><body>
<p>You need a password to access this page.</p>
<form action="/_util/authenticate_with_password/3/12/" method="POST"><input type="password" name="password"></form></body></html>`;

const loginRedirected = (url: string) =>
  response({ url: new URL(`/_util/login/?next=${new URL(url).pathname}`, SITE).href, text: '<title>Sign in</title>', hops: [hop(url, 302, `/_util/login/?next=${new URL(url).pathname}`)] });

interface Case {
  name: string;
  canaries: string[];
  canned: Canned[];
  expected: string[];
}

const cases: Case[] = [
  {
    name: 'a login redirect and the password form are the refusals Wagtail gives',
    canaries: [MEMBERS, BOARD],
    canned: [{ url: MEMBERS, result: loginRedirected(MEMBERS) }, { url: BOARD, result: response({ url: BOARD, text: PASSWORD_FORM }) }],
    expected: [`canariesProtected ${BOARD}`, `canariesProtected ${MEMBERS}`],
  },
  {
    name: 'a canary that answers with its content is public',
    canaries: [MEMBERS],
    canned: [{ url: MEMBERS, result: response({ url: MEMBERS, text: '<title>Members area</title><p>Minutes of the board</p>' }) }],
    expected: [`canaryNotProtected ${MEMBERS}`],
  },
  {
    name: 'a canonical redirect first, then the content, is still public',
    canaries: [new URL('/members', SITE).href],
    canned: [{ url: new URL('/members', SITE).href, result: response({ url: MEMBERS, text: '<title>Members</title>', hops: [hop(new URL('/members', SITE).href, 301, '/members/')] }) }],
    expected: [`canaryNotProtected ${new URL('/members', SITE).href}`],
  },
  {
    name: 'a deleted canary proves nothing',
    canaries: [MEMBERS],
    canned: [{ url: MEMBERS, result: response({ url: MEMBERS, status: 404, text: '<h1>Page not found</h1>' }) }],
    expected: [`?canaryUnchecked ${MEMBERS}`],
  },
  {
    name: 'a wall in front (403, 429) or a timeout is inconclusive, never a pass',
    canaries: [MEMBERS, BOARD, new URL('/slow/', SITE).href],
    canned: [
      { url: MEMBERS, result: response({ url: MEMBERS, status: 403, text: 'Access denied' }) },
      { url: BOARD, result: response({ url: BOARD, status: 429, headers: { 'Retry-After': '120' } }) },
      { url: new URL('/slow/', SITE).href, result: failure(new URL('/slow/', SITE).href, 'ERR_TIMEOUT') },
    ],
    expected: [`?canaryUnchecked ${BOARD}`, `?canaryUnchecked ${MEMBERS}`, `?canaryUnchecked ${new URL('/slow/', SITE).href}`],
  },
  {
    name: "someone else's login form is a refusal, but not Wagtail's: unchecked",
    canaries: [MEMBERS],
    canned: [{ url: MEMBERS, result: response({ url: MEMBERS, text: '<title>SSO</title><form action="/oauth2/sign_in"><input type="password" name="pw"></form>' }) }],
    expected: [`?canaryUnchecked ${MEMBERS}`],
  },
  {
    name: 'HTTP authentication in front of the whole site refuses too',
    canaries: [MEMBERS],
    canned: [{ url: MEMBERS, result: response({ url: MEMBERS, status: 401, headers: { 'WWW-Authenticate': 'Basic realm="staging"' } }) }],
    expected: [`canariesProtected ${MEMBERS}`],
  },
];

for (const c of cases) {
  t.test(c.name, async (t) => {
    const run = await runOn(probe, site(), c.canned, options({ privateCanaries: { documents: [], pages: c.canaries } }));
    t.not(run.outcome.status, 'error', run.outcome.status === 'error' ? run.outcome.error : '');
    t.same(summary(run), c.expected.sort());
    t.ok(run.requests.every((r) => r.options.method === undefined || r.options.method === 'GET'), 'GET only');
  });
}

t.test('no page canaries: the probe skips and says how to add one', async (t) => {
  const run = await runOn(probe, site(), []);
  t.equal(run.outcome.status, 'skip');
  t.match(run.outcome.status === 'skip' ? run.outcome.reason : '', /private\.pages/);
});

t.test('the public page finding names the status and title that prove it', async (t) => {
  const run = await runOn(probe, site(), [{ url: MEMBERS, result: response({ url: MEMBERS, text: '<title>Members area</title>' }) }], options({ privateCanaries: { documents: [], pages: [MEMBERS] } }));
  t.match(run.findings[0]?.message, /readable anonymously: it answered 200 with the page \(title "Members area"\)/);
  t.equal(run.findings[0]?.evidence[0]?.status, 200);
});

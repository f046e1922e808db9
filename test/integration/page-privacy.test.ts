// page-privacy against the real Wagtail stack: every profile seeds one
// login-restricted page and one password page, and Wagtail refuses both the
// same way behind every web server and cache the profiles use (8.0.1 and
// 7.0.10 alike): 302 to /_util/login/?next=<path>, and a 200 password form
// posting to /_util/authenticate_with_password/<restriction>/<page>/.

import t from 'tap';
import { run } from '../../src/engine/run.js';
import { probeProfile } from './probe-profile.js';
import { loadStack, PROFILE_NAMES } from '../stack/profiles.js';

const stack = loadStack();

for (const name of PROFILE_NAMES) {
  t.test(`${name}: both page canaries are refused, each the way Wagtail refuses it`, async (t) => {
    const profile = stack.profiles[name];
    const run = await probeProfile(profile, 'page-privacy');
    const urlsRefusedBy = (how: RegExp) =>
      run.findings.filter((f) => f.messageId === 'canariesProtected' && how.test(String(f.data['how']))).flatMap((f) => String(f.data['pages']).split(' '));
    const pagesOf = (restriction: 'login' | 'password') => profile.private.pages.filter((p) => p.restriction === restriction).map((p) => p.url);
    t.same(urlsRefusedBy(/login page/), pagesOf('login'), 'login restriction: the login redirect');
    t.same(urlsRefusedBy(/password form/), pagesOf('password'), 'password restriction: the password form, read from the body');
    t.same(run.findings.filter((f) => f.severity !== 'info').map((f) => f.messageId), [], 'nothing at warning or error');
  });
}

t.test('hardened: a public page given as a canary is reported as readable, with the 200 that proves it', async (t) => {
  const profile = stack.profiles.hardened;
  const publicPage = profile.public.pages.find((url) => url !== profile.baseUrl) ?? profile.baseUrl;
  const result = await run({
    target: profile.baseUrl,
    configFile: false,
    probes: ['page-privacy'],
    private: { pages: [publicPage] },
    http: { ca: profile.caFile },
  });
  const [finding] = result.probes[0]?.findings ?? [];
  t.equal(finding?.messageId, 'canaryNotProtected');
  t.equal(finding?.severity, 'error');
  t.equal(finding?.url, publicPage);
  t.equal(finding?.evidence[0]?.status, 200);
  t.equal(result.probes[0]?.outcome.status, 'fail');
});

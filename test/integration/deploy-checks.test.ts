// deploy-checks against the real Wagtail stack: hardened passes every check;
// every plain-http profile gets W008; debug gets W018; the caching proxy's
// answer to an unknown Host is inconclusive, not blamed on ALLOWED_HOSTS.
import t from 'tap';
import { loadStack, PROFILE_NAMES, type ProfileName } from '../stack/profiles.js';
import { lines, probeProfile } from './probe-profile.js';

const stack = loadStack();
const PLAIN_HTTP = ['notHttps /', 'versionDisclosed /'];

const expected: Record<ProfileName, string[]> = {
  // Only facts: HSTS's flags and nginx's version in Server.
  hardened: ['hstsFacts /', 'versionDisclosed /'],
  whitenoise: PLAIN_HTTP,
  'redirect-leak': PLAIN_HTTP,
  direct: PLAIN_HTTP,
  'django-media': PLAIN_HTTP,
  'unhashed-static': PLAIN_HTTP,
  // Its pages answer 500 (left to static-assets); the password form still renders.
  'missing-manifest': ['notHttps /', 'versionDisclosed /board-room/'],
  debug: [...PLAIN_HTTP, 'debugPage /wagtail-probe-<run>/'],
  'cdn-cache': [...PLAIN_HTTP, '?allowedHostsUnobservable /'],
};

for (const name of PROFILE_NAMES) {
  t.test(name, async (t) => {
    const profile = stack.profiles[name];
    const probe = await probeProfile(profile, 'deploy-checks');
    const got = lines(probe?.findings ?? [], profile).map((l) => l.replace(/wagtail-probe-[0-9a-f]{12}\//, 'wagtail-probe-<run>/'));
    t.same(got, [...expected[name]].sort());
    if (name === 'hardened') {
      t.equal(probe?.outcome.status, 'pass');
      t.notOk(probe?.findings.some((f) => f.severity !== 'info'), 'nothing at warning or error');
    }
  });
}

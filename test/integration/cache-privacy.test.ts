// cache-privacy against the real Wagtail stack: only cdn-cache, the profile
// with a caching proxy that caches everything, gets findings, and gets every
// one its fault explains, with the proxy's cache header as evidence.
import t from 'tap';
import { loadStack, PROFILE_NAMES } from '../stack/profiles.js';
import { lines, probeProfile } from './probe-profile.js';

const stack = loadStack();

for (const name of PROFILE_NAMES) {
  t.test(name, async (t) => {
    const profile = stack.profiles[name];
    const probe = await probeProfile(profile, 'cache-privacy');
    const findings = probe?.findings ?? [];
    if (name !== 'cdn-cache') {
      t.same(lines(findings, profile), [], 'no shared cache replays anything');
      t.equal(probe?.outcome.status, 'pass');
      return;
    }
    const got = lines(findings, profile);
    const privateUrls = [...profile.private.pages.map((p) => p.url), ...profile.private.documents.map((d) => d.url)];
    for (const url of privateUrls) t.ok(got.includes(`privateResponseCached ${url.replace(profile.baseUrl, '/')}`), `${url} is reported as cached`);
    t.ok(got.includes('csrfTokenShared /admin/login/'), 'the login page hands every client the same CSRF token');
    t.ok(got.includes('adminCached /admin/login/'));
    for (const f of findings.filter((x) => x.messageId === 'privateResponseCached')) {
      t.equal(f.evidence[0]?.headers?.['x-cache-status'], 'HIT', 'the proxy header is the evidence');
    }
    t.equal(findings.filter((f) => f.severity !== 'error').length, 0, 'every one an error');
  });
}

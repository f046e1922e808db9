// cache-privacy against the real Wagtail stack: only cdn-cache (a caching
// proxy that caches everything) and varnish (documents cached whatever the
// cookie, after authorised visits) get findings, every one their fault
// explains, with the cache's own headers as evidence.
import t from 'tap';
import { loadStack, PROFILE_NAMES } from '../stack/profiles.js';
import { visitPrivateDocumentsAuthorised } from './authorised-visits.js';
import { lines, probeProfile } from './probe-profile.js';

const stack = loadStack();

for (const name of PROFILE_NAMES) {
  t.test(name, async (t) => {
    const profile = stack.profiles[name];
    if (name === 'varnish') await visitPrivateDocumentsAuthorised(profile);
    const probe = await probeProfile(profile, 'cache-privacy');
    const findings = probe?.findings ?? [];
    if (name === 'varnish') {
      // Only documents are cached, and only their files: every private document replayed, nothing else.
      t.same(lines(findings, profile), profile.private.documents.map((d) => `privateResponseCached ${d.url.replace(profile.baseUrl, '/')}`).sort());
      for (const f of findings) {
        t.equal(f.severity, 'error');
        t.equal(f.data['cache'], 'Varnish', `${f.url}: the cache named`);
        t.match(f.evidence[0]?.headers, { 'x-varnish': /^\d+ \d+$/, via: /varnish/i, age: /^\d+$/ }, 'the hit and its headers are the evidence');
      }
      return;
    }
    if (name === 'wagtail-6.3') {
      // Wagtail 6.3.8's password forms (a private page's, a private document's) carry no never-cache headers:
      // a shared cache may store them. Later releases send private, no-cache, no-store.
      const passwordUrls = [...profile.private.pages, ...profile.private.documents].filter((x) => x.restriction === 'password').map((x) => x.url.replace(profile.baseUrl, '/'));
      t.same(lines(findings, profile), passwordUrls.map((u) => `privateResponseStorable ${u}`).sort());
      return;
    }
    if (name !== 'cdn-cache') {
      t.same(lines(findings, profile), [], 'no shared cache replays anything');
      t.equal(probe?.outcome.status, 'pass');
      return;
    }
    const got = lines(findings, profile);
    const privateUrls = [...profile.private.pages.map((p) => p.url), ...profile.private.documents.map((d) => d.url)];
    for (const url of privateUrls) t.ok(got.includes(`privateResponseCached ${url.replace(profile.baseUrl, '/')}`), `${url} is reported as cached`);
    t.ok(got.includes('csrfTokenShared /admin/login/'), 'the login page hands every client the same CSRF token');
    // Wagtail's password forms too: the private page's and each password-restricted document's.
    for (const form of [...profile.private.pages, ...profile.private.documents].filter((x) => x.restriction === 'password')) {
      t.ok(got.includes(`csrfTokenShared ${form.url.replace(profile.baseUrl, '/')}`), `${form.url}: its password form's token is shared`);
    }
    t.ok(got.includes('adminCached /admin/login/'));
    for (const f of findings.filter((x) => x.messageId === 'privateResponseCached')) {
      t.equal(f.evidence[0]?.headers?.['x-cache-status'], 'HIT', 'the proxy header is the evidence');
    }
    t.equal(findings.filter((f) => f.severity !== 'error').length, 0, 'every one an error');
  });
}

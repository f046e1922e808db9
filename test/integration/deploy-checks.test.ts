// deploy-checks against the real Wagtail stack: hardened passes every check;
// every plain-http profile gets W008; debug gets W018; the caching proxy's
// answer to an unknown Host is inconclusive, not blamed on ALLOWED_HOSTS.
// And hardened's bogus-Host request really reaches Django over https, by IP
// (no SNI) and by name (SNI localhost): the TLS name is the URL's, not the Host's.
import t from 'tap';
import { BOGUS_HOST } from '../../probes/deploy-checks/allowed-hosts.js';
import { resolveRunRequest, runWithOptions } from '../../src/engine/run.js';
import { createHttpClient } from '../../src/http/client.js';
import type { FetchResult } from '../../src/http/types.js';
import { loadStack, PROFILE_NAMES, type ProfileName, type StackProfile } from '../stack/profiles.js';
import { lines, probeProfile } from './probe-profile.js';

const stack = loadStack();
const PLAIN_HTTP = ['notHttps /', 'versionDisclosed /'];

const expected: Record<ProfileName, string[]> = {
  // Only facts: HSTS's flags and nginx's version in Server. The bogus Host got Django's 400 (see below).
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
  // Right on Apache: its own ErrorDocument answers missing pages, so Django's DEBUG page could not show
  // there (said, not passed in silence); the bogus Host reaches Django (400) through ProxyPreserveHost.
  apache: ['?missingPageNotDjango /wagtail-probe-<run>/', 'hstsFacts /'],
  caddy: ['hstsFacts /'],
  // Caddy's Server header names no version.
  'caddy-media': ['notHttps /'],
  varnish: PLAIN_HTTP,
  'wagtail-7.0': PLAIN_HTTP,
  'wagtail-6.3': PLAIN_HTTP,
  'broken-editor': PLAIN_HTTP,
  fast: PLAIN_HTTP,
  slow: PLAIN_HTTP,
  'locmem-cache': PLAIN_HTTP,
  's3-public': PLAIN_HTTP,
  's3-private': ['hstsFacts /', 'versionDisclosed /'],
};

/** The right https profiles: nothing at warning or error. */
const RIGHT: readonly ProfileName[] = ['hardened', 'apache', 'caddy', 's3-private'];

for (const name of PROFILE_NAMES) {
  t.test(name, async (t) => {
    const profile = stack.profiles[name];
    const probe = await probeProfile(profile, 'deploy-checks');
    const got = lines(probe?.findings ?? [], profile).map((l) => l.replace(/wagtail-probe-[0-9a-f]{12}\//, 'wagtail-probe-<run>/'));
    t.same(got, [...expected[name]].sort());
    if (RIGHT.includes(name)) {
      t.equal(probe?.outcome.status, name === 'apache' ? 'inconclusive' : 'pass');
      t.notOk(probe?.findings.some((f) => f.severity !== 'info'), 'nothing at warning or error');
    }
  });
}

/** The profile's URL with another host name (same scheme and port). */
function onHost(url: string, hostname: string): string {
  const moved = new URL(url);
  moved.hostname = hostname;
  return moved.href;
}

/** deploy-checks on `target` through a client of the run's own options that keeps every result it returned. */
async function probeRecording(profile: StackProfile, target: string, hostname: string) {
  const { options } = await resolveRunRequest({
    target,
    configFile: false,
    probes: ['deploy-checks'],
    adminPath: profile.adminPath,
    plainHttpUrl: onHost(profile.httpUrl, hostname),
    http: { ca: profile.caFile },
  });
  const results: FetchResult[] = [];
  const client = createHttpClient({ ...options.http, concurrency: options.crawl.concurrency, rate: options.crawl.rate }, { onResponse: (r) => results.push(r) });
  try {
    const run = await runWithOptions(options, { client });
    return { probe: run.probes.find((p) => p.id === 'deploy-checks'), results };
  } finally {
    await client.close();
  }
}

// hardened's certificate has IP:127.0.0.1 and DNS:localhost, and nginx passes Host through to Django.
for (const hostname of ['127.0.0.1', 'localhost']) {
  t.test(`hardened over https://${hostname}: the unknown Host reaches Django, which refuses it (W020 checked)`, async (t) => {
    const profile = stack.profiles.hardened;
    const target = onHost(profile.baseUrl, hostname);
    const { probe, results } = await probeRecording(profile, target, hostname);
    t.equal(probe?.outcome.status, 'pass');
    t.same(lines(probe?.findings ?? [], { ...profile, baseUrl: target }), ['hstsFacts /', 'versionDisclosed /']);

    const bogus = results.filter((r) => r.request.headers['host'] === BOGUS_HOST);
    t.equal(bogus.length, 1, 'one bogus-Host request');
    const answer = bogus[0];
    if (answer === undefined || !answer.ok) {
      t.fail(`the bogus-Host request failed: ${answer?.ok === false ? `${answer.error.code}: ${answer.error.message}` : 'not sent'}`);
      return;
    }
    t.equal(answer.request.url, target);
    t.equal(answer.status, 400);
    // Django's own 400 (DisallowedHost): its default error page, and SecurityMiddleware's
    // Cross-Origin-Opener-Policy, which hardened's nginx does not add; nginx's own 400 has neither.
    t.match(Buffer.from(answer.body.prefixBase64, 'base64').toString('utf8'), /<title>Bad Request \(400\)<\/title>/);
    t.equal(answer.headers['cross-origin-opener-policy'], 'same-origin');
  });
}

// wagtail-version against the real Wagtail stack: the release each deployment
// profile gives away, through the library's own entry point. The loop covers
// every profile in test/stack/profiles.ts (the web servers in front included):
// where the login page's files are hashed or read whole, the stack's release
// is found (exactly where its static files can tell, else the releases whose
// static files are all the same, said so); where they cannot be read, the
// finding says why. No profile gets an advisory the stack's release does not have.
import t from 'tap';
import { advisoriesFor } from '../../src/wagtail/advisories.js';
import { createHash } from 'node:crypto';
import { confirmingUrl, describeCandidates } from '../../src/wagtail/version-fingerprint.js';
import { ADVISORIES, FINGERPRINTS } from '../../src/wagtail/wagtail-data.js';
import { fetchFrom } from '../stack/http.js';
import { loadStack, PROFILE_NAMES, type ProfileName } from '../stack/profiles.js';
import { probeProfile } from './probe-profile.js';

const stack = loadStack();

/** The releases a site of `release` must be narrowed to: itself, or those whose static files are all the same. */
const twinsOf = (release: string) => FINGERPRINTS.inseparable.find((g) => g.releases.includes(release))?.releases ?? [release];

/** What each profile's login page lets the probe read, and so what it must say. */
type Expectation = { readonly found: 'release' } | { readonly found: 'nothing'; readonly reason: RegExp };
const RELEASE: Expectation = { found: 'release' };

const expectations: Record<ProfileName, Expectation> = {
  hardened: RELEASE,
  whitenoise: RELEASE,
  'redirect-leak': RELEASE,
  direct: RELEASE,
  'django-media': RELEASE,
  // StaticFilesStorage: plain names, which the crawl reads whole; their MD5s decide.
  'unhashed-static': RELEASE,
  // The login page answers 500 (no manifest entry): it references no file at all.
  'missing-manifest': { found: 'nothing', reason: /answered 500, not 200/ },
  // DEBUG: plain names with ?v=, read whole like unhashed-static's.
  debug: RELEASE,
  'cdn-cache': RELEASE,
  apache: RELEASE,
  caddy: RELEASE,
  'caddy-media': RELEASE,
  varnish: RELEASE,
  // Older releases, on the plain-http production setup.
  'wagtail-7.0': RELEASE,
  'wagtail-6.3': RELEASE,
  // The missing file is one only the page editor loads: the login page's files are whole.
  'broken-editor': RELEASE,
  fast: RELEASE,
  slow: RELEASE,
  'locmem-cache': RELEASE,
  's3-public': RELEASE,
  's3-private': RELEASE,
};

t.test("every profile's Wagtail release is in the data", async (t) => {
  for (const name of PROFILE_NAMES) {
    const release = stack.profiles[name].wagtailVersion;
    t.ok(FINGERPRINTS.releases.includes(release), `${name}: ${release} is in the data (${FINGERPRINTS.releases[0]} to ${FINGERPRINTS.releases.at(-1)})`);
  }
});

for (const name of PROFILE_NAMES) {
  t.test(name, async (t) => {
    const profile = stack.profiles[name];
    const release = profile.wagtailVersion;
    const twins = twinsOf(release);
    const probeRun = await probeProfile(profile, 'wagtail-version');
    const expectation = expectations[name];
    const verdict = probeRun.findings.filter((f) => f.messageId.startsWith('release'));
    t.equal(verdict.length, 1, `one verdict: ${verdict.map((f) => f.message).join(' | ')}`);
    const [finding] = verdict;
    t.comment(`${name} (${probeRun.requestsMade} request(s)): ${finding?.message ?? 'no verdict'}`);
    t.ok(probeRun.requestsMade <= FINGERPRINTS.maxConfirmingRequests);
    if (expectation.found === 'nothing') {
      t.match(finding, { messageId: 'releaseUnknown', inconclusive: true, message: expectation.reason });
      t.equal(probeRun.requestsMade, 0, 'nothing to confirm');
      t.notOk(probeRun.findings.some((f) => f.messageId.startsWith('advisory')), 'no advisory without a release');
      return;
    }
    if (twins.length === 1) {
      t.match(finding, { messageId: 'releaseIdentified', message: new RegExp(`^The site runs Wagtail ${release.replaceAll('.', '\\.')}:`) });
    } else {
      t.match(finding, { messageId: 'releaseNarrowed' });
      t.ok(finding?.message.startsWith(`The site runs Wagtail ${describeCandidates(twins, FINGERPRINTS)}:`), finding?.message ?? 'no finding');
      t.match(finding?.message, /no static file of any Wagtail app differs between them|only .*, which only sites with that app installed collect/);
      t.equal(probeRun.requestsMade, 0, 'no confirming file could separate them, so none was asked');
    }
    // Advisories: exactly those every candidate has (certain) or some have (inconclusive), never one the release lacks.
    const expected = new Set(twins.flatMap((r) => advisoriesFor(r, ADVISORIES).map((a) => a.id)));
    const reported = probeRun.findings.filter((f) => f.messageId.startsWith('advisory')).map((f) => f.url.slice(f.url.indexOf('#') + 1));
    t.same(reported.sort(), [...expected].sort(), 'the advisories of the candidate releases, no others');
  });
}

// None of the stack's releases needs a confirming file (each is in an inseparable
// group), so the files are checked directly: every confirming file of a
// profile's release is served under the name the data gives it, with the bytes
// that name promises, on each of the stack's releases and both hashing storages.
for (const name of ['hardened', 'whitenoise', 'wagtail-7.0', 'wagtail-6.3'] as const) {
  t.test(`${name}: the confirming files of its release are where the data says`, async (t) => {
    const profile = stack.profiles[name];
    const staticUrl = new URL(profile.staticUrl, profile.baseUrl).href;
    let checked = 0;
    for (const [path, classes] of Object.entries(FINGERPRINTS.confirmingFiles)) {
      const hash = Object.entries(classes).find(([, releases]) => releases.includes(profile.wagtailVersion))?.[0];
      if (hash === undefined) continue;
      const answer = await fetchFrom(profile, confirmingUrl({ path, naming: 'hashed', hash }, staticUrl));
      t.equal(answer.status, 200, `${answer.url}`);
      t.ok(createHash('md5').update(answer.body).digest('hex').startsWith(hash), `${answer.url}: the bytes its name promises`);
      checked += 1;
    }
    t.ok(checked >= 3, `${checked} confirming files checked`);
  });
}

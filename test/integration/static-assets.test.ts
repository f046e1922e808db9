// static-assets against the real Wagtail stack: the exact findings each
// deployment profile must produce, through the library's own entry point.
//
// What the stack taught this probe (Wagtail 8.0.1, Django 5.2, WhiteNoise 6.12):
// - every hashed admin and site file's name matches the MD5 of its bytes,
//   CSS rewritten by ManifestStaticFilesStorage included;
// - with plain StaticFilesStorage or DEBUG, Wagtail adds ?v=<8 hex> to the
//   admin's files but the site's own {% static %} URLs stay bare;
// - WhiteNoise answers `Range: bytes=0-0` with 416 (not 206): the probe asks for two bytes;
// - Django's JavaScriptCatalog (/admin/jsi18n/) quotes its charset too
//   (`text/javascript; charset="utf-8"`), behind nginx: not a WhiteNoise mark alone;
// - the missing-manifest profile's login page and missing page answer 500 with
//   the production 500 page, which says nothing: the probe names the likely cause.
import t, { type Test } from 'tap';
import type { Finding } from '../../src/engine/finding.js';
import { probeProfile } from './probe-profile.js';
import { loadStack, PROFILE_NAMES, type ProfileName, type StackProfile } from '../stack/profiles.js';

const stack = loadStack();

async function probeFindings(profile: StackProfile): Promise<{ findings: readonly Finding[]; status: string }> {
  const probeRun = await probeProfile(profile, 'static-assets');
  return { findings: probeRun.findings, status: probeRun.outcome.status };
}

const staticUrl = (p: StackProfile) => new URL(p.staticUrl, p.baseUrl).href;
const loginUrl = (p: StackProfile) => new URL(`${p.adminPath}login/`, p.baseUrl).href;

/** "messageId url" per finding ("?" first when inconclusive), sorted, as the expectations write them. */
const lines = (findings: readonly Finding[]) => findings.map((f) => `${f.inconclusive ? '?' : ''}${f.messageId} ${f.url}`).sort();

interface Expectation {
  /** The exact findings, as "messageId url" lines. */
  findings: (p: StackProfile) => (string | RegExp)[];
  /** The verdict at the default --fail-on error. */
  status: 'pass' | 'fail';
  /** Warnings expected (they do not fail the verdict at --fail-on error). */
  warnings?: true;
  /** Further checks on what the findings say. */
  more?: (t: Test, findings: readonly Finding[], p: StackProfile) => void;
}

const NOTHING: Expectation = { findings: () => [], status: 'pass' };

const expectations: Record<ProfileName, Expectation> = {
  hardened: NOTHING,
  whitenoise: {
    // A fact, not a fault: WhiteNoise is a right way to serve STATIC_ROOT.
    findings: (p) => [new RegExp(`^servedByWhiteNoise ${escape(staticUrl(p))}\\S+\\.[0-9a-f]{12}\\.\\w+$`)],
    status: 'pass',
  },
  'redirect-leak': NOTHING,
  direct: NOTHING,
  'django-media': NOTHING, // media through Django is media-offload's; static is served by nginx
  'unhashed-static': {
    findings: (p) => [`storageNotHashing ${staticUrl(p)}`, `unhashedImmutable ${staticUrl(p)}`, `unhashedLongCache ${staticUrl(p)}`],
    status: 'pass', // warnings only: the verdict follows the default --fail-on error, as every report does
    warnings: true,
    more(t, findings, p) {
      const longCache = findings.find((f) => f.messageId === 'unhashedLongCache');
      const examples = longCache?.evidence.map((e) => e.request?.url ?? '') ?? [];
      t.ok(examples.includes(`${staticUrl(p)}css/site.css`), 'the site stylesheet is an example');
      t.notOk(examples.some((url) => url.includes('?v=')), "Wagtail's ?v= URLs change with each Wagtail release: not counted");
      t.match(longCache?.evidence[0]?.headers?.['cache-control'], /max-age=31536000/);
      t.match(findings.find((f) => f.messageId === 'storageNotHashing')?.message, /carry Wagtail's \?v=/);
    },
  },
  'missing-manifest': {
    // The missing-page URL differs on every run (so no cache holds it): match its shape.
    findings: (p) => [`serverError ${loginUrl(p)}`, new RegExp(`^serverError ${escape(p.baseUrl)}wagtail-probe-[0-9a-f]{12}/$`)],
    status: 'fail',
    more(t, findings) {
      for (const f of findings) {
        t.equal(f.severity, 'error');
        t.match(f.message, /answered 500: .*missing staticfiles manifest entry/);
      }
    },
  },
  debug: {
    // DEBUG makes ManifestStaticFilesStorage hand out unhashed names, and Wagtail adds ?v=;
    // nginx caches them briefly, so only the naming finding.
    findings: (p) => [`storageNotHashing ${staticUrl(p)}`],
    status: 'pass', // a warning: below the default --fail-on error
    warnings: true,
    more(t, findings) {
      t.match(findings[0]?.message, /and \d+ carry Wagtail's \?v=/);
    },
  },
  // The proxy caches the admin login page too: cache-privacy reports that
  // (two fresh clients get one CSRF token). The headers Wagtail sends on it
  // still say no-store/private, and the cached static files are hashed and
  // whole: nothing for this probe.
  'cdn-cache': NOTHING,
  // Apache's and Caddy's aliases serve STATIC_ROOT with the same long/short split as hardened's nginx.
  apache: NOTHING,
  caddy: NOTHING,
  'caddy-media': NOTHING,
  varnish: NOTHING,
  'wagtail-7.0': NOTHING,
  'wagtail-6.3': NOTHING,
  // comments.js is missing on disk, but only the page editor (behind the login) loads it: anonymously nothing shows.
  'broken-editor': NOTHING,
  // fast: WhiteNoise's precompressed STATIC_ROOT, sent by nginx (no WhiteNoise middleware).
  fast: NOTHING,
  slow: NOTHING,
  'locmem-cache': NOTHING,
  's3-public': NOTHING,
  's3-private': NOTHING,
};

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

for (const name of PROFILE_NAMES) {
  t.test(name, async (t) => {
    const profile = stack.profiles[name];
    const expectation = expectations[name];
    const { findings, status } = await probeFindings(profile);
    const got = lines(findings);
    const wanted = expectation.findings(profile);
    t.equal(got.length, wanted.length, `findings: ${JSON.stringify(got)}`);
    for (const want of wanted) {
      t.ok(got.some((line) => (typeof want === 'string' ? line === want : want.test(line))), `expected ${want}`);
    }
    t.equal(status, expectation.status);
    if (!expectation.warnings && expectation.status === 'pass') t.notOk(findings.some((f) => f.severity !== 'info'), 'no warning or error');
    expectation.more?.(t, findings, profile);
  });
}

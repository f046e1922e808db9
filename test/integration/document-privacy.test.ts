// document-privacy against the real Wagtail stack: each deployment profile gets
// exactly the findings its one fault explains, and the right ones get none at
// warning or error. What Wagtail 8.0.1 does here (and 7.0.10: the serve view is
// the same file) is what the probe's rules were checked against:
// - login-restricted documents: 302 to /_util/login/?next=<serve path>, no ETag
//   (GHSA-92hv-j533-69wc is fixed: the ETag decorator only wraps the file response);
// - password-restricted documents: 200 text/html password form with never-cache headers;
// - redirect and direct keep the privacy check on the serve URL, but the file
//   URL under /media/documents/ answers 200 to anyone when nginx serves it, and
//   with direct, pages link private files themselves;
// - the documents API (hardened, direct) leaves private collections out.

import t, { type Test } from 'tap';
import type { Finding } from '../../src/engine/finding.js';
import { visitPrivateDocumentsAuthorised } from './authorised-visits.js';
import { probeProfile } from './probe-profile.js';
import { loadStack, PROFILE_NAMES, type ProfileName, type StackProfile } from '../stack/profiles.js';

const stack = loadStack();

async function probeFindings(p: StackProfile): Promise<readonly Finding[]> {
  return (await probeProfile(p, 'document-privacy')).findings;
}

const line = (f: Finding) => `${f.inconclusive ? '?' : ''}${f.messageId} ${f.url}`;
const lines = (findings: readonly Finding[]) => findings.map(line).sort();
/** The serve or file URLs a grouped finding's evidence names, one per document. */
const evidenceUrls = (f: Finding | undefined) => (f?.evidence ?? []).map((e) => e.request?.url).sort();

const serveUrls = (docs: readonly { url: string }[]) => docs.map((d) => d.url).sort();
const byRestriction = (p: StackProfile, restriction: 'login' | 'password') => p.private.documents.filter((d) => d.restriction === restriction);
const named = (p: StackProfile, filename: string) => [...p.public.documents, ...p.private.documents].find((d) => d.filename === filename);

/** Every profile refuses private documents at their serve URL, login or password. */
function assertProtected(t: Test, p: StackProfile, findings: readonly Finding[]): void {
  t.same(evidenceUrls(findings.find((f) => f.messageId === 'loginProtected')), serveUrls(byRestriction(p, 'login')), 'login canaries classified: redirect to the login page');
  t.same(evidenceUrls(findings.find((f) => f.messageId === 'passwordProtected')), serveUrls(byRestriction(p, 'password')), 'password canaries classified: the password form, read');
}

function assertLeaks(t: Test, p: StackProfile, findings: readonly Finding[]): void {
  const leaks = findings.filter((f) => f.messageId === 'privateFileExposed');
  t.same(leaks.map((f) => f.url).sort(), serveUrls(p.private.documents), 'every private document (each canary) is named');
  for (const doc of p.private.documents) {
    const leak = leaks.find((f) => f.url === doc.url);
    t.equal(leak?.data['fileUrl'], doc.directUrl, `${doc.filename}: the file URL tried`);
    t.equal(leak?.evidence[1]?.status, 200, `${doc.filename}: answered 200`);
    t.ok(leak?.evidence[1]?.bodyPrefix, `${doc.filename}: the first bytes are shown`);
  }
}

const expectations: Record<ProfileName, (t: Test, p: StackProfile, findings: readonly Finding[]) => void> = {
  hardened: servedByViewOnly,
  whitenoise: servedByViewOnly,
  // Django serves /media/images/ here, but nginx still refuses /media/documents/: no document leak.
  'django-media': servedByViewOnly,
  'unhashed-static': servedByViewOnly,
  debug: servedByViewOnly,
  // The caching proxy replays the canaries' login redirects and password forms:
  // cache-privacy reports those (privateResponseCached); this probe only classifies.
  'cdn-cache': servedByViewOnly,
  apache: servedByViewOnly,
  caddy: servedByViewOnly,
  'wagtail-7.0': servedByViewOnly,
  'broken-editor': servedByViewOnly,
  fast: servedByViewOnly,
  slow: servedByViewOnly,
  'locmem-cache': servedByViewOnly,
  // 6.3.8 predates GHSA-92hv-j533-69wc's fix (and the 6.3 line never got it): every refusal carries the file's SHA-1 as ETag.
  'wagtail-6.3'(t, p, findings) {
    t.same(lines(findings), [...p.private.documents.map((d) => `etagOnProtectedResponse ${d.url}`), `loginProtected ${p.baseUrl}`, `passwordProtected ${p.baseUrl}`, `servedByView ${p.baseUrl}`].sort());
    for (const doc of p.private.documents) {
      const finding = findings.find((f) => f.messageId === 'etagOnProtectedResponse' && f.url === doc.url);
      t.match(finding?.message, new RegExp(`ETag "${doc.sha1}".*GHSA-92hv-j533-69wc`), `${doc.filename}: the ETag is the file's SHA-1`);
    }
    assertProtected(t, p, findings);
  },
  // After authorised visits Varnish replays every canary's file: the serve view's check never ran for
  // these requests, so this probe says it could not check them and why, naming the cache as
  // cache-privacy does (which owns the replay's error); never "served by the serve view".
  varnish(t, p, findings) {
    t.same(lines(findings), [...p.private.documents.map((d) => `?canaryUnchecked ${d.url}`), `servedByView ${p.baseUrl}`].sort());
    for (const f of findings.filter((f) => f.messageId === 'canaryUnchecked')) {
      t.match(f.message, /replayed by Varnish \(X-Varnish: \d+ \d+, Age: \d+\)/, `${f.url}: the cache and its headers`);
      t.notMatch(f.evidence[0]?.note ?? '', /^served by the serve view/);
      t.match(f.evidence[0]?.headers, { via: /varnish/i, 'x-varnish': /^\d+ \d+$/ });
    }
  },
  'caddy-media'(t, p, findings) {
    // Caddy serves all of MEDIA_ROOT: every private document's file URL answers 200, though the serve view refuses.
    t.same(lines(findings), [...p.private.documents.map((d) => `privateFileExposed ${d.url}`), `loginProtected ${p.baseUrl}`, `passwordProtected ${p.baseUrl}`, `servedByView ${p.baseUrl}`].sort());
    assertProtected(t, p, findings);
    assertLeaks(t, p, findings);
  },

  'redirect-leak'(t, p, findings) {
    t.same(lines(findings), [
      ...p.private.documents.map((d) => `privateFileExposed ${d.url}`),
      `inlineActiveContent ${named(p, 'brochure.html')?.directUrl}`,
      `inlineActiveContent ${named(p, 'logo.svg')?.directUrl}`,
      `loginProtected ${p.baseUrl}`,
      `passwordProtected ${p.baseUrl}`,
      `servedByRedirect ${p.baseUrl}`,
    ].sort());
    t.same(evidenceUrls(findings.find((f) => f.messageId === 'servedByRedirect')), serveUrls(p.public.documents), 'public documents redirect to their file');
    assertProtected(t, p, findings);
    assertLeaks(t, p, findings);
  },

  direct(t, p, findings) {
    t.same(lines(findings), [
      ...p.private.documents.map((d) => `privateFileExposed ${d.url}`),
      `inlineActiveContent ${named(p, 'brochure.html')?.directUrl}`,
      `inlineActiveContent ${named(p, 'logo.svg')?.directUrl}`,
      `linkedDirectly ${p.baseUrl}`,
      `loginProtected ${p.baseUrl}`,
      `passwordProtected ${p.baseUrl}`,
    ].sort());
    // Wagtail renders document links as the storage URL: private files too.
    const linked = evidenceUrls(findings.find((f) => f.messageId === 'linkedDirectly'));
    t.same(linked, [...p.public.documents, ...p.private.documents].map((d) => d.directUrl).sort(), 'pages link every file, private ones included');
    assertProtected(t, p, findings);
    assertLeaks(t, p, findings);
    t.ok(findings.filter((f) => f.messageId === 'privateFileExposed').every((f) => f.evidence[1]?.referrer !== undefined), 'each leak names a page that links the file');
  },

  // Pages and the admin answer 500 (a manifest entry is missing), so the crawl
  // finds no public document and no rendition to learn MEDIA_URL from: the
  // canaries are still classified, and the file-URL test says it could not run.
  'missing-manifest'(t, p, findings) {
    t.same(lines(findings), [`?fileUrlUnknown ${byRestriction(p, 'login')[0]?.url}`, `loginProtected ${p.baseUrl}`, `passwordProtected ${p.baseUrl}`].sort());
    assertProtected(t, p, findings);
  },
};

function servedByViewOnly(t: Test, p: StackProfile, findings: readonly Finding[]): void {
  t.same(lines(findings), [`loginProtected ${p.baseUrl}`, `passwordProtected ${p.baseUrl}`, `servedByView ${p.baseUrl}`], 'serve methods only');
  t.same(evidenceUrls(findings.find((f) => f.messageId === 'servedByView')), serveUrls(p.public.documents), 'public documents served by the serve view');
  assertProtected(t, p, findings);
  t.same(findings.filter((f) => f.severity !== 'info' || f.inconclusive), [], 'nothing at warning or error, nothing inconclusive');
}

for (const name of PROFILE_NAMES) {
  t.test(name, async (t) => {
    const profile = stack.profiles[name];
    // Varnish caches documents ignoring cookies: after authorised visits it replays the canaries to everyone.
    if (name === 'varnish') await visitPrivateDocumentsAuthorised(profile);
    const findings = await probeFindings(profile);
    expectations[name](t, profile, findings);
  });
}

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
import { cli } from '../helpers/cli.js';
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

  // A public-read, listable bucket on the stack's S3-compatible server (path-style on 127.0.0.1: nothing in
  // its name says storage; its answers' x-amz-request-id do). Every storage fault once, here, by its own id:
  // each private document's object readable at its storage URL, the bucket listing, and the private report
  // uploaded under the public one's name (AWS_S3_FILE_OVERWRITE = True: one object for both rows).
  's3-public'(t, p, findings) {
    const storage = p.storage;
    if (storage === null) throw new Error('s3-public has a storage block');
    const shared = storage.sharedName;
    t.same(lines(findings), [
      ...p.private.documents.map((d) => `privateObjectPublic ${d.url}`),
      `loginProtected ${p.baseUrl}`,
      `passwordProtected ${p.baseUrl}`,
      `privateDocumentSharesFile ${p.baseUrl}documents/${shared.publicDocumentId}/${shared.filename}`,
      `servedByRedirect ${p.baseUrl}`,
      `storageBucketListable ${storage.bucketUrl}`,
    ].sort());
    assertProtected(t, p, findings);
    for (const doc of p.private.documents) {
      const finding = findings.find((f) => f.messageId === 'privateObjectPublic' && f.url === doc.url);
      t.equal(finding?.data['fileUrl'], doc.directUrl, `${doc.filename}: its stored object, tried anonymously`);
      t.match(finding?.data['how'], /x-amz-request-id: /, `${doc.filename}: storage known by the store's request id`);
      t.equal(finding?.evidence[1]?.status, 200);
    }
    const sharing = findings.find((f) => f.messageId === 'privateDocumentSharesFile');
    t.equal(sharing?.data['private'], `/documents/${shared.privateDocumentId}/${shared.filename}`);
    t.equal(sharing?.data['public'], `/documents/${shared.publicDocumentId}/${shared.filename}`);
    t.notOk(findings.some((f) => f.messageId === 'privateFileExposed'), "the web server's id is not used for the bucket's fault");
  },
  // Right: a private bucket and presigned URLs valid 300 s; the same-named private upload got Django's suffix.
  // Each public document's signed URL was asked again with its signature altered, and refused.
  's3-private'(t, p, findings) {
    t.same(lines(findings), [`loginProtected ${p.baseUrl}`, `passwordProtected ${p.baseUrl}`, `servedByRedirect ${p.baseUrl}`]);
    assertProtected(t, p, findings);
    t.same(findings.filter((f) => f.severity !== 'info' || f.inconclusive), [], 'nothing at warning or error, nothing inconclusive');
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

// The signature check against a store that really verifies SigV4 (the stack's front): each public
// document's presigned URL, its signature altered, is asked once and refused with S3's 403.
t.test('s3-private: signed links with their signature altered are refused by the store', async (t) => {
  const p = stack.profiles['s3-private'];
  const bucket = p.storage?.bucketUrl ?? '';
  const ran = await cli([p.baseUrl, '--no-config', '-v', '--probe', 'document-privacy', ...p.private.documents.flatMap((d) => ['--private', d.url]), ...(p.caFile ? ['--ca', p.caFile] : [])]);
  t.equal(ran.code, 0, ran.stderr.slice(-400));
  const signed = ran.stderr.split('\n').filter((l) => l.includes(bucket) && /X-Amz-Signature=/.test(l));
  const refused = signed.filter((l) => /^GET 403 /.test(l.trim()));
  t.ok(signed.some((l) => /^GET 200 /.test(l.trim())), 'the presigned URLs the serve view hands out are served');
  t.ok(refused.length >= 1 && refused.length <= 2, `one or two altered signatures asked (MAX_SIGNATURE_CHECKS), each refused: ${refused.join(' | ')}`);
  t.notMatch(ran.stdout, /storageSignatureIgnored|storageSignatureUnchecked/);
});

// document-privacy, shared files: two documents, one stored object (django-storages'
// S3 backend overwrites a taken name unless AWS_S3_FILE_OVERWRITE = False).

import t from 'tap';
import probe from '../../../probes/document-privacy/index.js';
import type { Examined, Verdict } from '../../../probes/document-privacy/facts.js';
import { renamedUploadSeen, sharedFileBasis, type StorageFacts } from '../../../probes/document-privacy/shared-files.js';
import { SITE, response, site, summary } from '../../helpers/site-kit.js';
import { canary, crawledRedirect, doc, loginRedirect, noFollow, notFound, PDF_BYTES, runOn, servedByView, serveUrl, withCanaries } from './fixtures/site.js';

function examined(id: number, filename: string, verdict: Verdict, headers: Record<string, string> = {}): Examined {
  const url = serveUrl(id, filename);
  const answer = { request: { method: 'GET' as const, url, headers: {} }, url, status: 200, headers, location: null, prefixBase64: null };
  return { doc: { url, id, filename, canary: false, linkedFile: false, referrer: undefined, crawled: null }, verdict, answer, answers: [answer], file: null };
}

const BUCKET = 'http://127.0.0.9:9000/acme-media/';
const redirect = (target: string): Verdict => ({ kind: 'redirect', target });
const served: Verdict = { kind: 'served' };
const login: Verdict = { kind: 'login', target: `${SITE}_util/login/` };

const IN_A_BUCKET: StorageFacts = { objectStorage: true, renamed: false };
const NOT_RENAMED_LOCALLY: StorageFacts = { objectStorage: false, renamed: false };

t.test('sharedFileBasis: what says two same-named documents are one stored file', async (t) => {
  const cases: { name: string; group: Examined[]; facts?: StorageFacts; basis: RegExp | null }[] = [
    {
      name: 'both redirect to one object (signatures aside)',
      group: [examined(3, 'minutes.pdf', redirect(`${BUCKET}documents/minutes.pdf?X-Amz-Signature=1`)), examined(4, 'minutes.pdf', redirect(`${BUCKET}documents/minutes.pdf?X-Amz-Signature=2`))],
      basis: /their links lead to one object, http:\/\/127\.0\.0\.9:9000\/acme-media\/documents\/minutes\.pdf/,
    },
    {
      name: 'same name, two objects: a custom upload path tells them apart',
      group: [examined(3, 'minutes.pdf', redirect(`${BUCKET}documents/2025/minutes.pdf`)), examined(4, 'minutes.pdf', redirect(`${BUCKET}documents/2026/minutes.pdf`))],
      basis: null,
    },
    {
      name: 'one public redirect, one private document refused, in a bucket where no upload was renamed: the name',
      group: [examined(3, 'minutes.pdf', redirect(`${BUCKET}documents/minutes.pdf`)), examined(9, 'minutes.pdf', login)],
      basis: /stored at documents\/minutes\.pdf in object storage/,
    },
    {
      name: 'the same, where the one redirect seen is to a dated folder: a custom upload path, not one key',
      group: [examined(3, 'minutes.pdf', redirect(`${BUCKET}documents/2026/05/minutes.pdf`)), examined(9, 'minutes.pdf', login)],
      basis: null,
    },
    {
      name: 'the same, where another upload was renamed with Django\'s suffix: not enough',
      group: [examined(3, 'minutes.pdf', redirect(`${BUCKET}documents/minutes.pdf`)), examined(9, 'minutes.pdf', login)],
      facts: { objectStorage: true, renamed: true },
      basis: null,
    },
    {
      name: 'served by the view in one length, in a bucket: the name (the ETag is each row\'s upload-time hash, it differs either way)',
      group: [examined(3, 'minutes.pdf', served, { etag: '"abc"', 'content-length': '120' }), examined(4, 'minutes.pdf', served, { etag: '"def"', 'content-length': '120' })],
      basis: /stored at documents\/minutes\.pdf/,
    },
    {
      name: 'served by the view in two lengths: two files',
      group: [examined(3, 'minutes.pdf', served, { 'content-length': '120' }), examined(4, 'minutes.pdf', served, { 'content-length': '4096' })],
      basis: null,
    },
    {
      name: 'local storage: Django renames a taken name, so the name says nothing',
      group: [examined(3, 'minutes.pdf', served, { 'content-length': '120' }), examined(9, 'minutes.pdf', login)],
      facts: NOT_RENAMED_LOCALLY,
      basis: null,
    },
  ];
  for (const { name, group, facts = IN_A_BUCKET, basis } of cases) {
    const found = sharedFileBasis(group, facts);
    if (basis === null) t.equal(found, null, name);
    else t.match(found, basis, name);
  }
});

t.test('renamedUploadSeen: a name with Django\'s suffix beside its twin, not a word that looks like one', async (t) => {
  const cases: [string[], boolean][] = [
    [['report.pdf', 'report_AbC1234.pdf'], true],
    [['report_AbC1234.pdf'], false],
    [['meeting_minutes.pdf', 'meeting.pdf'], true],
    [['meeting_minutes.pdf', 'summary_January.pdf', 'budget_revised.csv'], false],
    [['notes', 'notes_x1y2z3Q'], true],
  ];
  for (const [names, expected] of cases) t.equal(renamedUploadSeen(names), expected, names.join(', '));
});

t.test('a public and a private document on one key: the error; two public ones: the warning; Django\'s suffix: nothing', async (t) => {
  const object = (name: string) => `${BUCKET}documents/${name}`;
  const fromStore = (url: string) => response({ url, headers: { 'content-type': 'application/pdf', 'x-amz-request-id': 'R1' }, body: PDF_BYTES, complete: false });
  const publicDoc = (id: number, name: string) => doc(serveUrl(id, name), crawledRedirect(serveUrl(id, name), object(name), fromStore(object(name))));
  const privateMinutes = serveUrl(9, 'minutes.pdf');
  const closed = [noFollow(object('minutes.pdf'), response({ url: object('minutes.pdf'), status: 403 })), noFollow(object('minutes_Xk3v9Qa.pdf'), response({ url: object('minutes_Xk3v9Qa.pdf'), status: 403 })), noFollow(BUCKET, response({ url: BUCKET, status: 403 })), noFollow('http://127.0.0.9:9000/', response({ url: 'http://127.0.0.9:9000/', status: 403 }))];

  const leak = await runOn(probe, site({ mediaUrl: null, resources: [publicDoc(3, 'minutes.pdf'), doc(privateMinutes, null, canary)] }),
    [noFollow(privateMinutes, loginRedirect(privateMinutes)), ...closed], withCanaries(privateMinutes));
  t.ok(summary(leak).includes(`privateDocumentSharesFile ${serveUrl(3, 'minutes.pdf')}`), summary(leak).join(', '));

  const twoPublic = await runOn(probe, site({ mediaUrl: null, resources: [publicDoc(3, 'minutes.pdf'), publicDoc(4, 'minutes.pdf')] }), closed);
  const warning = twoPublic.findings.find((f) => f.messageId === 'documentsShareFile');
  t.equal(warning?.severity, 'warning');
  t.equal(warning?.data['count'], 2);
  t.match(warning?.data['basis'], /lead to one object/);

  const renamed = await runOn(probe, site({ mediaUrl: null, resources: [publicDoc(3, 'minutes.pdf'), doc(serveUrl(5, 'minutes_Xk3v9Qa.pdf'), servedByView(serveUrl(5, 'minutes_Xk3v9Qa.pdf')))] }), closed);
  t.notOk(renamed.findings.some((f) => /ShareFile/.test(f.messageId)), 'a suffixed second upload is its own file');

  const deadLink = serveUrl(5, 'minutes.pdf');
  const stale = await runOn(probe, site({ mediaUrl: null, resources: [publicDoc(3, 'minutes.pdf'), doc(deadLink, notFound(deadLink))] }), closed);
  t.notOk(stale.findings.some((f) => /ShareFile/.test(f.messageId)), 'a dead link (404) under the same name is no document');
});

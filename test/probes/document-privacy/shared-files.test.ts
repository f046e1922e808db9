// document-privacy, shared files: two documents, one stored object (django-storages'
// S3 backend overwrites a taken name unless AWS_S3_FILE_OVERWRITE = False).

import t from 'tap';
import probe from '../../../probes/document-privacy/index.js';
import type { Examined, Verdict } from '../../../probes/document-privacy/facts.js';
import { sharedFileBasis } from '../../../probes/document-privacy/shared-files.js';
import { SITE, response, site, summary } from '../../helpers/site-kit.js';
import { canary, crawledRedirect, doc, loginRedirect, noFollow, runOn, servedByNginx, servedByView, serveUrl, withCanaries } from './fixtures/site.js';

function examined(id: number, filename: string, verdict: Verdict, headers: Record<string, string> = {}): Examined {
  const url = serveUrl(id, filename);
  const answer = { request: { method: 'GET' as const, url, headers: {} }, url, status: 200, headers, location: null, prefixBase64: null };
  return { doc: { url, id, filename, canary: false, linkedFile: false, referrer: undefined, crawled: null }, verdict, answer, answers: [answer], file: null };
}

const BUCKET = 'http://127.0.0.9:9000/acme-media/';
const redirect = (target: string): Verdict => ({ kind: 'redirect', target });
const served: Verdict = { kind: 'served' };
const login: Verdict = { kind: 'login', target: `${SITE}_util/login/` };

t.test('sharedFileBasis: what says two same-named documents are one stored file', async (t) => {
  const cases: { name: string; group: Examined[]; suffixSeen?: boolean; basis: RegExp | null }[] = [
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
      name: 'the serve view answers both with one ETag and length',
      group: [examined(3, 'minutes.pdf', served, { etag: '"abc"', 'content-length': '120' }), examined(4, 'minutes.pdf', served, { etag: '"abc"', 'content-length': '120' })],
      basis: /one ETag and length \("abc" 120 bytes\)/,
    },
    {
      name: 'one public redirect, one private document refused: the name, where no upload was ever renamed',
      group: [examined(3, 'minutes.pdf', redirect(`${BUCKET}documents/minutes.pdf`)), examined(9, 'minutes.pdf', login)],
      basis: /stored at documents\/minutes\.pdf.*never renamed/,
    },
    {
      name: 'the name alone, where other uploads carry Django\'s suffix: not enough',
      group: [examined(3, 'minutes.pdf', redirect(`${BUCKET}documents/minutes.pdf`)), examined(9, 'minutes.pdf', login)],
      suffixSeen: true,
      basis: null,
    },
    {
      name: 'different ETags from the serve view, uploads renamed elsewhere: not one file',
      group: [examined(3, 'minutes.pdf', served, { etag: '"abc"' }), examined(4, 'minutes.pdf', served, { etag: '"def"' })],
      suffixSeen: true,
      basis: null,
    },
  ];
  for (const { name, group, suffixSeen = false, basis } of cases) {
    const found = sharedFileBasis(group, suffixSeen);
    if (basis === null) t.equal(found, null, name);
    else t.match(found, basis, name);
  }
});

t.test('a public and a private document on one key: the error; two public ones: the warning; Django\'s suffix: nothing', async (t) => {
  const object = (name: string) => `${BUCKET}documents/${name}`;
  const publicDoc = (id: number, name: string) => doc(serveUrl(id, name), crawledRedirect(serveUrl(id, name), object(name), servedByNginx(object(name))));
  const privateMinutes = serveUrl(9, 'minutes.pdf');
  const closed = [noFollow(object('minutes.pdf'), response({ url: object('minutes.pdf'), status: 403 })), noFollow(object('minutes_Xk3v9Qa.pdf'), response({ url: object('minutes_Xk3v9Qa.pdf'), status: 403 })), noFollow(BUCKET, response({ url: BUCKET, status: 403 }))];

  const leak = await runOn(probe, site({ mediaUrl: null, resources: [publicDoc(3, 'minutes.pdf'), doc(privateMinutes, null, canary)] }),
    [noFollow(privateMinutes, loginRedirect(privateMinutes)), ...closed], withCanaries(privateMinutes));
  t.ok(summary(leak).includes(`privateDocumentSharesFile ${serveUrl(3, 'minutes.pdf')}`), summary(leak).join(', '));

  const twoPublic = await runOn(probe, site({ mediaUrl: null, resources: [publicDoc(3, 'minutes.pdf'), doc(serveUrl(4, 'minutes.pdf'), crawledRedirect(serveUrl(4, 'minutes.pdf'), object('minutes.pdf'), servedByNginx(object('minutes.pdf'))))] }), closed);
  const warning = twoPublic.findings.find((f) => f.messageId === 'documentsShareFile');
  t.equal(warning?.severity, 'warning');
  t.equal(warning?.data['count'], 2);
  t.match(warning?.data['basis'], /lead to one object/);

  const renamed = await runOn(probe, site({ mediaUrl: null, resources: [publicDoc(3, 'minutes.pdf'), doc(serveUrl(5, 'minutes_Xk3v9Qa.pdf'), servedByView(serveUrl(5, 'minutes_Xk3v9Qa.pdf')))] }), closed);
  t.notOk(renamed.findings.some((f) => /ShareFile/.test(f.messageId)), 'a suffixed second upload is its own file');
});

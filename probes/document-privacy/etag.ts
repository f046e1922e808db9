// GHSA-92hv-j533-69wc: Wagtail before 7.0.9 / 7.3.4 / 7.4.3 sent the file's SHA-1
// as ETag on the login redirect and the password form too, a fingerprint of the
// private file. 7.0.10 and 8.0.1 on the stack send none there (the etag
// decorator now wraps only the file response).

import { advisoriesOfRule } from '../../src/wagtail/advisories.js';
import { ADVISORIES } from '../../src/wagtail/wagtail-data.js';
import { answerEvidence, docName, responseName } from './evidence.js';
import type { Examined } from './facts.js';
import type { Report } from './messages.js';

const SHA1_ETAG = /^(W\/)?"?[0-9a-f]{40}"?$/i;
/** The advisory and where it was fixed (release lines that never got it included), from the shipped data. */
const ADVISORY_NOTE = advisoriesOfRule('document-privacy/etagOnProtectedResponse', ADVISORIES) || 'GHSA-92hv-j533-69wc';

export function reportEtags(report: Report, protectedDocs: readonly Examined[]): void {
  for (const e of protectedDocs) {
    if (e.verdict.kind !== 'login' && e.verdict.kind !== 'password') continue;
    const answer = e.answers.find((a) => a.headers['etag'] !== undefined && (a.status >= 300 || e.verdict.kind === 'password'));
    if (!answer) continue;
    const etag = answer.headers['etag'] as string;
    report('etagOnProtectedResponse', { doc: docName(e.doc), response: responseName(answer, e.verdict), etag, advisory: ADVISORY_NOTE }, [
      answerEvidence(answer, e.doc, ['etag', 'location', 'content-type'], SHA1_ETAG.test(etag.trim()) ? 'a 40-hex ETag: the SHA-1 of the private file' : undefined),
    ], { url: e.doc.url });
  }
}

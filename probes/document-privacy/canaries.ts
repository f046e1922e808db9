// The operator's canaries: each must be refused (login redirect or password
// form). One that is served is an error whatever served it (a cache is named in
// the evidence): what an operator must learn first is that it is readable. One
// that is gone or walled off is unchecked, never a pass.

import { sniffBody } from '../../src/signals/body-sniff.js';
import { docName, examinedEvidence, verdictNote } from './evidence.js';
import type { Examined } from './facts.js';
import type { Report } from './messages.js';

export function reportCanaries(report: Report, canaries: readonly Examined[]): void {
  for (const e of canaries) {
    const doc = docName(e.doc);
    switch (e.verdict.kind) {
      case 'served':
      case 'redirect': {
        const what = e.verdict.kind === 'served'
          ? `the file (${e.answer?.status}, ${e.file?.prefixBase64 ? sniffBody(e.file.prefixBase64).type : 'unread'})`
          : `a redirect to the file at ${e.verdict.target}`;
        report('canaryNotProtected', { doc, what }, [examinedEvidence(e)], { url: e.doc.url });
        break;
      }
      case 'unrecognised':
      case 'not-served':
        report('canaryUnchecked', { doc, reason: verdictNote(e.verdict) }, [examinedEvidence(e)], { url: e.doc.url, inconclusive: true });
        break;
      default:
        break; // login, password: protected as it should be
    }
  }
}

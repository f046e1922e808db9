// The operator's canaries: each must be refused (login redirect or password
// form). One the origin serves is an error here. One that is gone or walled
// off is unchecked, never a pass.
//
// One that a shared cache replays is one fault, the cache's, and cache-privacy
// owns it (privateResponseCached, on the same response: both probes read the
// canary the same way, so the run's memo sends one request). This probe defers:
// no canaryNotProtected for a replay, only canaryUnchecked (a warning,
// inconclusive), because its own question, does the serve view refuse, could
// not be asked of a response the serve view did not make.

import { sniffBody } from '../../src/signals/body-sniff.js';
import { docName, examinedEvidence, examinedNote, verdictNote } from './evidence.js';
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
      case 'replayed':
        report('canaryUnchecked', { doc, reason: `${verdictNote(e.verdict)}; cache-privacy reports the replay` }, [examinedEvidence(e)], { url: e.doc.url, inconclusive: true });
        break;
      case 'unrecognised':
      case 'not-served':
        report('canaryUnchecked', { doc, reason: examinedNote(e) }, [examinedEvidence(e)], { url: e.doc.url, inconclusive: true });
        break;
      default:
        break; // login, password: protected as it should be
    }
  }
}

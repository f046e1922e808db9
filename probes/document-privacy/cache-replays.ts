// A protected document's response seen coming from a shared cache: the cache
// replays it to whoever asks. Only for documents cache-privacy cannot know of
// (found protected on pages or in the API): it owns the canaries' responses.

import { cacheHitSignal } from '../../src/signals/cache-control.js';
import { answerEvidence, DECISIVE_HEADERS, docName, responseName } from './evidence.js';
import type { Examined } from './facts.js';
import type { Report } from './messages.js';

export function reportCacheReplays(report: Report, protectedDocs: readonly Examined[]): void {
  for (const e of protectedDocs) {
    for (const answer of e.answers) {
      const signal = cacheHitSignal(answer.headers);
      if (signal?.hit !== true) continue;
      const response = responseName(answer, e.verdict);
      report('privateDocumentCached', { doc: docName(e.doc), response, header: signal.header, value: signal.value }, [
        answerEvidence(answer, e.doc, DECISIVE_HEADERS, `the ${response} came from a shared cache: it stores responses of private documents, and after one authorised visit it would replay the file`),
      ], { url: e.doc.url });
      break; // one replay proves it
    }
  }
}

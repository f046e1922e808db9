// A protected document's response seen coming from a shared cache: the cache
// replays it to whoever asks. Only for documents cache-privacy cannot know of
// (found protected on pages or in the API): it owns the canaries' responses.
// The cache is named and quoted as cache-privacy names it (src/signals/shared-cache.ts).

import { cacheReplay, cacheSignsText, describeCacheText } from '../../src/signals/shared-cache.js';
import { answerEvidence, DECISIVE_HEADERS, docName, responseName } from './evidence.js';
import type { Examined } from './facts.js';
import type { Report } from './messages.js';

export function reportCacheReplays(report: Report, protectedDocs: readonly Examined[]): void {
  for (const e of protectedDocs) {
    for (const answer of e.answers) {
      const replay = cacheReplay(answer.headers);
      if (replay === null) continue;
      const response = responseName(answer, e.verdict);
      report('privateDocumentCached', { doc: docName(e.doc), response, cache: replay.name, signs: cacheSignsText(replay) }, [
        answerEvidence(answer, e.doc, DECISIVE_HEADERS, `the ${response} was replayed by ${describeCacheText(replay)}: it stores responses of private documents, and after one authorised visit it would replay the file`),
      ], { url: e.doc.url });
      break; // one replay proves it
    }
  }
}

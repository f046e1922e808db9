// Evidence for a file the crawl met: its response when it was fetched, else a
// note of where it was seen (a rendition judged by its name needs no request).

import { evidenceFrom, type Evidence, type ResourceRecord } from '../../src/probe-kit/index.js';

export function resourceEvidence(resource: ResourceRecord, headerNames: readonly string[], note?: string): Evidence {
  const ref = resource.referencedFrom[0];
  const extra: Partial<Evidence> = { ...(ref?.from ? { referrer: ref.from } : {}), ...(note ? { note } : {}) };
  if (resource.response !== null) return evidenceFrom(resource.response, headerNames, extra);
  return { ...extra, note: [note, `${resource.url} (${ref ? `referenced as ${ref.via}` : 'not fetched'}${resource.notFetchedReason ? `; not fetched: ${resource.notFetchedReason}` : ''})`].filter(Boolean).join('; ') };
}

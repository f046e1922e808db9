// Stylesheets, scripts and icons from other origins: outside the site's
// control, so listed as facts (one per origin), never judged.

import { evidenceFrom, type Evidence, type ResourceRecord } from '../../src/probe-kit/index.js';
import { MAX_EXAMPLES, referrerEvidence } from './evidence.js';
import type { Report } from './messages.js';

export function judgeThirdParty(thirdParty: readonly ResourceRecord[], report: Report): void {
  const byOrigin = new Map<string, ResourceRecord[]>();
  for (const resource of thirdParty) {
    const origin = new URL(resource.url).origin;
    byOrigin.set(origin, [...(byOrigin.get(origin) ?? []), resource]);
  }
  for (const [origin, resources] of byOrigin) {
    const first = resources[0] as ResourceRecord;
    const evidence = resources.slice(0, MAX_EXAMPLES).map((r): Evidence => {
      const base: Evidence = r.response ? evidenceFrom(r.response, ['content-type', 'cache-control']) : { note: `${r.url}: ${r.notFetchedReason ?? 'not fetched'}` };
      return { ...base, ...referrerEvidence(r) };
    });
    report('thirdPartyAssets', { count: resources.length, origin, example: first.url }, evidence, { url: `${origin}/` });
  }
}

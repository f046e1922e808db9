// Wagtail 6.4+ sends X-Content-Type-Options: nosniff (and a CSP) on its serve
// view; without it a browser may run a document as something its type does not say.

import { MAX_EVIDENCE_PER_GROUP } from './bounds.js';
import { examinedEvidence, nameList } from './evidence.js';
import type { Examined } from './facts.js';
import type { Report } from './messages.js';

export function reportMissingNosniff(report: Report, siteUrl: string, examined: readonly Examined[]): void {
  const group = examined.filter((e) => e.verdict.kind === 'served' && e.file !== null && !(e.file.headers['x-content-type-options'] ?? '').toLowerCase().includes('nosniff'));
  if (group.length === 0) return;
  report('missingNosniff', { count: group.length, docs: nameList(group) },
    group.slice(0, MAX_EVIDENCE_PER_GROUP).map((e) => examinedEvidence(e, 'Wagtail 6.4+ sends nosniff and a CSP on its serve view: older Wagtail, or a proxy dropped them')),
    { url: siteUrl });
}

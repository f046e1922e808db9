// How the site serves its documents: one `info` finding per serve method,
// listing the documents (300 documents make six lines, not 300), and the
// documents the request cap left unchecked.

import { MAX_DOCUMENT_REQUESTS, MAX_EVIDENCE_PER_GROUP } from './bounds.js';
import { examinedEvidence, nameList } from './evidence.js';
import type { DocumentRef, Examined, Verdict } from './facts.js';
import type { MessageId, Report } from './messages.js';

const METHOD_MESSAGES: readonly [Verdict['kind'], MessageId][] = [
  ['served', 'servedByView'],
  ['redirect', 'servedByRedirect'],
  ['direct', 'linkedDirectly'],
  ['login', 'loginProtected'],
  ['password', 'passwordProtected'],
  ['not-served', 'notServed'],
];

export function reportServeMethods(report: Report, siteUrl: string, examined: readonly Examined[], capped: readonly DocumentRef[]): void {
  for (const [kind, messageId] of METHOD_MESSAGES) {
    // A 200 that is neither the file nor the form is listed with the failures; canaries
    // that are served or unchecked have findings of their own, not a serve method to list.
    const group = examined.filter((e) => {
      const listedAs = e.verdict.kind === 'unrecognised' ? 'not-served' : e.verdict.kind;
      return listedAs === kind && !(e.doc.canary && kind !== 'login' && kind !== 'password');
    });
    if (group.length === 0) continue;
    const evidence = group.slice(0, MAX_EVIDENCE_PER_GROUP).map((e) => examinedEvidence(e));
    report(messageId, { count: group.length, docs: nameList(group) }, evidence, { url: siteUrl });
  }
  if (capped.length > 0) {
    report('checksCapped', { count: capped.length, limit: MAX_DOCUMENT_REQUESTS }, [
      { note: `not checked: ${capped.slice(0, MAX_EVIDENCE_PER_GROUP).map((d) => d.url).join(' ')}` },
    ], { url: siteUrl, inconclusive: capped.some((d) => d.canary) });
  }
}

// Overwritten uploads: two documents, one stored file. Wagtail stores a
// document at documents/<its file name>; Django's storages give a taken name a
// random 7-character suffix (name_AbC1234.pdf), but django-storages' S3 backend
// overwrites instead unless AWS_S3_FILE_OVERWRITE = False (its default is True).
// When that bites, the later upload replaces the earlier one's bytes: a public
// document's link can serve a private document's file.
//
// What can be seen from outside: serve URLs name each document's file
// (/documents/<id>/<name>), so two ids with one name are two rows on one key;
// a redirect to the same object, or the same ETag and length from the serve
// view, confirms it. What cannot: which upload came last (whose bytes both now
// serve), or a collision between names the crawl, the API and the canaries
// never showed.

import { objectIdentity } from '../../src/signals/storage-urls.js';
import { MAX_EVIDENCE_PER_GROUP } from './bounds.js';
import { examinedEvidence, nameList } from './evidence.js';
import { isPrivate, type Examined } from './facts.js';
import type { Report } from './messages.js';

/** Django's get_available_name: "_" and 7 letters or digits before the extension. */
const DJANGO_SUFFIX = /_[A-Za-z0-9]{7}(?:\.[^./]+)?$/;

/** Why the group is one stored file, or null when what was seen says they differ. */
export function sharedFileBasis(group: readonly Examined[], suffixSeen: boolean): string | null {
  const targets = [...new Set(group.flatMap((e) => (e.verdict.kind === 'redirect' ? [objectIdentity(new URL(e.verdict.target))] : [])))];
  if (targets.length > 1) return null; // same name, different objects: a custom upload path tells them apart
  const redirected = group.filter((e) => e.verdict.kind === 'redirect').length;
  if (redirected >= 2) return `their links lead to one object, ${targets[0] as string}`;
  const served = group.filter((e) => e.verdict.kind === 'served' && e.answer !== null);
  const fingerprints = new Set(served.map((e) => `${e.answer?.headers['etag'] ?? ''} ${e.answer?.headers['content-length'] ?? ''}`));
  if (served.length >= 2 && fingerprints.size === 1 && served[0]?.answer?.headers['etag'] !== undefined) {
    return `the serve view answers them with one ETag and length (${[...fingerprints][0] as string} bytes)`;
  }
  // Only the names say so: trusted only where nothing shows uploads being renamed.
  if (suffixSeen) return null;
  const name = group[0]?.doc.filename as string;
  return `each is stored at documents/${name}: Wagtail keeps a document's file under its name, and no document on the site carries the random suffix Django gives a taken name (name_AbC1234.pdf), so uploads are never renamed`;
}

/** Documents grouped by the file name their serve URL gives, two ids or more. */
function sameNamed(examined: readonly Examined[]): Examined[][] {
  const byName = new Map<string, Map<number, Examined>>();
  for (const e of examined) {
    if (e.doc.id === null || e.doc.filename === '') continue;
    const group = byName.get(e.doc.filename) ?? new Map<number, Examined>();
    if (!group.has(e.doc.id)) group.set(e.doc.id, e);
    byName.set(e.doc.filename, group);
  }
  return [...byName.values()].map((g) => [...g.values()]).filter((g) => g.length >= 2);
}

export function reportSharedFiles(report: Report, examined: readonly Examined[]): void {
  const suffixSeen = examined.some((e) => DJANGO_SUFFIX.test(e.doc.filename));
  for (const group of sameNamed(examined)) {
    const basis = sharedFileBasis(group, suffixSeen);
    if (basis === null) continue;
    const privateDocs = group.filter(isPrivate);
    const publicDocs = group.filter((e) => !isPrivate(e));
    const evidence = group.slice(0, MAX_EVIDENCE_PER_GROUP).map((e) => examinedEvidence(e));
    const first = (publicDocs[0] ?? group[0]) as Examined;
    if (privateDocs.length > 0 && publicDocs.length > 0) {
      report('privateDocumentSharesFile', { private: nameList(privateDocs), public: nameList(publicDocs), basis }, evidence, { url: first.doc.url });
    } else {
      report('documentsShareFile', { docs: nameList(group), count: group.length, basis }, evidence, { url: first.doc.url });
    }
  }
}

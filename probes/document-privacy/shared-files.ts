// Overwritten uploads: two documents, one stored file. Wagtail stores a
// document at documents/<its file name>; Django's storages give a taken name a
// random 7-character suffix (name_AbC1234.pdf), but django-storages' S3 backend
// overwrites instead unless AWS_S3_FILE_OVERWRITE = False (its default is True).
// When that bites, the later upload replaces the earlier one's bytes: a public
// document's link can serve a private document's file.
//
// What can be seen from outside: serve URLs name each document's file
// (/documents/<id>/<name>), so two ids with one name are two rows on one key;
// a redirect to the same object confirms it; the name alone counts only in
// object storage, where nothing shows uploads being renamed. What cannot:
// which upload came last (whose bytes both now serve), a collision between
// names the crawl, the API and the canaries never showed, or renditions and
// images overwritten under one name (their names carry no row id to compare).

import { decodeUrlComponent } from '../../src/signals/url-decoding.js';
import { objectIdentity } from '../../src/signals/storage-urls.js';
import { MAX_EVIDENCE_PER_GROUP } from './bounds.js';
import { examinedEvidence, nameList } from './evidence.js';
import { isPrivate, type Examined } from './facts.js';
import type { Report } from './messages.js';

/** Django's get_available_name: the name, "_" and 7 random letters or digits, the extension. */
const DJANGO_SUFFIX = /^(.+)_[A-Za-z0-9]{7}(\.[^./]+)?$/;

/**
 * Whether the site shows uploads being renamed: a document named like another's
 * name plus Django's suffix (report.pdf and report_AbC1234.pdf). A name that only
 * looks suffixed (meeting_minutes.pdf) proves nothing without its unsuffixed twin.
 */
export function renamedUploadSeen(names: readonly string[]): boolean {
  const all = new Set(names);
  return names.some((name) => {
    const match = DJANGO_SUFFIX.exec(name);
    return match !== null && all.has(`${match[1] as string}${match[2] ?? ''}`);
  });
}

/** A row with this name exists: the serve view answered for it (a 404 is a dead link, not a document). */
function answeredForARow(e: Examined): boolean {
  return ['served', 'redirect', 'replayed', 'login', 'password'].includes(e.verdict.kind);
}

/** What the site shows of where documents are stored, for the name-only basis. */
export interface StorageFacts {
  /** The documents' files are known to live in object storage (a redirect target or MEDIA_URL there). */
  readonly objectStorage: boolean;
  /** Some upload on the site got Django's suffix (renamedUploadSeen). */
  readonly renamed: boolean;
}

/**
 * Why the group is one stored file, or null when what was seen says they may
 * differ. A shared redirect target proves it. Otherwise only the name says so,
 * trusted where the documents are in object storage (Django's local storage
 * never overwrites), no upload was seen renamed, every redirect among them is to
 * documents/<that name> (no custom upload path) and the serve view gives them
 * one length (the ETag is each row's upload-time hash: it differs either way).
 */
export function sharedFileBasis(group: readonly Examined[], facts: StorageFacts): string | null {
  const name = group[0]?.doc.filename as string;
  const targets = [...new Set(group.flatMap((e) => (e.verdict.kind === 'redirect' ? [objectIdentity(new URL(e.verdict.target))] : [])))];
  if (targets.length > 1) return null; // same name, different objects: a custom upload path tells them apart
  const redirected = group.filter((e) => e.verdict.kind === 'redirect').length;
  if (redirected >= 2) return `their links lead to one object, ${targets[0] as string}`;
  if (!facts.objectStorage || facts.renamed) return null;
  if (targets.some((target) => !new URL(target).pathname.endsWith(`/documents/${name}`))) return null;
  const lengths = new Set(group.filter((e) => e.verdict.kind === 'served').map((e) => e.answer?.headers['content-length'] ?? '?'));
  if (lengths.size > 1) return null;
  return `each is stored at documents/${decodeUrlComponent(name)} in object storage: Wagtail keeps a document's file under its name, and no upload on the site was given the random suffix Django gives a taken name (name_AbC1234.pdf)`;
}

/** Documents the serve view answered for, grouped by the (decoded) file name their serve URL gives, two ids or more. */
function sameNamed(examined: readonly Examined[]): Examined[][] {
  const byName = new Map<string, Map<number, Examined>>();
  for (const e of examined) {
    if (e.doc.id === null || e.doc.filename === '' || !answeredForARow(e)) continue;
    const key = decodeUrlComponent(e.doc.filename);
    const group = byName.get(key) ?? new Map<number, Examined>();
    if (!group.has(e.doc.id)) group.set(e.doc.id, e);
    byName.set(key, group);
  }
  return [...byName.values()].map((g) => [...g.values()]).filter((g) => g.length >= 2);
}

export function reportSharedFiles(report: Report, examined: readonly Examined[], objectStorage: boolean): void {
  const facts: StorageFacts = { objectStorage, renamed: renamedUploadSeen(examined.map((e) => decodeUrlComponent(e.doc.filename))) };
  for (const group of sameNamed(examined)) {
    const basis = sharedFileBasis(group, facts);
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

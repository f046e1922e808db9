// The documents API must leave private collections out: a protected document
// it lists hands out its id, title and download URL to anyone.

import { advisoriesOfRule } from '../../src/wagtail/advisories.js';
import { ADVISORIES } from '../../src/wagtail/wagtail-data.js';
import type { ApiListing } from './discover.js';
import { docName, examinedEvidence, examinedNote, fileEvidence } from './evidence.js';
import type { Examined } from './facts.js';
import type { Report } from './messages.js';

/** Where the releases that list private documents were fixed, from the shipped advisory data. */
const ADVISORY_NOTE = advisoriesOfRule('document-privacy/apiListsPrivateDocument', ADVISORIES) || 'a site setting or custom API view';

export function reportApiListings(report: Report, api: ApiListing, protectedDocs: readonly Examined[]): void {
  for (const e of protectedDocs) {
    const listed = api.items.find((item) => (e.doc.id !== null && item.id === e.doc.id) || item.downloadUrl === e.doc.url);
    if (!listed) continue;
    // The page's own answer is the proof; the redirects that led to it (a slash, https) say nothing about the listing.
    const page = { ...listed.listedAt, hops: [] };
    report('apiListsPrivateDocument', { doc: docName(e.doc), id: listed.id, apiUrl: page.request.url, advisories: ADVISORY_NOTE }, [
      fileEvidence(page, `lists id ${listed.id} with download_url ${listed.downloadUrl ?? '(none)'}`),
      examinedEvidence(e, `yet its serve URL is private: ${examinedNote(e)}`),
    ], { url: e.doc.url });
  }
}

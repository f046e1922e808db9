// document-privacy: are private documents really private, and how does the
// site serve its documents? Wagtail checks collection privacy in its serve
// view (/documents/<id>/<name>); with WAGTAILDOCS_SERVE_METHOD "redirect" or
// "direct", or a web server that serves MEDIA_ROOT/documents/, the file URL
// (MEDIA_URL + "documents/" + name) skips that check for anyone who has it.
//
// Decisions (read before adding a rule):
// - Serve methods are reported as one `info` finding per method, listing the
//   documents: a site with 300 documents gets six lines, not 300.
// - Known private documents (the operator's canaries, and documents whose serve
//   URL answered with the login redirect or the password form) have their file
//   URL tried anonymously: that is the leak test. The public-document folder
//   test (`documentsFolderServed`) only stands in when no private document is
//   known, so one exposed folder is not reported twice.
// - Caches: the cache-privacy probe owns the canaries' anonymous responses
//   (replayed by a cache: privateResponseCached; storable: privateResponseStorable).
//   This probe reports a cache replay (`privateDocumentCached`) only for the
//   private documents cache-privacy cannot know of: those found protected on
//   pages or in the API, not named in the config. A canary whose file the origin
//   serves is `canaryNotProtected` here; one whose file a shared cache replays
//   is the cache's fault, cache-privacy's error: here it is only `canaryUnchecked`
//   (the serve view's check did not run for that request), never a second error.
//   Both probes name the cache and quote its headers from src/signals/shared-cache.ts.
// - What the real stack showed (Wagtail 8.0.1; 7.0.10 has the same serve view and
//   privacy hook): with every serve method the serve URL still checks privacy
//   (302 to /_util/login/?next=<serve path>, or the 200 password form with
//   never-cache headers); what leaks is the file URL. With `direct`, pages link
//   private files themselves. nginx's X-Accel-Redirect keeps Wagtail's
//   Content-Disposition, CSP and nosniff when the internal location adds them.
// - Signed storage URLs live longer than one hour (`longSignedUrl`): django-storages
//   signs for 3600 s by default (AWS_QUERYSTRING_EXPIRE), so only a deliberate
//   longer lifetime is flagged.
//
// - Object storage is known by its host (well-known stores), a signed URL, the
//   config's storageOrigins, or its answers (src/signals/object-storage.ts: x-amz-*
//   headers, a store's Server, S3's XML errors), on any host: a bucket behind a
//   CNAME or a path-style S3-compatible endpoint included. A private document's
//   file readable there is `privateObjectPublic` (the bucket's fault and fix),
//   not `privateFileExposed` (the web server's); each storage fault has one id here.
// - Overwritten uploads (AWS_S3_FILE_OVERWRITE): two serve URLs with one file name
//   are two rows on one key; a shared redirect target or ETag confirms it; the name
//   alone counts only where no upload on the site carries Django's random suffix.
//
// The rules, one file each (or per close group): serve-methods, canaries,
// cache-replays, etag, file-url-leak, storage (+ storage-origins), signatures,
// shared-files, api-listing, inline-content, nosniff. Those that only judge take
// `report`; those that fetch take the context.

import { defineProbe } from '../../src/probe-kit/index.js';
import { reportApiListings } from './api-listing.js';
import { MAX_DOCUMENT_REQUESTS, MAX_REQUESTS, RequestBudget } from './bounds.js';
import { reportCacheReplays } from './cache-replays.js';
import { reportCanaries } from './canaries.js';
import { addApiDocuments, documentsOnSite, fetchDocumentsApi } from './discover.js';
import { reportEtags } from './etag.js';
import { fetchVerdict } from './examine.js';
import { isProtected, type DocumentRef, type Examined } from './facts.js';
import { fetchDocumentsFolder, fetchPrivateFileUrls, mediaUrlFor } from './file-url-leak.js';
import { reportInlineActiveContent } from './inline-content.js';
import { messages, type MessageId, type Report } from './messages.js';
import { reportMissingNosniff } from './nosniff.js';
import { reportServeMethods } from './serve-methods.js';
import { reportSharedFiles } from './shared-files.js';
import { fetchSignatureChecks } from './signatures.js';
import { fetchListableBuckets, reportLongSignedUrls, storageRedirects } from './storage.js';
import { learnFromExamined, StorageOrigins } from './storage-origins.js';

export default defineProbe<MessageId>({
  meta: {
    id: 'document-privacy',
    title: 'Private documents cannot be fetched without permission',
    docs:
      "Wagtail checks a private collection's restriction (login, groups, password) only in its document serve view, `/documents/<id>/<filename>`. " +
      'The file itself lives at `MEDIA_URL + "documents/" + filename`, next to the public ones, and anyone with that URL bypasses the check when ' +
      '`WAGTAILDOCS_SERVE_METHOD` is `redirect` or `direct`, or when the web server serves the whole media folder. ' +
      'Fix: use `serve_view` on local storage and make the web server refuse `MEDIA_ROOT/documents/` (nginx: `location /media/documents/ { internal; }` ' +
      'or `deny all`), or serve documents from a private bucket with signed, short-lived URLs (django-storages: AWS_QUERYSTRING_AUTH = True, ' +
      'AWS_DEFAULT_ACL = None, AWS_S3_FILE_OVERWRITE = False, no public read or list in the bucket policy); keep caches from replaying private responses; upgrade ' +
      'Wagtail past GHSA-92hv-j533-69wc. Name a few private documents in the config (`private.documents`: one small file per restriction type, in ' +
      'a private collection) so the probe can prove each is refused.',
    // 10 API pages + 60 document requests (canaries' and signature checks included) + 4 bucket roots: see bounds.ts.
    maxRequests: MAX_REQUESTS,
    messages,
  },

  async run(site, ctx) {
    const report: Report = (messageId, data, evidence, options) => ctx.report(messageId, data, evidence, options);
    const budget = new RequestBudget(MAX_DOCUMENT_REQUESTS);
    const docs = documentsOnSite(site, ctx.options.privateCanaries.documents);
    const api = await fetchDocumentsApi(site, ctx);
    addApiDocuments(docs, api, site);

    if (docs.size === 0) {
      ctx.skip(
        'no documents found: pages link none, no private document canaries are configured and /api/v2/documents/ lists none. ' +
          'Add canaries to the config (private.documents): in the Wagtail admin, make a private collection per restriction type ' +
          '(login, password) with one small file each, and list their /documents/<id>/<name> URLs.',
      );
      return;
    }

    const examined: Examined[] = [];
    const capped: DocumentRef[] = [];
    for (const doc of docs.values()) {
      const result = await fetchVerdict(doc, site, ctx, budget);
      if (result === null) capped.push(doc);
      else examined.push(result);
    }

    const protectedDocs = examined.filter(isProtected);
    const mediaUrl = mediaUrlFor(site, examined);
    const storage = new StorageOrigins(ctx.options.storageOrigins ?? []);
    learnFromExamined(storage, examined);

    reportServeMethods(report, site.target, examined, capped);
    reportCanaries(report, examined.filter((e) => e.doc.canary));
    // The canaries' cached responses are cache-privacy's to report.
    reportCacheReplays(report, protectedDocs.filter((e) => !e.doc.canary));
    reportEtags(report, protectedDocs);
    const linkedFiles = new Map(examined.filter((e) => e.doc.linkedFile).map((e) => [e.doc.url, e.doc.referrer]));
    const fileUrls = await fetchPrivateFileUrls(ctx, protectedDocs, mediaUrl, budget, linkedFiles, storage);
    // One exposed folder, one finding: the folder test stands in only when no private file URL was tried.
    if (!fileUrls.tried) await fetchDocumentsFolder(ctx, examined, mediaUrl, budget);
    const toStorage = storageRedirects(examined, storage);
    reportLongSignedUrls(report, toStorage);
    await fetchSignatureChecks(ctx, toStorage, budget);
    await fetchListableBuckets(ctx, toStorage, mediaUrl, storage);
    // Only in object storage may a file be overwritten (Django's local storage renames a taken name).
    const onObjectStorage = toStorage.length > 0 || (mediaUrl !== null && storage.has(new URL(mediaUrl.url)));
    reportSharedFiles(report, examined, onObjectStorage);
    reportApiListings(report, api, protectedDocs);
    reportInlineActiveContent(report, site, examined);
    reportMissingNosniff(report, site.target, examined);
  },
});

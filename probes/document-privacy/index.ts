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
//   pages or in the API, not named in the config. A canary whose file is served
//   is `canaryNotProtected` here whatever served it (the cache is named in the
//   evidence), because what an operator must learn first is that it is readable.
// - What the real stack showed (Wagtail 8.0.1; 7.0.10 has the same serve view and
//   privacy hook): with every serve method the serve URL still checks privacy
//   (302 to /_util/login/?next=<serve path>, or the 200 password form with
//   never-cache headers); what leaks is the file URL. With `direct`, pages link
//   private files themselves. nginx's X-Accel-Redirect keeps Wagtail's
//   Content-Disposition, CSP and nosniff when the internal location adds them.
// - Signed storage URLs live longer than one hour (`longSignedUrl`): django-storages
//   signs for 3600 s by default (AWS_QUERYSTRING_EXPIRE), so only a deliberate
//   longer lifetime is flagged.

import { pickHeaders } from '../../src/probe-kit/evidence.js';
import type { Evidence } from '../../src/engine/finding.js';
import type { FetchOptions, FetchResult, HeaderMap, SentRequest } from '../../src/http/types.js';
import type { SiteModel } from '../../src/gather/model.js';
import { defineProbe, type ProbeContext } from '../../src/engine/probe.js';
import { cacheHitSignal, type CacheHitSignal } from '../../src/signals/cache-control.js';
import { parseHttpDate } from '../../src/signals/http-date.js';
import { sniffBody } from '../../src/signals/body-sniff.js';
import { isLoginRedirect, isWagtailPasswordForm } from '../../src/wagtail/privacy.js';

const messages = {
  servedByView: {
    text: "{count} document(s) served by Wagtail's serve view (serve method serve_view): {docs}",
    severity: 'info',
  },
  servedByRedirect: {
    text: '{count} document(s) redirect anonymous clients to their file (serve method redirect): {docs}',
    severity: 'info',
  },
  linkedDirectly: {
    text: 'Pages link {count} document file(s) themselves (serve method direct: no privacy check on these links): {docs}',
    severity: 'info',
  },
  loginProtected: {
    text: '{count} private document(s) redirect anonymous clients to the login page: {docs}',
    severity: 'info',
  },
  passwordProtected: {
    text: '{count} private document(s) answer anonymous clients with the password form: {docs}',
    severity: 'info',
  },
  notServed: {
    text: '{count} document(s) are not served to anonymous clients (missing or failing): {docs}',
    severity: 'info',
  },
  checksCapped: {
    text: '{count} document(s) were not checked: more than {limit} needed a request of their own',
    severity: 'info',
  },
  privateFileExposed: {
    text: 'Private document {doc} is readable without permission at its file URL {fileUrl} ({status}, {type})',
    severity: 'error',
  },
  canaryNotProtected: {
    text: 'Private document {doc} is not protected: anonymous clients get {what}',
    severity: 'error',
  },
  privateDocumentCached: {
    text: 'A shared cache replays the {response} of private document {doc} ({header}: {value})',
    severity: 'error',
  },
  etagOnProtectedResponse: {
    text: 'The {response} of private document {doc} carries ETag {etag}, a fingerprint of the private file (GHSA-92hv-j533-69wc, fixed in Wagtail 7.0.9, 7.3.4 and 7.4.3)',
    severity: 'error',
  },
  unsignedStorageUrl: {
    text: 'Private document {doc} redirects to a storage URL with no signature: {target} is a permanent public link',
    severity: 'error',
  },
  storageBucketListable: {
    text: 'The storage bucket at {bucketUrl} lists its keys to anonymous clients',
    severity: 'error',
  },
  apiListsPrivateDocument: {
    text: 'The documents API lists private document {doc} (id {id}) at {apiUrl}',
    severity: 'error',
  },
  documentsFolderServed: {
    text: "The documents folder is served directly: {fileUrl} answered {status} while documents go through Wagtail's serve view, so a document made private would still be readable at its file URL",
    severity: 'warning',
  },
  inlineActiveContent: {
    text: "{type} document {doc} is served inline from the site's own origin at {fileUrl} without Content-Disposition: attachment or a restrictive Content-Security-Policy",
    severity: 'warning',
  },
  missingNosniff: {
    text: "{count} document(s) served by Wagtail's serve view without X-Content-Type-Options: nosniff: {docs}",
    severity: 'warning',
  },
  longSignedUrl: {
    text: 'Signed storage URLs of {count} document(s) stay valid for up to {seconds} s (more than {limit} s): a shared link keeps working long after access is revoked',
    severity: 'warning',
  },
  canaryUnchecked: {
    text: 'Private document {doc} could not be checked: {reason}',
    severity: 'warning',
  },
  fileUrlUnknown: {
    text: 'The file URLs of {count} private document(s) could not be tried: MEDIA_URL is unknown (set mediaUrl in the config)',
    severity: 'warning',
  },
} as const;

type MessageId = keyof typeof messages;
type Context = ProbeContext<MessageId>;

// --- Bounds: a polite probe against production -------------------------------

/** Wagtail's API v2 documents endpoint where projects mount it; one request per page. */
const API_PATH = '/api/v2/documents/';
/** Pages of the API read at most; its default page is 20 items (WAGTAILAPI_LIMIT_MAX). */
const MAX_API_PAGES = 10;
const API_READ: FetchOptions = { body: { read: 'whole', maxBytes: 512 * 1024, keepText: true } };
/** Requests of its own per document (re-checks, file URLs) at most, across the run. */
const MAX_DOCUMENT_REQUESTS = 60;
/** A serve URL re-read without following redirects: enough of the body to see the password form. */
const SERVE_CHECK: FetchOptions = { followRedirects: false, body: { read: 'whole', maxBytes: 8192, keepText: true } };
/** A file URL tried anonymously: the status and the first bytes' type are the evidence. */
const FILE_CHECK: FetchOptions = { followRedirects: false, body: { read: 'prefix', maxBytes: 1024 } };
/** A bucket root read far enough to see `<ListBucketResult`. */
const BUCKET_CHECK: FetchOptions = { followRedirects: false, body: { read: 'whole', maxBytes: 4096, keepText: true } };
const MAX_BUCKET_CHECKS = 2;
/** django-storages' default signed-URL lifetime; longer is a choice worth flagging. */
const SIGNED_URL_MAX_SECONDS = 3600;
/** Names shown in a grouped message; the evidence lists the rest. */
const MAX_NAMES_SHOWN = 10;
const MAX_EVIDENCE_PER_GROUP = 25;

// --- What the probe works on ----------------------------------------------------

/** Wagtail's serve URL: `…/documents/<id>/<filename>`. */
const SERVE_PATH = /\/documents\/(\d+)\/([^/]+)$/;

interface DocumentRef {
  /** Absolute URL: the serve URL, or the file URL for a page's direct link. */
  readonly url: string;
  readonly id: number | null;
  /** Last path segment as it appears in the URL (percent-encoded). */
  readonly filename: string;
  /** Named in the config as a private document. */
  canary: boolean;
  /** A page links the file itself (MEDIA_URL documents/…): the `direct` method. */
  readonly linkedFile: boolean;
  readonly referrer: string | undefined;
  /** The crawler's record (redirects followed, hops recorded), or null. */
  readonly crawled: FetchResult | null;
}

/** One response as received, redirects NOT followed. */
interface Answer {
  readonly request: SentRequest;
  readonly url: string;
  readonly status: number;
  readonly headers: HeaderMap;
  /** Location resolved against the URL, or null. */
  readonly location: string | null;
  /** First body bytes (base64), or null for a hop whose body was not read. */
  readonly prefixBase64: string | null;
  readonly text?: string;
}

type Verdict =
  | { readonly kind: 'served' } // 2xx with the file: the serve view
  | { readonly kind: 'redirect'; readonly target: string } // to the file's storage URL
  | { readonly kind: 'direct' } // a page links the file itself
  | { readonly kind: 'login'; readonly target: string }
  | { readonly kind: 'password' }
  | { readonly kind: 'unrecognised'; readonly reason: string } // a 200 that is neither the file nor the form
  | { readonly kind: 'not-served'; readonly reason: string };

/** A verdict still open: the redirect only changed scheme/host/slash, or a 200 whose body must be read. */
type Provisional = Verdict | { readonly kind: 'transport'; readonly target: string } | { readonly kind: 'needs-body' };

interface Examined {
  readonly doc: DocumentRef;
  readonly verdict: Verdict;
  /** The response that decided the verdict, or null when nothing answered. */
  readonly answer: Answer | null;
  /** Every answer seen for the serve URL (crawl and re-check), for cache and ETag signals. */
  readonly answers: readonly Answer[];
  /** The response that carried the file itself, when one did (for inline and nosniff checks). */
  readonly file: Answer | null;
  readonly error?: string;
}

// --- The probe ------------------------------------------------------------------

export default defineProbe<MessageId>({
  meta: {
    id: 'document-privacy',
    title: 'Private documents cannot be fetched without permission',
    docs:
      "Wagtail checks a private collection's restriction (login, groups, password) only in its document serve view, `/documents/<id>/<filename>`. " +
      'The file itself lives at `MEDIA_URL + "documents/" + filename`, next to the public ones, and anyone with that URL bypasses the check when ' +
      '`WAGTAILDOCS_SERVE_METHOD` is `redirect` or `direct`, or when the web server serves the whole media folder. ' +
      'Fix: use `serve_view` on local storage and make the web server refuse `MEDIA_ROOT/documents/` (nginx: `location /media/documents/ { internal; }` ' +
      'or `deny all`), or serve documents from a private bucket with signed, short-lived URLs; keep caches from replaying private responses; upgrade ' +
      'Wagtail past GHSA-92hv-j533-69wc. Name a few private documents in the config (`private.documents`: one small file per restriction type, in ' +
      'a private collection) so the probe can prove each is refused.',
    // API pages, serve URLs and their files within MAX_DOCUMENT_REQUESTS, bucket roots, the documents folder, and each canary with its file URL.
    maxRequests: (options) => 10 + 60 * 2 + 2 + 2 + 2 * options.privateCanaries.documents.length,
    messages,
  },

  async run(site, ctx) {
    const budget = new RequestBudget(MAX_DOCUMENT_REQUESTS);
    const docs = documentsOnSite(site, ctx);
    const api = await readDocumentsApi(site, ctx);
    for (const item of api.items) addApiDocument(docs, item, site);

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
      const result = await examine(doc, site, ctx, budget);
      if (result === null) capped.push(doc);
      else examined.push(result);
    }

    // Protected: the serve URL refused us. Private: protected, or named private by the operator.
    const isProtected = (e: Examined) => e.verdict.kind === 'login' || e.verdict.kind === 'password';
    const isPrivate = (e: Examined) => e.doc.canary || isProtected(e);
    const protectedDocs = examined.filter(isProtected);
    const mediaUrl = mediaUrlFor(site, examined);

    reportServeMethods(ctx, site, examined, capped);
    reportCanaries(ctx, examined.filter((e) => e.doc.canary));
    reportCacheReplays(ctx, protectedDocs.filter((e) => !e.doc.canary));
    reportEtags(ctx, protectedDocs);
    const linkedFiles = new Map(examined.filter((e) => e.doc.linkedFile).map((e) => [e.doc.url, e.doc.referrer]));
    const fileUrls = await tryPrivateFileUrls(ctx, protectedDocs, mediaUrl, budget, linkedFiles);
    if (!fileUrls.tried) await tryDocumentsFolder(ctx, examined, mediaUrl, budget);
    await checkStorageRedirects(ctx, examined, isPrivate);
    reportApiListings(ctx, api, protectedDocs);
    reportInlineActiveContent(ctx, site, examined);
    reportMissingNosniff(ctx, site, examined);
  },
});

// --- Discovery --------------------------------------------------------------------

function documentsOnSite(site: SiteModel, ctx: Context): Map<string, DocumentRef> {
  const docs = new Map<string, DocumentRef>();
  for (const resource of site.resources) {
    if (resource.kind !== 'document' && resource.kind !== 'document-file') continue;
    // A file URL met only as a redirect target is the redirect method's doing, not a page's link.
    if (resource.kind === 'document-file' && !resource.referencedFrom.some((r) => r.via !== 'redirect' && r.via !== 'seed')) continue;
    docs.set(resource.url, {
      url: resource.url,
      ...idAndFilename(resource.url),
      canary: false,
      linkedFile: resource.kind === 'document-file',
      referrer: resource.referencedFrom.find((r) => r.from !== '')?.from,
      crawled: resource.response,
    });
  }
  // An HTML document linked as a file (the direct method) is met before MEDIA_URL is
  // known, so the crawler fetches it as a page: it is a linked document all the same.
  const documentsFolder = site.mediaUrl ? new URL('documents/', site.mediaUrl.url).href : null;
  for (const page of site.pages) {
    if (documentsFolder === null || !page.url.startsWith(documentsFolder) || docs.has(page.url)) continue;
    if (!page.referencedFrom.some((r) => r.via === 'a')) continue;
    docs.set(page.url, {
      url: page.url,
      ...idAndFilename(page.url),
      canary: false,
      linkedFile: true,
      referrer: page.referencedFrom.find((r) => r.from !== '')?.from,
      crawled: page.response,
    });
  }
  for (const raw of ctx.options.privateCanaries.documents) {
    let url: string;
    try {
      url = new URL(raw, site.target).href;
    } catch {
      continue;
    }
    const known = docs.get(url);
    if (known) {
      known.canary = true;
      continue;
    }
    const crawled = site.resources.find((r) => r.url === url)?.response ?? null;
    docs.set(url, { url, ...idAndFilename(url), canary: true, linkedFile: false, referrer: undefined, crawled });
  }
  return docs;
}

function idAndFilename(url: string): { id: number | null; filename: string } {
  const path = new URL(url).pathname;
  const serve = SERVE_PATH.exec(path);
  if (serve) return { id: Number(serve[1]), filename: serve[2] as string };
  return { id: null, filename: path.slice(path.lastIndexOf('/') + 1) };
}

interface ApiItem {
  readonly id: number;
  readonly downloadUrl: string | null;
  /** The API page that listed it. */
  readonly listedAt: FetchResult;
}

interface ApiListing {
  readonly items: readonly ApiItem[];
}

/** Reads /api/v2/documents/ page by page (offset only: the default page size fits any WAGTAILAPI_LIMIT_MAX). */
async function readDocumentsApi(site: SiteModel, ctx: Context): Promise<ApiListing> {
  const items: ApiItem[] = [];
  const first = new URL(API_PATH, site.target);
  for (let page = 0; page < MAX_API_PAGES; page++) {
    const url = new URL(first);
    if (items.length > 0) url.searchParams.set('offset', String(items.length));
    const result = await ctx.fetch(url.href, API_READ);
    const listing = parseApiPage(result);
    if (listing === null) break;
    items.push(...listing.items.map((item) => ({ ...item, listedAt: result })));
    if (listing.items.length === 0 || items.length >= listing.total) break;
  }
  return { items };
}

function parseApiPage(result: FetchResult): { items: { id: number; downloadUrl: string | null }[]; total: number } | null {
  if (!result.ok || result.status !== 200 || result.text === undefined) return null;
  let body: unknown;
  try {
    body = JSON.parse(result.text);
  } catch {
    return null;
  }
  if (typeof body !== 'object' || body === null || !Array.isArray((body as { items?: unknown }).items)) return null;
  const { items, meta } = body as { items: unknown[]; meta?: { total_count?: unknown } };
  const parsed = items.flatMap((item) => {
    if (typeof item !== 'object' || item === null) return [];
    const { id, meta: itemMeta } = item as { id?: unknown; meta?: { download_url?: unknown } };
    if (typeof id !== 'number') return [];
    const downloadUrl = typeof itemMeta?.download_url === 'string' ? new URL(itemMeta.download_url, result.url).href : null;
    return [{ id, downloadUrl }];
  });
  const total = typeof meta?.total_count === 'number' ? meta.total_count : parsed.length;
  return { items: parsed, total };
}

/** API documents with a serve URL not met on pages are examined too; file URLs (the direct method) only count for the listing rule. */
function addApiDocument(docs: Map<string, DocumentRef>, item: ApiItem, site: SiteModel): void {
  if (item.downloadUrl === null || docs.has(item.downloadUrl)) return;
  if (!site.origins.includes(new URL(item.downloadUrl).origin) || !SERVE_PATH.test(new URL(item.downloadUrl).pathname)) return;
  const crawled = site.resources.find((r) => r.url === item.downloadUrl)?.response ?? null;
  docs.set(item.downloadUrl, { url: item.downloadUrl, id: item.id, filename: idAndFilename(item.downloadUrl).filename, canary: false, linkedFile: false, referrer: undefined, crawled });
}

// --- Answers and verdicts ------------------------------------------------------------

class RequestBudget {
  constructor(private left: number) {}
  take(): boolean {
    if (this.left <= 0) return false;
    this.left -= 1;
    return true;
  }
}

/** The responses of a fetch in order: each redirect hop, then the final response. */
function answersOf(result: FetchResult): Answer[] {
  const answers: Answer[] = result.hops.map((hop) => ({
    request: { ...result.request, url: hop.url },
    url: hop.url,
    status: hop.status,
    headers: hop.headers,
    location: resolve(hop.location, hop.url),
    prefixBase64: null,
  }));
  if (result.ok) {
    answers.push({
      request: { ...result.request, url: result.url },
      url: result.url,
      status: result.status,
      headers: result.headers,
      location: resolve(result.headers['location'] ?? null, result.url),
      prefixBase64: result.body.prefixBase64,
      ...(result.text !== undefined ? { text: result.text } : {}),
    });
  }
  return answers;
}

function resolve(location: string | null, base: string): string | null {
  if (location === null) return null;
  try {
    return new URL(location, base).href;
  } catch {
    return null;
  }
}

/** Query keys that carry the page to come back to after logging in. */
function withoutTrailingSlash(path: string): string {
  return path.length > 1 ? path.replace(/\/$/, '') : path;
}

function lastSegment(url: string): string {
  const path = new URL(url).pathname;
  return safeDecode(path.slice(path.lastIndexOf('/') + 1));
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

const HTML_TYPES = /^\s*(text\/html|application\/xhtml\+xml)/i;

function classify(answer: Answer, doc: DocumentRef): Provisional {
  const { status, headers, location } = answer;
  if (status >= 300 && status < 400) {
    if (location === null) return { kind: 'not-served', reason: `${status} without a usable Location` };
    if (isLoginRedirect(location, answer.url)) return { kind: 'login', target: location };
    if (lastSegment(location) === safeDecode(doc.filename)) {
      const target = new URL(location).pathname;
      // The same serve URL elsewhere (http → https, www, a slash, a language prefix)
      // is the way in, not the serve method: the file's own URL has no <id>/ before its name.
      const sameDocument = withoutTrailingSlash(target) === withoutTrailingSlash(new URL(answer.url).pathname) || (doc.id !== null && SERVE_PATH.exec(target)?.[1] === String(doc.id));
      return sameDocument ? { kind: 'transport', target: location } : { kind: 'redirect', target: location };
    }
    return { kind: 'not-served', reason: `${status} to ${location}` };
  }
  if (status < 200 || status >= 300) return { kind: 'not-served', reason: `status ${status}` };
  if (doc.linkedFile) return { kind: 'direct' };
  if (answer.text !== undefined && isWagtailPasswordForm(answer.text)) return { kind: 'password' };
  // Wagtail's serve view always names the file; the password form never does.
  if (headers['content-disposition'] !== undefined) return { kind: 'served' };
  const looksHtml = HTML_TYPES.test(headers['content-type'] ?? '') || (answer.prefixBase64 !== null && sniffBody(answer.prefixBase64).type === 'html');
  if (!looksHtml) return { kind: 'served' };
  if (answer.text === undefined) return { kind: 'needs-body' };
  if (/\.x?html?$/i.test(doc.filename)) return { kind: 'served' };
  return { kind: 'unrecognised', reason: `${status} HTML that is neither the file nor Wagtail's password form (a login wall, a bot challenge?)` };
}

/** The first answer of a crawled fetch that is not a mere transport redirect. */
function crawledVerdict(doc: DocumentRef): { answer: Answer; verdict: Provisional } | null {
  if (doc.crawled === null) return null;
  const answers = answersOf(doc.crawled);
  for (const answer of answers) {
    const verdict = classify(answer, doc);
    if (verdict.kind !== 'transport') return { answer, verdict };
  }
  return null;
}

/**
 * Decides one document's verdict: from the crawler's record where that is
 * enough, else with a targeted re-read of the serve URL without following
 * redirects. Private documents are always re-read: the body shows the password
 * form and a second response shows a cache replaying the first. Null when the
 * request budget ran out.
 */
async function examine(doc: DocumentRef, site: SiteModel, ctx: Context, budget: RequestBudget): Promise<Examined | null> {
  const crawled = crawledVerdict(doc);
  const crawledAnswers = crawled ? [crawled.answer] : [];
  if (doc.linkedFile && !crawled) return { doc, verdict: { kind: 'not-served', reason: notFetchedReason(doc, site) }, answer: null, answers: [], file: null };
  // Public files and redirects are settled by the crawl; anything that may be private is re-read.
  if (crawled && isSettled(crawled.verdict) && (doc.linkedFile || !doc.canary)) return finish(doc, crawled.answer, crawled.verdict, crawledAnswers);

  let reread = await rereadServeUrl(crawled?.answer.url ?? doc.url, doc, ctx, budget);
  // One transport redirect (http → https, a host, a slash) is followed by hand; a second is a verdict.
  if (reread !== null && 'answer' in reread && reread.verdict.kind === 'transport') reread = await rereadServeUrl(reread.verdict.target, doc, ctx, budget);
  if (reread === null) return null;
  if (!('answer' in reread)) {
    return { doc, verdict: { kind: 'not-served', reason: reread.error.code }, answer: null, answers: crawledAnswers, file: null, error: `${reread.error.code}: ${reread.error.message}` };
  }
  const { answer, verdict } = reread;
  const decided: Verdict =
    verdict.kind === 'transport' ? { kind: 'not-served', reason: `redirects again, to ${verdict.target}` }
      : verdict.kind === 'needs-body' ? { kind: 'unrecognised', reason: 'its body could not be read' }
        : verdict;
  return finish(doc, answer, decided, [...crawledAnswers, answer]);
}

/** One targeted read of a serve URL, redirects not followed; null when the budget is spent. */
async function rereadServeUrl(
  url: string,
  doc: DocumentRef,
  ctx: Context,
  budget: RequestBudget,
): Promise<{ answer: Answer; verdict: Provisional } | { error: { code: string; message: string } } | null> {
  if (!budget.take()) return null;
  const result = await ctx.fetch(url, SERVE_CHECK);
  if (!result.ok) return { error: result.error };
  const answer = answersOf(result)[0] as Answer;
  return { answer, verdict: classify(answer, doc) };
}

function isSettled(verdict: Provisional): verdict is Extract<Verdict, { kind: 'served' | 'redirect' | 'direct' | 'not-served' }> {
  return verdict.kind === 'served' || verdict.kind === 'redirect' || verdict.kind === 'direct' || verdict.kind === 'not-served';
}

function finish(doc: DocumentRef, answer: Answer, verdict: Verdict, answers: Answer[]): Examined {
  return { doc, verdict, answer, answers, file: fileAnswer(doc, verdict, answer) };
}

/** The response that carried the file: the serve view's 200, a direct link's, or a followed redirect's last one. */
function fileAnswer(doc: DocumentRef, verdict: Verdict, answer: Answer): Answer | null {
  if (verdict.kind === 'served' || verdict.kind === 'direct') return answer;
  if (verdict.kind === 'redirect' && doc.crawled?.ok && doc.crawled.status >= 200 && doc.crawled.status < 300 && doc.crawled.hops.length > 0) {
    return answersOf(doc.crawled).at(-1) ?? null;
  }
  return null;
}

function notFetchedReason(doc: DocumentRef, site: SiteModel): string {
  return site.resources.find((r) => r.url === doc.url)?.notFetchedReason ?? 'not fetched';
}

// --- Evidence ----------------------------------------------------------------------

const DECISIVE_HEADERS = [
  'location', 'content-type', 'content-disposition', 'content-security-policy', 'x-content-type-options', 'etag',
  'cache-control', 'age', 'x-cache', 'x-cache-status', 'cf-cache-status',
] as const;

function answerEvidence(answer: Answer, doc: DocumentRef, names: readonly string[] = DECISIVE_HEADERS, note?: string): Evidence {
  return {
    request: answer.request,
    status: answer.status,
    headers: pickHeaders(answer.headers, names),
    ...(answer.prefixBase64 !== null && answer.status < 300 ? { bodyPrefix: sniffBody(answer.prefixBase64).describe } : {}),
    ...(doc.referrer !== undefined ? { referrer: doc.referrer } : {}),
    ...(note !== undefined ? { note } : {}),
  };
}

function examinedEvidence(e: Examined, note?: string): Evidence {
  if (e.answer !== null) return answerEvidence(e.answer, e.doc, DECISIVE_HEADERS, note ?? verdictNote(e.verdict));
  return {
    request: { method: 'GET', url: e.doc.url, headers: {} },
    ...(e.error !== undefined ? { error: e.error } : {}),
    ...(e.doc.referrer !== undefined ? { referrer: e.doc.referrer } : {}),
    note: note ?? verdictNote(e.verdict),
  };
}

function verdictNote(verdict: Verdict): string {
  switch (verdict.kind) {
    case 'served': return 'served by the serve view (200 with the file)';
    case 'redirect': return `redirects to the file at ${verdict.target}`;
    case 'direct': return 'the page links the file itself';
    case 'login': return `redirects to the login page ${verdict.target}`;
    case 'password': return "answers with Wagtail's password form (a 200 that is not access)";
    case 'unrecognised': return verdict.reason;
    case 'not-served': return verdict.reason;
  }
}

function resultEvidence(result: FetchResult, note?: string): Evidence {
  if (!result.ok) return { request: result.request, error: `${result.error.code}: ${result.error.message}`, ...(note ? { note } : {}) };
  return {
    request: result.request,
    status: result.status,
    headers: pickHeaders(result.headers, ['content-type', 'content-length', 'content-disposition', 'location', 'server', 'cache-control']),
    bodyPrefix: sniffBody(result.body.prefixBase64).describe,
    ...(note ? { note } : {}),
  };
}

/** "/documents/7/a.pdf": short, unique, what an operator searches the admin for. */
function docName(doc: DocumentRef): string {
  const url = new URL(doc.url);
  return safeDecode(url.pathname);
}

function nameList(group: readonly Examined[]): string {
  const names = group.slice(0, MAX_NAMES_SHOWN).map((e) => docName(e.doc));
  return group.length > MAX_NAMES_SHOWN ? `${names.join(', ')} and ${group.length - MAX_NAMES_SHOWN} more` : names.join(', ');
}

// --- Rules ------------------------------------------------------------------------------

const METHOD_MESSAGES: readonly [Verdict['kind'], MessageId][] = [
  ['served', 'servedByView'],
  ['redirect', 'servedByRedirect'],
  ['direct', 'linkedDirectly'],
  ['login', 'loginProtected'],
  ['password', 'passwordProtected'],
  ['not-served', 'notServed'],
];

function reportServeMethods(ctx: Context, site: SiteModel, examined: readonly Examined[], capped: readonly DocumentRef[]): void {
  for (const [kind, messageId] of METHOD_MESSAGES) {
    // Canaries that are served are errors of their own, not a serve method to list.
    // A 200 that is neither the file nor the form is listed with the failures; canaries
    // that are served or unchecked have findings of their own.
    const group = examined.filter((e) => {
      const listedAs = e.verdict.kind === 'unrecognised' ? 'not-served' : e.verdict.kind;
      return listedAs === kind && !(e.doc.canary && kind !== 'login' && kind !== 'password');
    });
    if (group.length === 0) continue;
    const evidence = group.slice(0, MAX_EVIDENCE_PER_GROUP).map((e) => examinedEvidence(e));
    ctx.report(messageId, { count: group.length, docs: nameList(group) }, evidence, { url: site.target });
  }
  if (capped.length > 0) {
    ctx.report('checksCapped', { count: capped.length, limit: MAX_DOCUMENT_REQUESTS }, [
      { note: `not checked: ${capped.slice(0, MAX_EVIDENCE_PER_GROUP).map((d) => d.url).join(' ')}` },
    ], { url: site.target, inconclusive: capped.some((d) => d.canary) });
  }
}

function reportCanaries(ctx: Context, canaries: readonly Examined[]): void {
  for (const e of canaries) {
    const doc = docName(e.doc);
    switch (e.verdict.kind) {
      case 'served':
      case 'redirect': {
        const what = e.verdict.kind === 'served'
          ? `the file (${e.answer?.status}, ${e.file?.prefixBase64 ? sniffBody(e.file.prefixBase64).type : 'unread'})`
          : `a redirect to the file at ${e.verdict.target}`;
        ctx.report('canaryNotProtected', { doc, what }, [examinedEvidence(e)], { url: e.doc.url });
        break;
      }
      case 'unrecognised':
      case 'not-served':
        ctx.report('canaryUnchecked', { doc, reason: verdictNote(e.verdict) }, [examinedEvidence(e)], { url: e.doc.url, inconclusive: true });
        break;
      default:
        break; // login, password: protected as it should be
    }
  }
}

function responseName(answer: Answer, verdict: Verdict): string {
  if (answer.status >= 300 && answer.status < 400) return 'login redirect';
  if (verdict.kind === 'password') return 'password form';
  return 'file';
}

/** A protected document's response seen coming from a shared cache: the cache replays it to whoever asks. */
function reportCacheReplays(ctx: Context, protectedDocs: readonly Examined[]): void {
  for (const e of protectedDocs) {
    for (const answer of e.answers) {
      const signal: CacheHitSignal | null = cacheHitSignal(answer.headers);
      if (signal?.hit !== true) continue;
      const response = responseName(answer, e.verdict);
      ctx.report('privateDocumentCached', { doc: docName(e.doc), response, header: signal.header, value: signal.value }, [
        answerEvidence(answer, e.doc, DECISIVE_HEADERS, `the ${response} came from a shared cache: it stores responses of private documents, and after one authorised visit it would replay the file`),
      ], { url: e.doc.url });
      break;
    }
  }
}

/**
 * GHSA-92hv-j533-69wc: Wagtail before 7.0.9 / 7.3.4 / 7.4.3 sent the file's SHA-1 as
 * ETag on the login redirect and the password form too. 7.0.10 and 8.0.1 on the
 * stack send none there (the etag decorator now wraps only the file response).
 */
function reportEtags(ctx: Context, privateDocs: readonly Examined[]): void {
  for (const e of privateDocs) {
    if (e.verdict.kind !== 'login' && e.verdict.kind !== 'password') continue;
    const answer = e.answers.find((a) => a.headers['etag'] !== undefined && (a.status >= 300 || e.verdict.kind === 'password'));
    if (!answer) continue;
    const etag = answer.headers['etag'] as string;
    const sha1 = /^(W\/)?"?[0-9a-f]{40}"?$/i.test(etag.trim());
    ctx.report('etagOnProtectedResponse', { doc: docName(e.doc), response: responseName(answer, e.verdict), etag }, [
      answerEvidence(answer, e.doc, ['etag', 'location', 'content-type'], sha1 ? 'a 40-hex ETag: the SHA-1 of the private file' : undefined),
    ], { url: e.doc.url });
  }
}

/** Where documents' files live: the config, a document redirect's target, a page's direct link, else the renditions' MEDIA_URL. */
function mediaUrlFor(site: SiteModel, examined: readonly Examined[]): { url: string; source: string } | null {
  if (site.mediaUrl?.source === 'config') return { url: site.mediaUrl.url, source: 'the config' };
  for (const e of examined) {
    const fileUrl = e.verdict.kind === 'redirect' ? e.verdict.target : e.verdict.kind === 'direct' ? e.doc.url : null;
    if (fileUrl === null) continue;
    const url = new URL(fileUrl);
    const at = url.pathname.lastIndexOf('/documents/');
    if (at < 0) continue;
    return { url: `${url.origin}${url.pathname.slice(0, at + 1)}`, source: `the file URL of ${docName(e.doc)}` };
  }
  if (site.mediaUrl) return { url: site.mediaUrl.url, source: `learned from ${site.mediaUrl.source}` };
  return null;
}

function fileUrlOf(mediaUrl: string, filename: string): string {
  return new URL(`documents/${filename}`, mediaUrl).href;
}

/** The leak test: each protected document's file URL, anonymously. */
async function tryPrivateFileUrls(
  ctx: Context,
  protectedDocs: readonly Examined[],
  mediaUrl: { url: string; source: string } | null,
  budget: RequestBudget,
  linkedFiles: ReadonlyMap<string, string | undefined>,
): Promise<{ tried: boolean }> {
  const testable = protectedDocs.filter((e) => !e.doc.linkedFile && e.doc.filename !== '');
  if (testable.length === 0) return { tried: false };
  if (mediaUrl === null) {
    ctx.report('fileUrlUnknown', { count: testable.length }, testable.slice(0, MAX_EVIDENCE_PER_GROUP).map((e) => examinedEvidence(e)), {
      url: testable[0]?.doc.url as string,
      inconclusive: true,
    });
    return { tried: false };
  }
  let tried = false;
  for (const e of testable) {
    if (!budget.take()) break;
    tried = true;
    const fileUrl = fileUrlOf(mediaUrl.url, e.doc.filename);
    const result = await ctx.fetch(fileUrl, FILE_CHECK);
    if (!result.ok || result.status < 200 || result.status >= 300) continue;
    const type = sniffBody(result.body.prefixBase64);
    // With the direct method a public page may link the private file itself: say which.
    const linkedFrom = linkedFiles.get(fileUrl);
    ctx.report('privateFileExposed', { doc: docName(e.doc), fileUrl, status: result.status, type: `${type.type}: ${type.describe}` }, [
      examinedEvidence(e, `the serve URL is protected (${verdictNote(e.verdict)})`),
      {
        ...resultEvidence(result, `the file URL, MEDIA_URL from ${mediaUrl.source} + documents/ + the serve URL's file name, answered anonymously${linkedFrom ? '; a page links it' : ''}`),
        ...(linkedFrom ? { referrer: linkedFrom } : {}),
      },
    ], { url: e.doc.url });
  }
  return { tried };
}

/** With serve_view and no private document known, one public document's file URL stands in for the folder. */
async function tryDocumentsFolder(ctx: Context, examined: readonly Examined[], mediaUrl: { url: string; source: string } | null, budget: RequestBudget): Promise<void> {
  const sample = examined.find((e) => e.verdict.kind === 'served' && !e.doc.canary && e.doc.filename !== '');
  if (!sample || mediaUrl === null || !budget.take()) return;
  const fileUrl = fileUrlOf(mediaUrl.url, sample.doc.filename);
  const result = await ctx.fetch(fileUrl, FILE_CHECK);
  if (!result.ok || result.status < 200 || result.status >= 300) return;
  ctx.report('documentsFolderServed', { fileUrl, status: result.status }, [
    examinedEvidence(sample),
    resultEvidence(result, `MEDIA_URL from ${mediaUrl.source} + documents/ + the serve URL's file name`),
  ], { url: fileUrl });
}

// --- Object storage -------------------------------------------------------------------

const STORAGE_HOSTS = [
  'amazonaws.com', 'storage.googleapis.com', 'blob.core.windows.net', 'digitaloceanspaces.com',
  'r2.cloudflarestorage.com', 'backblazeb2.com', 'wasabisys.com', 'linodeobjects.com', 'scw.cloud',
];
const SIGNATURE_KEYS = ['x-amz-signature', 'signature', 'x-goog-signature', 'sig'];

function queryKeys(url: URL): Map<string, string> {
  return new Map([...url.searchParams].map(([k, v]) => [k.toLowerCase(), v]));
}

function isObjectStorage(url: URL): boolean {
  return STORAGE_HOSTS.some((host) => url.hostname === host || url.hostname.endsWith(`.${host}`)) || SIGNATURE_KEYS.some((k) => queryKeys(url).has(k));
}

/** Seconds a signed URL stays valid, from its own parameters; null when it does not say. */
function signedLifetime(url: URL, answer: Answer): number | null {
  const query = queryKeys(url);
  for (const key of ['x-amz-expires', 'x-goog-expires']) {
    const value = query.get(key);
    if (value !== undefined && /^\d+$/.test(value)) return Number(value);
  }
  const issued = parseHttpDate(answer.headers['date']);
  if (issued === null) return null;
  const epoch = query.get('expires'); // S3 signature v2: seconds since the epoch
  if (epoch !== undefined && /^\d+$/.test(epoch)) return Math.round(Number(epoch) - issued / 1000);
  const azure = query.get('se'); // Azure SAS: an ISO 8601 expiry
  if (azure !== undefined && !Number.isNaN(Date.parse(azure))) return Math.round((Date.parse(azure) - issued) / 1000);
  return null;
}

/** Path-style hosts put the bucket in the first path segment; elsewhere the host is the bucket. */
function bucketRoot(url: URL): string | null {
  if (url.hostname.endsWith('blob.core.windows.net')) return null; // listing needs ?comp=list: a different request
  const pathStyle = /^s3[.-]/.test(url.hostname) || url.hostname === 'storage.googleapis.com';
  if (!pathStyle) return `${url.origin}/`;
  const bucket = url.pathname.split('/')[1];
  return bucket ? `${url.origin}/${bucket}/` : null;
}

async function checkStorageRedirects(ctx: Context, examined: readonly Examined[], isPrivate: (e: Examined) => boolean): Promise<void> {
  const toStorage = examined.flatMap((e) => (e.verdict.kind === 'redirect' && e.answer !== null && isObjectStorage(new URL(e.verdict.target)) ? [{ e, target: new URL(e.verdict.target), answer: e.answer }] : []));

  for (const { e, target, answer } of toStorage) {
    if (!isPrivate(e) || SIGNATURE_KEYS.some((k) => queryKeys(target).has(k))) continue;
    ctx.report('unsignedStorageUrl', { doc: docName(e.doc), target: target.href }, [answerEvidence(answer, e.doc, ['location'])], { url: e.doc.url });
  }

  const long = toStorage.flatMap(({ e, target, answer }) => {
    const seconds = signedLifetime(target, answer);
    return seconds !== null && seconds > SIGNED_URL_MAX_SECONDS ? [{ e, seconds, answer }] : [];
  });
  if (long.length > 0) {
    const seconds = Math.max(...long.map((l) => l.seconds));
    ctx.report('longSignedUrl', { count: long.length, seconds, limit: SIGNED_URL_MAX_SECONDS },
      long.slice(0, MAX_EVIDENCE_PER_GROUP).map(({ e, answer, seconds: s }) => answerEvidence(answer, e.doc, ['location', 'date'], `valid for ${s} s`)),
      { url: long[0]?.e.doc.url as string });
  }

  const roots = [...new Set(toStorage.map(({ target }) => bucketRoot(target)).filter((r): r is string => r !== null))].slice(0, MAX_BUCKET_CHECKS);
  for (const bucketUrl of roots) {
    const result = await ctx.fetch(bucketUrl, BUCKET_CHECK);
    if (!result.ok || result.status !== 200 || !/<ListBucketResult[\s>]/.test(result.text ?? '')) continue;
    ctx.report('storageBucketListable', { bucketUrl }, [resultEvidence(result, 'the body is an S3-style <ListBucketResult> listing')], { url: bucketUrl });
  }
}

// --- API, inline content, nosniff ---------------------------------------------------------

function reportApiListings(ctx: Context, api: ApiListing, protectedDocs: readonly Examined[]): void {
  for (const e of protectedDocs) {
    const listed = api.items.find((item) => (e.doc.id !== null && item.id === e.doc.id) || item.downloadUrl === e.doc.url);
    if (!listed) continue;
    const page = listed.listedAt;
    ctx.report('apiListsPrivateDocument', { doc: docName(e.doc), id: listed.id, apiUrl: page.request.url }, [
      { ...resultEvidence(page), note: `lists id ${listed.id} with download_url ${listed.downloadUrl ?? '(none)'}` },
      examinedEvidence(e, `yet its serve URL is private: ${verdictNote(e.verdict)}`),
    ], { url: e.doc.url });
  }
}

/** Content a browser would run as the site's own page when shown inline. */
function activeType(file: Answer): 'HTML' | 'SVG' | null {
  const type = (file.headers['content-type'] ?? '').toLowerCase();
  if (HTML_TYPES.test(type)) return 'HTML';
  if (type.includes('image/svg+xml')) return 'SVG';
  // Without nosniff a browser may sniff what the header does not say.
  if (file.headers['x-content-type-options']?.toLowerCase().includes('nosniff')) return null;
  const sniffed = file.prefixBase64 === null ? null : sniffBody(file.prefixBase64).type;
  return sniffed === 'html' ? 'HTML' : sniffed === 'svg' ? 'SVG' : null;
}

function isRestrictiveCsp(csp: string | undefined): boolean {
  if (csp === undefined) return false;
  const value = csp.toLowerCase();
  return /(^|;)\s*sandbox\b/.test(value) || /default-src\s+'none'/.test(value) || /script-src\s+'none'/.test(value);
}

function reportInlineActiveContent(ctx: Context, site: SiteModel, examined: readonly Examined[]): void {
  for (const e of examined) {
    if (e.file === null || e.verdict.kind === 'password') continue;
    if (!site.origins.includes(new URL(e.file.url).origin)) continue; // another origin cannot script this site
    const type = activeType(e.file);
    if (type === null) continue;
    const disposition = (e.file.headers['content-disposition'] ?? '').trim().toLowerCase();
    if (disposition.startsWith('attachment') || isRestrictiveCsp(e.file.headers['content-security-policy'])) continue;
    ctx.report('inlineActiveContent', { type, doc: docName(e.doc), fileUrl: e.file.url }, [
      answerEvidence(e.file, e.doc, ['content-type', 'content-disposition', 'content-security-policy', 'x-content-type-options'], 'a stored-XSS risk: anyone who can upload a document can run script as the site'),
    ], { url: e.file.url });
  }
}

function reportMissingNosniff(ctx: Context, site: SiteModel, examined: readonly Examined[]): void {
  const group = examined.filter((e) => e.verdict.kind === 'served' && e.file !== null && !(e.file.headers['x-content-type-options'] ?? '').toLowerCase().includes('nosniff'));
  if (group.length === 0) return;
  ctx.report('missingNosniff', { count: group.length, docs: nameList(group) },
    group.slice(0, MAX_EVIDENCE_PER_GROUP).map((e) => examinedEvidence(e, 'Wagtail 6.4+ sends nosniff and a CSP on its serve view: older Wagtail, or a proxy dropped them')),
    { url: site.target });
}

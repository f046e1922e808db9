// The leak test. Wagtail checks privacy only in its serve view; the file itself
// sits at MEDIA_URL + "documents/" + its name, and anyone who asks for that URL
// skips the check when the web server (or a bucket) serves it. Each protected
// document's file URL is tried anonymously; only when no private document is
// known does one public document's file URL stand in for the whole folder, so
// one exposed folder is not reported twice.

import type { ProbeFetchOptions, SiteModel } from '../../src/probe-kit/index.js';
import { sniffBody } from '../../src/signals/body-sniff.js';
import { MAX_EVIDENCE_PER_GROUP, type RequestBudget } from './bounds.js';
import { docName, examinedEvidence, examinedNote, fileEvidence } from './evidence.js';
import type { Examined, MediaUrl } from './facts.js';
import { isFileAnswer } from './file-answer.js';
import type { Context } from './messages.js';
import { prefixText, type StorageOrigins } from './storage-origins.js';

/** A file URL tried anonymously: the status and the first bytes' type are the evidence, so 1 KiB is read. */
const FILE_CHECK: ProbeFetchOptions = { followRedirects: false, body: { read: 'prefix', maxBytes: 1024 } };

/** Where documents' files live: the config, a document redirect's target, a page's direct link, else the renditions' MEDIA_URL. */
export function mediaUrlFor(site: SiteModel, examined: readonly Examined[]): MediaUrl | null {
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

/**
 * Each protected document's file URL, anonymously. `linkedFiles` maps the
 * files pages link themselves (the direct method) to the linking page.
 * `tried` is false when no file URL was requested. A file URL on object
 * storage (known before, or by this answer's signs) that answers is a stored
 * object readable by anyone: the storage's fault, with the storage's fix.
 */
export async function fetchPrivateFileUrls(
  ctx: Context,
  protectedDocs: readonly Examined[],
  mediaUrl: MediaUrl | null,
  budget: RequestBudget,
  linkedFiles: ReadonlyMap<string, string | undefined>,
  storage: StorageOrigins,
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
  for (const [index, e] of testable.entries()) {
    if (!budget.take()) {
      // The requests ran out: the rest were not tried, and a check not done is never a pass.
      const untried = testable.slice(index);
      ctx.report('fileUrlsUntried', { count: untried.length }, untried.slice(0, MAX_EVIDENCE_PER_GROUP).map((u) => examinedEvidence(u)), {
        url: untried[0]?.doc.url as string,
        inconclusive: true,
      });
      break;
    }
    tried = true;
    const fileUrl = fileUrlOf(mediaUrl.url, e.doc.filename);
    const result = await ctx.fetch(fileUrl, FILE_CHECK);
    if (!result.ok) continue;
    const onStorage = storage.learn(fileUrl, result.headers, prefixText({ prefixBase64: result.body.prefixBase64 }));
    // A 200 that is an HTML page at a PDF's URL is an error page served as 200, not the file.
    if (!isFileAnswer(result, e.doc.filename)) continue;
    const type = sniffBody(result.body.prefixBase64);
    if (onStorage !== null) {
      ctx.report('privateObjectPublic', { doc: docName(e.doc), fileUrl, status: result.status, type: `${type.type}: ${type.describe}`, how: onStorage }, [
        examinedEvidence(e, `the serve URL is protected (${examinedNote(e)})`),
        { ...fileEvidence(result, `the stored object, MEDIA_URL from ${mediaUrl.source} + documents/ + the serve URL's file name, answered anonymously; storage: ${onStorage}`), decisive: true },
      ], { url: e.doc.url });
      continue;
    }
    // With the direct method a public page may link the private file itself: say which.
    const linkedFrom = linkedFiles.get(fileUrl);
    ctx.report('privateFileExposed', { doc: docName(e.doc), fileUrl, status: result.status, type: `${type.type}: ${type.describe}` }, [
      examinedEvidence(e, `the serve URL is protected (${examinedNote(e)})`),
      {
        ...fileEvidence(result, `the file URL, MEDIA_URL from ${mediaUrl.source} + documents/ + the serve URL's file name, answered anonymously${linkedFrom ? '; a page links it' : ''}`),
        ...(linkedFrom ? { referrer: linkedFrom } : {}),
        decisive: true, // the 200 that proves the leak, not the serve URL's refusal before it
      },
    ], { url: e.doc.url });
  }
  return { tried };
}

/** With serve_view and no private document known, one public document's file URL stands in for the folder. */
export async function fetchDocumentsFolder(ctx: Context, examined: readonly Examined[], mediaUrl: MediaUrl | null, budget: RequestBudget): Promise<void> {
  const sample = examined.find((e) => e.verdict.kind === 'served' && !e.doc.canary && e.doc.filename !== '');
  if (!sample || mediaUrl === null || !budget.take()) return;
  const fileUrl = fileUrlOf(mediaUrl.url, sample.doc.filename);
  const result = await ctx.fetch(fileUrl, FILE_CHECK);
  if (!result.ok || !isFileAnswer(result, sample.doc.filename)) return;
  ctx.report('documentsFolderServed', { fileUrl, status: result.status }, [
    examinedEvidence(sample),
    { ...fileEvidence(result, `MEDIA_URL from ${mediaUrl.source} + documents/ + the serve URL's file name`), decisive: true },
  ], { url: fileUrl });
}

// A signed storage link protects nothing unless the store checks the
// signature: a bucket whose objects are public serves them whatever the query
// says. Each of a few signed redirect targets is asked again with its signature
// altered (everything else kept); a store that still serves the file is
// ignoring signatures. The request costs one document request each.

import type { ProbeFetchOptions } from '../../src/probe-kit/index.js';
import { isSignedUrl, objectIdentity, withTamperedSignature } from '../../src/signals/storage-urls.js';
import { MAX_SIGNATURE_CHECKS, type RequestBudget } from './bounds.js';
import { answerEvidence, docName, fileEvidence } from './evidence.js';
import type { Context } from './messages.js';
import type { StorageRedirect } from './storage.js';

/** Enough of the answer to see the file's type or the store's XML error. */
const SIGNATURE_CHECK: ProbeFetchOptions = { followRedirects: false, body: { read: 'prefix', maxBytes: 1024 } };

/** The signed redirects worth one check each: distinct objects, at most MAX_SIGNATURE_CHECKS. */
export function signatureCandidates(redirects: readonly StorageRedirect[]): StorageRedirect[] {
  const seen = new Set<string>();
  return redirects.filter(({ target }) => {
    if (!isSignedUrl(target) || seen.has(objectIdentity(target))) return false;
    seen.add(objectIdentity(target));
    return true;
  }).slice(0, MAX_SIGNATURE_CHECKS);
}

export async function fetchSignatureChecks(ctx: Context, redirects: readonly StorageRedirect[], budget: RequestBudget): Promise<void> {
  for (const { e, target, answer } of signatureCandidates(redirects)) {
    const tampered = withTamperedSignature(target);
    if (tampered === null) continue;
    if (!budget.take()) {
      ctx.report('storageSignatureUnchecked', { url: target.href, reason: "the probe's document requests ran out" }, [answerEvidence(answer, e.doc, ['location'])], { url: e.doc.url, inconclusive: true });
      return;
    }
    const result = await ctx.fetch(tampered.href, SIGNATURE_CHECK);
    if (!result.ok) {
      ctx.report('storageSignatureUnchecked', { url: tampered.href, reason: `${result.error.code}: ${result.error.message}` }, [answerEvidence(answer, e.doc, ['location'])], { url: e.doc.url, inconclusive: true });
      continue;
    }
    if (result.status < 200 || result.status >= 300) continue; // refused: the signature is checked
    ctx.report('storageSignatureIgnored', { doc: docName(e.doc), url: tampered.href, status: result.status }, [
      answerEvidence(answer, e.doc, ['location'], 'the serve URL hands out a signed storage URL'),
      { ...fileEvidence(result, 'the same URL with its signature altered (its last character changed), asked anonymously'), decisive: true },
    ], { url: e.doc.url });
  }
}

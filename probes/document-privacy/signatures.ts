// A signed storage link protects nothing unless the store checks the
// signature: a bucket whose objects are public serves them whatever the query
// says, and a proxy or CDN that drops the query serves them too. Each of a few
// signed redirect targets is asked again with its signature altered (everything
// else kept); a store that still serves the file is ignoring signatures. A
// signature already expired would be refused for its age, not its value: the
// serve URL is read again for a fresh one first. Each request is one document request.

import type { FetchResponse, ProbeFetchOptions } from '../../src/probe-kit/index.js';
import { isSignedUrl, objectIdentity, signedUntil, withTamperedSignature } from '../../src/signals/storage-urls.js';
import { MAX_SIGNATURE_CHECKS, type RequestBudget } from './bounds.js';
import { answerEvidence, docName, fileEvidence } from './evidence.js';
import { isFileAnswer } from './file-answer.js';
import type { Context } from './messages.js';
import type { StorageRedirect } from './storage.js';

/** Enough of the answer to see the file's type or the store's XML error. */
const SIGNATURE_CHECK: ProbeFetchOptions = { followRedirects: false, body: { read: 'prefix', maxBytes: 1024 } };
/** The serve URL read again for a signature that has not expired: its Location is all that is needed. */
const FRESH_REDIRECT: ProbeFetchOptions = { followRedirects: false, fresh: true, body: { read: 'prefix', maxBytes: 256 } };
/** A signature that expires within this is renewed before the check: the two requests are not instantaneous. */
const EXPIRY_MARGIN_MS = 10_000;

/** The signed redirects worth one check each: distinct objects, at most MAX_SIGNATURE_CHECKS. */
export function signatureCandidates(redirects: readonly StorageRedirect[]): StorageRedirect[] {
  const seen = new Set<string>();
  return redirects.filter(({ target }) => {
    if (!isSignedUrl(target) || seen.has(objectIdentity(target))) return false;
    seen.add(objectIdentity(target));
    return true;
  }).slice(0, MAX_SIGNATURE_CHECKS);
}

type Signed = { readonly url: URL } | { readonly unchecked: string };

/** The target, or a fresh one from the serve URL when its signature has expired (or is about to). */
async function liveSignedUrl(ctx: Context, redirect: StorageRedirect, budget: RequestBudget, now: number): Promise<Signed> {
  const until = signedUntil(redirect.target);
  if (until === null || until - EXPIRY_MARGIN_MS > now) return { url: redirect.target };
  if (!budget.take()) return { unchecked: "its signature had expired and the probe's document requests ran out" };
  const reread = await ctx.fetch(redirect.e.doc.url, FRESH_REDIRECT);
  const location = reread.ok ? reread.headers['location'] : undefined;
  if (location === undefined) return { unchecked: `its signature had expired, and the serve URL read again gave no redirect (${reread.ok ? reread.status : reread.error.code})` };
  const fresh = new URL(location, redirect.e.doc.url);
  return isSignedUrl(fresh) ? { url: fresh } : { unchecked: `its signature had expired, and the serve URL now redirects to an unsigned URL, ${fresh.href}` };
}

/** Why a tampered request's answer proves nothing either way, or null when it is a verdict. */
function undecided(result: FetchResponse, filename: string): string | null {
  if (result.status >= 300 && result.status < 400) return `it answered ${result.status} (a redirect), neither the file nor a refusal`;
  if (result.status >= 200 && result.status < 300 && !isFileAnswer(result, filename)) return `it answered ${result.status} with an HTML page, not the file (an error page served as 200?)`;
  return null;
}

export async function fetchSignatureChecks(ctx: Context, redirects: readonly StorageRedirect[], budget: RequestBudget, now = Date.now()): Promise<void> {
  for (const redirect of signatureCandidates(redirects)) {
    const { e, answer } = redirect;
    const unchecked = (url: string, reason: string): void =>
      ctx.report('storageSignatureUnchecked', { url, reason }, [answerEvidence(answer, e.doc, ['location'])], { url: e.doc.url, inconclusive: true });
    const signed = await liveSignedUrl(ctx, redirect, budget, now);
    if ('unchecked' in signed) {
      unchecked(redirect.target.href, signed.unchecked);
      continue;
    }
    const tampered = withTamperedSignature(signed.url);
    if (tampered === null) continue;
    if (!budget.take()) {
      unchecked(signed.url.href, "the probe's document requests ran out");
      return;
    }
    const result = await ctx.fetch(tampered.href, SIGNATURE_CHECK);
    if (!result.ok) {
      unchecked(tampered.href, `${result.error.code}: ${result.error.message}`);
      continue;
    }
    const why = undecided(result, e.doc.filename);
    if (why !== null) {
      unchecked(tampered.href, why);
      continue;
    }
    if (result.status < 200 || result.status >= 300) continue; // refused: the signature is checked
    ctx.report('storageSignatureIgnored', { doc: docName(e.doc), url: tampered.href, status: result.status }, [
      answerEvidence(answer, e.doc, ['location'], 'the serve URL hands out a signed storage URL'),
      { ...fileEvidence(result, 'the same URL with its signature altered (its last character changed), asked anonymously'), decisive: true },
    ], { url: e.doc.url });
  }
}

// Each document's verdict: from the crawler's record where that is enough,
// else from a targeted re-read of its serve URL.

import type { ProbeFetchOptions, SiteModel } from '../../src/probe-kit/index.js';
import { answersOf } from './answers.js';
import type { RequestBudget } from './bounds.js';
import { classify } from './classify.js';
import type { Answer, DocumentRef, Examined, Provisional, Verdict } from './facts.js';
import type { Context } from './messages.js';

/**
 * A serve URL re-read without following redirects. 8 KiB, not a preset: enough
 * of the body to see the password form, and no more of a file served in its place.
 */
const SERVE_CHECK: ProbeFetchOptions = { followRedirects: false, body: { read: 'whole', maxBytes: 8192, keepText: true } };

/** The first answer of a crawled fetch that is not a mere transport redirect. */
function crawledVerdict(doc: DocumentRef): { answer: Answer; verdict: Provisional } | null {
  if (doc.crawled === null) return null;
  for (const answer of answersOf(doc.crawled)) {
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
export async function fetchVerdict(doc: DocumentRef, site: SiteModel, ctx: Context, budget: RequestBudget): Promise<Examined | null> {
  const crawled = crawledVerdict(doc);
  const crawledAnswers = crawled ? [crawled.answer] : [];
  if (doc.linkedFile && !crawled) return { doc, verdict: { kind: 'not-served', reason: notFetchedReason(doc, site) }, answer: null, answers: [], file: null };
  // Public files and redirects are settled by the crawl; anything that may be private is re-read.
  if (crawled && isSettled(crawled.verdict) && (doc.linkedFile || !doc.canary)) return finish(doc, crawled.answer, crawled.verdict, crawledAnswers);

  let reread = await fetchServeAnswer(crawled?.answer.url ?? doc.url, doc, ctx, budget);
  // One transport redirect (http → https, a host, a slash) is followed by hand; a second is a verdict.
  if (reread !== null && 'answer' in reread && reread.verdict.kind === 'transport') reread = await fetchServeAnswer(reread.verdict.target, doc, ctx, budget);
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
async function fetchServeAnswer(
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

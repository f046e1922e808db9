// Where the login page's files leave several releases: ask for a few other
// admin files whose content differs between them (collectstatic collects every
// app's static files, so each is public under STATIC_URL), one at a time, each
// chosen on what the last one answered, at most data.maxConfirmingRequests.
// Fetching lives here; what a question and an answer mean is pure, in
// src/wagtail/version-fingerprint.ts.

import { staticUrlFromAdminAsset } from '../../src/wagtail/static-names.js';
import {
  confirmingUrl,
  judgeConfirmingResponse,
  narrowByAnswer,
  nextConfirmingQuestion,
  type ConfirmingAnswer,
  type ConfirmingQuestion,
  type StaticNaming,
  type VersionVerdict,
} from '../../src/wagtail/version-fingerprint.js';
import type { FingerprintData, Release } from '../../src/wagtail/wagtail-data.js';
import type { FetchResult, SiteModel } from '../../src/probe-kit/index.js';
import type { Context } from './messages.js';

export interface AskedFile {
  readonly question: ConfirmingQuestion;
  readonly url: string;
  readonly response: FetchResult;
  readonly answer: ConfirmingAnswer;
  /** The candidates after this answer (unchanged when it could not be used). */
  readonly left: readonly Release[];
}

export interface Confirmation {
  readonly naming: StaticNaming;
  readonly asked: readonly AskedFile[];
  readonly left: readonly Release[];
  /** Why it stopped before the candidates were one or no file could split them further: an answer it could not use. */
  readonly stopped: string | null;
}

/** Where and how to ask, from the files the login page referenced; null when there is nothing to narrow or no STATIC_URL to ask under. */
export function confirmingPlan(verdict: VersionVerdict, site: SiteModel): { readonly naming: StaticNaming; readonly staticUrl: string } | null {
  if (!('candidates' in verdict) || verdict.candidates.length < 2) return null;
  const observations = verdict.evidence.map((m) => m.observation);
  const first = observations[0];
  if (first === undefined) return null;
  const staticUrl = site.staticUrl?.url ?? staticUrlFromAdminAsset(first.url);
  if (staticUrl === null) return null;
  // A hashed name anywhere means the storage hashes: the plain names may be absent.
  return { naming: observations.some((o) => o.source === 'name') ? 'hashed' : 'unhashed', staticUrl };
}

export async function fetchConfirmations(
  candidates: readonly Release[],
  plan: { readonly naming: StaticNaming; readonly staticUrl: string },
  ctx: Pick<Context, 'fetch' | 'options'>,
  data: FingerprintData,
): Promise<Confirmation> {
  const asked: AskedFile[] = [];
  let left = candidates;
  while (asked.length < data.maxConfirmingRequests) {
    const question = nextConfirmingQuestion(left, plan.naming, data);
    if (question === null) break;
    const url = confirmingUrl(question, plan.staticUrl);
    const response = await ctx.fetch(url, { body: { read: 'whole', maxBytes: ctx.options.http.maxAssetBytes, hash: true } });
    const answer = judgeConfirmingResponse(response);
    const narrowed = narrowByAnswer(left, question, answer, data);
    if ('unusable' in narrowed) {
      asked.push({ question, url, response, answer, left });
      return { naming: plan.naming, asked, left, stopped: `${url} ${narrowed.unusable}` };
    }
    left = narrowed.left;
    asked.push({ question, url, response, answer, left });
  }
  return { naming: plan.naming, asked, left, stopped: null };
}

// Who serves STATIC_ROOT: the kit's who-served-it step (the file, one Range
// request, the missing page as Django's reference when Django answered it),
// shared with media-offload.
// Django's static.serve view and runserver are an error; WhiteNoise a fact.

import { fetchServedBy, type FetchResult, type ServedByJudgement } from '../../src/probe-kit/index.js';
import type { LoadedAsset } from './collect.js';
import type { Context, Report } from './messages.js';

/** The file to ask about: a whole (200) file under STATIC_URL, a hashed one when there is one. */
function servedByCandidate(loaded: readonly LoadedAsset[]): LoadedAsset | undefined {
  const candidates = loaded.filter((a) => a.underStaticUrl && a.response.status === 200);
  return candidates.find((a) => a.hashed !== null) ?? candidates[0];
}

/** One Range request at most: web servers, CDNs and WhiteNoise answer 206, Django's file views ignore it (200). */
export async function fetchStaticServedBy(loaded: readonly LoadedAsset[], missingPage: FetchResult, ctx: Context): Promise<void> {
  const asset = servedByCandidate(loaded);
  if (asset === undefined) return;
  judgeStaticServer(asset.resource.url, await fetchServedBy(ctx.fetch, asset.response, missingPage), ctx.report);
}

function judgeStaticServer(url: string, { verdict, evidence }: ServedByJudgement, report: Report): void {
  if (verdict.servedBy === 'django' || verdict.servedBy === 'runserver') {
    const server = verdict.servedBy === 'runserver' ? "Django's development server (runserver)" : "Django (its static.serve view)";
    report('servedByDjango', { server, url }, evidence, { url, inconclusive: verdict.confidence === 'weak' });
  } else if (verdict.servedBy === 'whitenoise') {
    report('servedByWhiteNoise', { url }, evidence, { url });
  }
}

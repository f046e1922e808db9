// Broken and missing media: files that answer an error, fetches that failed
// below HTTP, Wagtail's not-found marker, and what the crawl did not fetch.

import type { ResourceRecord } from '../../src/probe-kit/index.js';
import { imageServeStatusMeaning } from '../../src/wagtail/image-serve.js';
import { describeBody, itemEvidence, KIND_LABEL, type FailedItem, type MediaItem } from './collect.js';
import { urlList, type Report } from './messages.js';

/** A sampled crawl judged only some media: say so, so a pass is read as a sample's pass. */
export function reportSampling(sampledOut: readonly ResourceRecord[], total: number, url: string, report: Report): void {
  if (sampledOut.length === 0) return;
  report(
    'mediaSampled',
    { skipped: sampledOut.length, total, sampled: total - sampledOut.length },
    [{ note: `not fetched: ${urlList(sampledOut.map((r) => r.url).sort())}` }],
    { url },
  );
}

export function reportNotFoundMarker(marker: ResourceRecord, report: Report): void {
  const pages = marker.referencedFrom.map((r) => r.from).filter((from) => from !== '');
  report(
    'notFoundMarker',
    { url: marker.url, count: marker.referenceCount },
    pages.map((page) => ({ referrer: page, note: `the page shows <img src="${marker.url}">: find the image whose file is missing in the admin` })),
    { url: marker.url },
  );
}

export function reportBrokenStatuses(items: readonly MediaItem[], report: Report): void {
  for (const item of items) {
    const { status } = item.response;
    if (status >= 200 && status < 300) continue;
    const evidence = [itemEvidence(item, ['content-type', 'server', 'retry-after'], { bodyPrefix: describeBody(item.response).describe })];
    const data = { kind: KIND_LABEL[item.kind], url: item.url, status };
    const meaning = item.kind === 'image-serve' ? imageServeStatusMeaning(status) : null;
    if (meaning !== null) {
      report('imageServeError', { url: item.url, status, meaning }, evidence, { url: item.url });
    } else if (status === 404 || status === 410) {
      report('mediaMissing', data, evidence, { url: item.url });
    } else {
      // 429 and 503 say "not now", not "broken": reported, but not counted as a failure.
      report('mediaError', data, evidence, { url: item.url, inconclusive: status === 429 || status === 503 });
    }
  }
}

export function reportFailures(failed: readonly FailedItem[], report: Report): void {
  for (const item of failed) {
    report(
      'mediaError',
      { kind: KIND_LABEL[item.kind], url: item.url, status: item.response.error.code },
      [itemEvidence(item, [])],
      // A timeout or reset may be the network, not the file: it cannot decide.
      { url: item.url, inconclusive: true },
    );
  }
}

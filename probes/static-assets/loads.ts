// Does each asset load, as the type its page needs? One finding per file: each
// is its own fix, reproducible with one curl. A 429 or a rate-limited host is
// not a broken file: that check is reported as not done.

import { evidenceFrom, type ResourceRecord } from '../../src/probe-kit/index.js';
import { sniffBody } from '../../src/signals/body-sniff.js';
import { contentTypeFits, type ContentTypeFit } from '../../src/signals/content-type.js';
import { notNowReason } from '../../src/signals/not-now.js';
import type { Asset, LoadedAsset } from './collect.js';
import { referrerEvidence } from './evidence.js';
import type { Report } from './messages.js';

const TYPE_HEADERS = ['content-type', 'x-content-type-options'];

/** The page named in a message; a URL no page referenced came from the config. */
function referringPage(resource: ResourceRecord): string {
  return resource.referencedFrom[0]?.from || '(configuration)';
}

/** Reports an asset that does not load, or loads as the wrong type; the asset when it loaded as what it claims. */
export function judgeLoad(asset: Asset, report: Report): LoadedAsset | null {
  const { resource, result } = asset;
  const page = referringPage(resource);
  const withReferrer = referrerEvidence(resource);
  const notNow = notNowReason(result);
  if (notNow !== null) {
    report('assetUnchecked', { url: resource.url, page, reason: notNow }, [evidenceFrom(result, ['retry-after'], withReferrer)], { url: resource.url, inconclusive: true });
    return null;
  }
  if (!result.ok) {
    report('assetBroken', { url: resource.url, page, problem: `${result.error.code} (${result.error.message})` }, [evidenceFrom(result, [], withReferrer)], { url: resource.url });
    return null;
  }
  const bodyPrefix = sniffBody(result.body.prefixBase64).describe;
  if (result.status < 200 || result.status > 299) {
    const evidence = evidenceFrom(result, ['content-type', 'location', 'server'], { ...withReferrer, bodyPrefix });
    report('assetBroken', { url: resource.url, page, problem: `it answers ${result.status}` }, [evidence], { url: resource.url });
    return null;
  }
  const judged = judgeContentType(resource, result.headers['content-type']);
  if (judged !== null && judged.fit.fits === false) {
    const { fit, expectedFor } = judged;
    const hint = fit.verdict === 'html-instead' ? ": an HTML page (an error, login or 404 page) is served under the asset's name" : '';
    const got = fit.got === '' ? 'no Content-Type at all' : fit.got;
    const evidence = evidenceFrom(result, TYPE_HEADERS, { ...withReferrer, bodyPrefix });
    report('wrongContentType', { url: resource.url, page, got, expectedFor, expected: fit.expected.join(' or '), hint }, [evidence], { url: resource.url });
    return null;
  }
  return { ...asset, response: result };
}

/**
 * The Content-Type judged against the URL's extension, or for a URL without a
 * known one (Wagtail's `/admin/jsi18n/`) against what referenced it: a script
 * tag wants JavaScript, a stylesheet link CSS. Null when neither says.
 */
function judgeContentType(resource: ResourceRecord, header: string | undefined): { fit: ContentTypeFit; expectedFor: string } | null {
  const path = new URL(resource.url).pathname;
  const byName = contentTypeFits(path, header);
  if (byName.expected.length > 0) {
    return { fit: byName, expectedFor: `.${path.slice(path.lastIndexOf('.') + 1)} file` };
  }
  if (resource.referencedFrom.some((r) => r.via === 'script')) return { fit: contentTypeFits('js', header), expectedFor: 'script' };
  if (resource.referencedFrom.some((r) => r.via === 'link' && /\bstylesheet\b/i.test(r.rel ?? ''))) return { fit: contentTypeFits('css', header), expectedFor: 'stylesheet' };
  return null;
}

// Which of the crawled resources this probe judges: first-party stylesheets,
// scripts and icons (under STATIC_URL, or on the site's own origins), each with
// what its name says; and third-party ones, which are only listed.

import type { FetchResponse, FetchResult, ResourceRecord, SiteModel } from '../../src/probe-kit/index.js';
import { hasVersionQuery, parseHashedName, type HashedName } from '../../src/wagtail/static-names.js';

/** One first-party stylesheet, script or icon the crawl fetched, with what its name says. */
export interface Asset {
  readonly resource: ResourceRecord;
  readonly result: FetchResult;
  /** Under STATIC_URL (the storage's naming rules apply), or elsewhere on the site's origins. */
  readonly underStaticUrl: boolean;
  /** STATIC_URL, or the origin for an asset outside it: what a finding about many files is about. */
  readonly base: string;
  readonly hashed: HashedName | null;
  readonly versioned: boolean;
}

/** An asset that loaded (2xx) as the type it claims. */
export interface LoadedAsset extends Asset {
  readonly response: FetchResponse;
}

/** link rels that load something the page needs; other link targets (feeds, canonical) are not assets. */
const ASSET_RELS = new Set(['stylesheet', 'icon', 'shortcut', 'apple-touch-icon', 'preload', 'modulepreload', 'mask-icon', 'manifest']);

function isPageAsset(resource: ResourceRecord): boolean {
  return resource.referencedFrom.some(
    (ref) => ref.via === 'script' || ref.via === 'style' || (ref.via === 'link' && (ref.rel ?? '').toLowerCase().split(/\s+/).some((rel) => ASSET_RELS.has(rel))),
  );
}

/** First-party assets (under STATIC_URL, or stylesheets/scripts/icons on the site's origins), and third-party ones. */
export function collectAssets(site: SiteModel): { assets: Asset[]; thirdParty: ResourceRecord[] } {
  const assets: Asset[] = [];
  const thirdParty: ResourceRecord[] = [];
  for (const resource of site.resources) {
    const underStaticUrl = resource.kind === 'static';
    if (resource.kind === 'asset' && !resource.sameOrigin) {
      if (isPageAsset(resource)) thirdParty.push(resource);
      continue;
    }
    if (!underStaticUrl && !(resource.kind === 'asset' && isPageAsset(resource))) continue;
    if (resource.response === null) continue; // never fetched: the crawler says why in notFetchedReason
    assets.push({
      resource,
      result: resource.response,
      underStaticUrl,
      base: underStaticUrl && site.staticUrl !== null ? site.staticUrl.url : `${new URL(resource.url).origin}/`,
      hashed: parseHashedName(resource.url),
      versioned: hasVersionQuery(resource.url),
    });
  }
  return { assets, thirdParty };
}

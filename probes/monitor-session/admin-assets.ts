// The admin's static files that only a logged-in editor loads (the page
// editor's, the choosers', the listings'), through static-assets' own rules:
// loads, type, hashed name, caching, integrity, manifest agreement. Files the
// crawl already fetched (the login page's) are static-assets' alone; the
// per-base rules (hashing, caching) run here only for a base static-assets had
// no file of, so one STORAGES or location block is still one finding.

import type { ResourceRecord, SiteModel } from '../../src/probe-kit/index.js';
import { adminRelativePath } from '../../src/session/allowlist.js';
import { adminAssetReferences, assetBodyPolicy, siteBases, type AdminAssetReference } from '../../src/session/admin-pages.js';
import { judgeCaching } from '../static-assets/caching.js';
import { collectAssets } from '../static-assets/collect.js';
import { judgeIntegrity } from '../static-assets/integrity.js';
import { judgeLoad } from '../static-assets/loads.js';
import { fetchPublicManifest, judgeManifestAgreement } from '../static-assets/manifest.js';
import { judgeNames } from '../static-assets/names.js';
import { staticAssetsContext, type Context } from './messages.js';

/** Admin files fetched at most (the page editor of Wagtail 8 loads about twenty). */
export const MAX_ADMIN_ASSETS = 80;

export async function checkAdminAssets(pages: readonly { url: string; html: string }[], site: SiteModel, adminUrl: string, ctx: Context): Promise<void> {
  const crawled = new Set(site.resources.map((r) => r.url));
  // A URL in the admin that is not a static file is an admin view: the session reads allowlisted views only.
  const references = adminAssetReferences(pages, siteBases(site)).filter((r) => !crawled.has(r.url) && (r.kind === 'static' || adminRelativePath(r.url, adminUrl) === null));
  const fetched = references.slice(0, MAX_ADMIN_ASSETS);
  const records: ResourceRecord[] = [];
  for (const reference of fetched) records.push(await fetchRecord(reference, site, ctx));
  for (const reference of references.slice(MAX_ADMIN_ASSETS)) {
    ctx.report('assetUnchecked', { url: reference.url, page: reference.referencedFrom[0]?.from ?? adminUrl, reason: `more than ${MAX_ADMIN_ASSETS} admin files: this one was not fetched` }, [], { url: reference.url, inconclusive: true });
  }
  if (records.length === 0) return;

  const rules = staticAssetsContext(ctx);
  const { assets } = collectAssets({ ...site, resources: records });
  const loaded = assets.flatMap((asset) => judgeLoad(asset, rules.report) ?? []);
  for (const asset of loaded) judgeIntegrity(asset, rules.report);
  const judgedBases = new Set(collectAssets(site).assets.map((a) => a.base));
  const ownBases = loaded.filter((a) => !judgedBases.has(a.base));
  judgeNames(ownBases, rules.report);
  judgeCaching(ownBases, rules.report);
  if (site.staticUrl !== null && loaded.some((a) => a.underStaticUrl && a.hashed !== null)) {
    const manifest = await fetchPublicManifest(site.staticUrl.url, rules);
    if (manifest !== null) judgeManifestAgreement(manifest, loaded, rules.report);
  }
}

/** One anonymous GET, read as the crawler reads such a file: the run's memo shares equal requests. */
async function fetchRecord(reference: AdminAssetReference, site: SiteModel, ctx: Context): Promise<ResourceRecord> {
  const response = await ctx.fetch(reference.url, { body: assetBodyPolicy(reference, ctx.options.http) });
  return {
    url: reference.url,
    kind: reference.kind,
    sameOrigin: site.origins.includes(new URL(reference.url).origin),
    referencedFrom: reference.referencedFrom.slice(0, 5),
    referenceCount: reference.referencedFrom.length,
    response,
  };
}

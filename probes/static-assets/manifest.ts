// staticfiles.json, where it is public: the pages' static URLs agree with it
// (else the pages and the files come from different deploys), and the files
// it names for the admin exist (else collectstatic did not finish).

import { evidenceFrom, READ, type FetchResponse } from '../../src/probe-kit/index.js';
import { manifestPath, originalName, parseStaticManifest, staticManifestUrl, type StaticManifest } from '../../src/wagtail/static-manifest.js';
import type { HashedName } from '../../src/wagtail/static-names.js';
import type { Asset, LoadedAsset } from './collect.js';
import { examples, MAX_EXAMPLES } from './evidence.js';
import type { Context, Report } from './messages.js';

/**
 * Admin files whose manifest entries are checked when the crawl did not already
 * fetch them (the admin login blocked, say): the few every admin page needs.
 */
export const ADMIN_MANIFEST_SAMPLE = [
  'wagtailadmin/css/core.css',
  'wagtailadmin/js/core.js',
  'wagtailadmin/js/vendor.js',
  'wagtailadmin/js/wagtailadmin.js',
] as const;

/** The manifest as served, read whole and parsed. */
export interface PublicManifest {
  readonly url: string;
  readonly staticUrl: string;
  readonly response: FetchResponse;
  readonly paths: StaticManifest;
}

type HashedStaticFile = LoadedAsset & { readonly hashed: HashedName };

function hashedStaticFiles(loaded: readonly LoadedAsset[]): HashedStaticFile[] {
  return loaded.filter((a): a is HashedStaticFile => a.underStaticUrl && a.hashed !== null);
}

/** No hashed name anywhere and static files to show for it: the storage does not hash, so there is no manifest to ask for. */
export function manifestExpected(assets: readonly Asset[], loaded: readonly LoadedAsset[]): boolean {
  return hashedStaticFiles(loaded).length > 0 || !assets.some((a) => a.underStaticUrl);
}

/** One request: the manifest, which ManifestStaticFilesStorage writes to STATIC_ROOT and most setups serve. Null when it is not there or not a manifest. */
export async function fetchPublicManifest(staticUrl: string, ctx: Context): Promise<PublicManifest | null> {
  const url = staticManifestUrl(staticUrl);
  const response = await ctx.fetch(url, { body: READ.json });
  if (!response.ok || response.status !== 200 || !response.body.complete || response.text === undefined) return null;
  const paths = parseStaticManifest(response.text);
  return paths === null ? null : { url, staticUrl, response, paths };
}

/** Every hashed static URL the crawl met is the one the manifest maps its original name to. */
export function judgeManifestAgreement(manifest: PublicManifest, loaded: readonly LoadedAsset[], report: Report): void {
  const disagreeing: { asset: LoadedAsset; name: string; mapped: string }[] = [];
  for (const asset of hashedStaticFiles(loaded)) {
    const path = manifestPath(asset.resource.url, manifest.staticUrl);
    if (path === null) continue;
    const name = originalName(path, asset.hashed);
    const mapped = manifest.paths[name];
    if (mapped !== path) disagreeing.push({ asset, name, mapped: mapped ?? '(no entry)' });
  }
  const first = disagreeing[0];
  if (first === undefined) return;
  const evidence = [
    evidenceFrom(manifest.response, ['content-type', 'last-modified', 'etag', 'age']),
    ...examples(disagreeing.map((d) => d.asset), ['last-modified', 'etag'], disagreeing.slice(0, MAX_EXAMPLES).map((d) => `${d.name} -> ${d.mapped}`).join('; ')),
  ];
  report('manifestDisagrees', { count: disagreeing.length, manifest: manifest.url, example: first.asset.resource.url, name: first.name, mapped: first.mapped }, evidence, { url: manifest.url });
}

/**
 * The admin's core files, by the manifest's names: fetched by the crawl when
 * the login page referenced them, else one HEAD each (at most
 * ADMIN_MANIFEST_SAMPLE.length requests).
 */
export async function fetchAdminManifestEntries(manifest: PublicManifest, assets: readonly Asset[], ctx: Context): Promise<void> {
  const fetched = new Set(assets.map((a) => a.resource.url));
  for (const name of ADMIN_MANIFEST_SAMPLE) {
    const mapped = manifest.paths[name];
    if (mapped === undefined) continue;
    const url = new URL(mapped, manifest.staticUrl).href;
    if (fetched.has(url)) continue;
    const answer = await ctx.fetch(url, { method: 'HEAD', body: READ.headers });
    const problem = !answer.ok ? `fails (${answer.error.code})` : answer.status < 200 || answer.status > 299 ? `answers ${answer.status}` : null;
    if (problem !== null) ctx.report('manifestEntryBroken', { manifest: manifest.url, name, url, problem }, [evidenceFrom(answer, ['content-type', 'server'])], { url });
  }
}

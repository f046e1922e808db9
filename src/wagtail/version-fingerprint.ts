// Which Wagtail release serves these admin files? ManifestStaticFilesStorage
// names `wagtailadmin/js/core.js` `core.<12 hex of MD5>.js`, and the admin's
// files are the same bytes on every site running one release, so the hashes
// the login page references (or the MD5 of an unhashed file's body) narrow the
// release down; Wagtail's `?v=` pins it for a project that kept the template's
// INSTALLED_APPS. Pure: observations in, a verdict out.

import { manifestPath, originalName } from './static-manifest.js';
import { parseHashedName, staticUrlFromAdminAsset } from './static-names.js';
import { compareReleases, type FingerprintData, type Release } from './wagtail-data.js';

/** How an observation's hash was learned. */
export type HashSource =
  | 'name' // the 12 hex in a ManifestStaticFilesStorage name
  | 'body'; // the MD5 of an unhashed file's body as served

/** One admin file seen on the site, with the content hash it carries. */
export interface FileObservation {
  readonly url: string;
  /** The path under STATIC_URL as the storage's manifest keys it: `wagtailadmin/js/core.js`. */
  readonly path: string;
  readonly hash: string;
  readonly source: HashSource;
}

/** The file's hash against the data: which releases ship that content under that path. */
export interface FileMatch {
  readonly observation: FileObservation;
  /** The releases that ship this content; empty when no release in the data does. */
  readonly releases: readonly Release[];
}

export type VersionVerdict =
  | { readonly exact: Release; readonly evidence: readonly FileMatch[]; readonly versionQuery?: string }
  | { readonly candidates: readonly Release[]; readonly reason: string; readonly evidence: readonly FileMatch[] }
  | { readonly unknown: string; readonly evidence: readonly FileMatch[] };

/**
 * The observation a static URL gives: a hashed name's 12 hex, or, for an
 * unhashed name, the MD5 of the whole body as served (when it was read whole).
 * Null when the URL is not a file of one of Wagtail's own static directories.
 */
export function observeStaticFile(url: string, staticUrl: string | null, bodyMd5?: string): FileObservation | null {
  const base = staticUrl ?? staticUrlFromAdminAsset(url);
  if (base === null) return null;
  const path = safeManifestPath(url, base);
  if (path === null || !/^wagtail[a-z_]*\//.test(path)) return null;
  const hashed = parseHashedName(path);
  if (hashed !== null) return { url, path: originalName(path, hashed), hash: hashed.hash, source: 'name' };
  if (bodyMd5 === undefined || !/^[0-9a-f]{32}$/i.test(bodyMd5)) return null;
  return { url, path, hash: bodyMd5.slice(0, 12).toLowerCase(), source: 'body' };
}

/** Wagtail's `?v=<8 hex>` (versioned_static) on a URL, or null. */
export function versionQueryOf(url: string): string | null {
  const query = url.indexOf('?');
  if (query < 0) return null;
  const value = new URLSearchParams(url.slice(query + 1).split('#')[0]).get('v');
  return value !== null && /^[0-9a-f]{8}$/.test(value) ? value : null;
}

function safeManifestPath(url: string, staticUrl: string): string | null {
  try {
    return manifestPath(url, staticUrl);
  } catch {
    return null; // not an absolute URL
  }
}

/** The releases that ship this content under this path; null when the data does not track the path (it tells nothing). */
export function matchObservation(observation: FileObservation, data: FingerprintData): FileMatch | null {
  // An unhashed body of a file Django rewrites (core.css) is the file as shipped, not as collected.
  const table = observation.source === 'body' ? (data.unhashedFiles[observation.path] ?? data.files[observation.path]) : data.files[observation.path];
  if (table === undefined) return null;
  return { observation, releases: table[observation.hash] ?? [] };
}

/**
 * The release(s) consistent with every tracked file seen. Exact only when one
 * release remains and no tracked file contradicts it; a file whose content no
 * release ships (a release newer than the data, a patched or rebuilt file, a
 * CDN rewriting it) is named in the reason, never ignored.
 */
export function identifyRelease(observations: readonly FileObservation[], versionQueries: readonly string[], data: FingerprintData): VersionVerdict {
  const evidence = dedupe(observations).flatMap((o) => matchObservation(o, data) ?? []);
  const known = evidence.filter((m) => m.releases.length > 0);
  const foreign = evidence.filter((m) => m.releases.length === 0);
  const queried = versionQueries.map((v) => data.versionQueryOfProjectTemplate[v]).filter((r): r is Release => r !== undefined);
  const querySet = [...new Set(queried)];

  if (known.length === 0 && querySet.length === 0) {
    if (foreign.length > 0) {
      return { unknown: `${describe(foreign)} ${foreign.length === 1 ? 'has' : 'have'} content no Wagtail release from ${range(data)} ships (a release newer than the data, compiled ${data.compiledAt.slice(0, 10)}, or files changed after collectstatic)`, evidence };
    }
    if (evidence.length === 0 && observations.length > 0) {
      return { unknown: `none of the ${observations.length} Wagtail static file(s) seen is one whose content tells releases apart`, evidence };
    }
    return { unknown: 'no Wagtail admin file with a content hash in its name (or a body to hash) was seen', evidence };
  }

  let candidates: Set<Release> = new Set(data.releases);
  for (const match of known) candidates = intersect(candidates, match.releases);
  if (querySet.length > 0) candidates = intersect(candidates, querySet);
  const sorted = [...candidates].sort(compareReleases);

  if (sorted.length === 0) {
    return { unknown: `the files seen belong to different releases (${describeReleases(known)}): pages and static files from different deploys, or a CDN serving an old copy`, evidence };
  }
  const only = sorted[0] as Release;
  if (sorted.length === 1 && foreign.length === 0) {
    return querySet.length > 0 ? { exact: only, evidence, versionQuery: versionQueries.find((v) => data.versionQueryOfProjectTemplate[v] === only) as string } : { exact: only, evidence };
  }
  const reasons: string[] = [];
  if (sorted.length > 1) reasons.push(`${sorted.length} releases ship the same content in all ${known.length} file(s) that tell releases apart here`);
  if (foreign.length > 0) reasons.push(`${describe(foreign)} match${foreign.length === 1 ? 'es' : ''} no release (changed after collectstatic, or a release newer than the data)`);
  return { candidates: sorted, reason: reasons.join('; '), evidence };
}

/** A candidate list as a reader wants it: `7.0.2 – 7.0.10 (9 releases)` when contiguous in the data, else the list. */
export function describeCandidates(candidates: readonly Release[], data: FingerprintData): string {
  if (candidates.length === 1) return candidates[0] as string;
  const indexes = candidates.map((c) => data.releases.indexOf(c));
  const contiguous = indexes.every((index, i) => i === 0 || index === (indexes[i - 1] as number) + 1);
  return contiguous ? `${candidates[0]} to ${candidates[candidates.length - 1]} (${candidates.length} releases)` : candidates.join(', ');
}

function dedupe(observations: readonly FileObservation[]): FileObservation[] {
  const seen = new Map<string, FileObservation>();
  for (const o of observations) {
    const key = `${o.path} ${o.hash} ${o.source}`;
    if (!seen.has(key)) seen.set(key, o);
  }
  return [...seen.values()];
}

function intersect(set: ReadonlySet<Release>, releases: readonly Release[]): Set<Release> {
  return new Set(releases.filter((r) => set.has(r)));
}

function describe(matches: readonly FileMatch[]): string {
  const shown = matches.slice(0, 3).map((m) => m.observation.path).join(', ');
  return matches.length > 3 ? `${shown} and ${matches.length - 3} more` : shown;
}

function describeReleases(matches: readonly FileMatch[]): string {
  return matches.slice(0, 3).map((m) => `${m.observation.path}: ${m.releases.join(', ')}`).join('; ');
}

function range(data: FingerprintData): string {
  return `${data.releases[0]} to ${data.releases[data.releases.length - 1]}`;
}

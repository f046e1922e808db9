// Which Wagtail release serves these admin files? ManifestStaticFilesStorage
// names `wagtailadmin/js/core.js` `core.<12 hex of MD5>.js`, and the admin's
// files are the same bytes on every site running one release, so the hashes
// the login page references (or the MD5 of an unhashed file's body) narrow the
// release down; Wagtail's `?v=` pins it for a project that kept the template's
// INSTALLED_APPS. Pure: observations in, a verdict out.

import { manifestPath, originalName } from './static-manifest.js';
import { parseHashedName, staticUrlFromAdminAsset } from './static-names.js';
import type { FetchResult } from '../http/types.js';
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

// Confirming files: where the login page leaves several releases, a few other
// admin files (collectstatic collects every app's static files, so each is
// public under STATIC_URL) tell them apart. The choice of the next file mirrors
// next_confirming in scripts/wagtail-fingerprints.py, which checks that the
// data separates every release it can within data.maxConfirmingRequests.

/** How the site's storage names static files, as the login page's files showed. */
export type StaticNaming =
  | 'hashed' // ManifestStaticFilesStorage (WhiteNoise's too): `name.<12 hex>.ext`
  | 'unhashed'; // StaticFilesStorage, or DEBUG: the plain name, its body hashed

/** One confirming request: a content of one file (hashed names), or a file's content whatever it is (unhashed). */
export interface ConfirmingQuestion {
  readonly path: string;
  readonly naming: StaticNaming;
  /** Hashed names: the content asked for, in the name. Null for unhashed names. */
  readonly hash: string | null;
}

/** What a confirming request's response says about the file. */
export type ConfirmingAnswer =
  | { readonly kind: 'file'; readonly md5: string } // 200, read whole
  | { readonly kind: 'missing' } // 404 or 410
  | { readonly kind: 'unusable'; readonly why: string }; // anything else: nothing can be concluded

/** Where the site's storage would serve the question's file. */
export function confirmingUrl(question: ConfirmingQuestion, staticUrl: string): string {
  const { path, hash } = question;
  if (hash === null) return new URL(path, staticUrl).href;
  // Django's hashed_name: the hash before the last extension (src/wagtail/static-names.ts).
  const slash = path.lastIndexOf('/');
  const dot = path.lastIndexOf('.');
  const named = dot > slash ? `${path.slice(0, dot)}.${hash}${path.slice(dot)}` : `${path}.${hash}`;
  return new URL(named, staticUrl).href;
}

/**
 * The question whose worse answer leaves the fewest candidates; null when no
 * confirming file separates them. With hashed names the question is "is this
 * content there?", and only content first shipped after every candidate it
 * would rule out may be asked: collectstatic without --clear leaves earlier
 * deploys' hashed files in STATIC_ROOT, so a 200 proves the release only for a
 * file no older release ships. With unhashed names there is one file per path,
 * the current one, and its body picks one content.
 */
export function nextConfirmingQuestion(candidates: readonly Release[], naming: StaticNaming, data: FingerprintData): ConfirmingQuestion | null {
  if (candidates.length < 2) return null;
  const order = new Map(data.releases.map((r, i) => [r, i]));
  const rank = (r: Release) => order.get(r) ?? -1;
  let best: { score: number; question: ConfirmingQuestion } | null = null;
  for (const path of Object.keys(data.confirmingFiles).sort()) {
    const table = naming === 'hashed' ? data.confirmingFiles[path] : (data.confirmingUnhashedFiles[path] ?? data.confirmingFiles[path]);
    if (table === undefined) continue;
    if (naming === 'hashed') {
      for (const hash of Object.keys(table).sort()) {
        const shippers = table[hash] as readonly Release[];
        const present = candidates.filter((c) => shippers.includes(c));
        const absent = candidates.filter((c) => !shippers.includes(c));
        if (present.length === 0 || absent.length === 0) continue;
        if (Math.min(...shippers.map(rank)) <= Math.max(...absent.map(rank))) continue;
        const score = Math.max(present.length, absent.length);
        if (best === null || score < best.score) best = { score, question: { path, naming, hash } };
      }
    } else {
      const classes = new Map<string | null, number>();
      for (const c of candidates) {
        const hash = contentOf(table, c);
        classes.set(hash, (classes.get(hash) ?? 0) + 1);
      }
      if (classes.size < 2) continue;
      const score = Math.max(...classes.values());
      if (best === null || score < best.score) best = { score, question: { path, naming, hash: null } };
    }
  }
  return best?.question ?? null;
}

/** A confirming request's response as an answer: only a whole 200 body says what the file is, only a 404/410 that it is not there. */
export function judgeConfirmingResponse(response: FetchResult): ConfirmingAnswer {
  if (!response.ok) return { kind: 'unusable', why: `failed (${response.error.code})` };
  if (response.status === 404 || response.status === 410) return { kind: 'missing' };
  if (response.status !== 200) return { kind: 'unusable', why: `answered ${response.status}` };
  if (!response.body.complete || response.body.md5 === undefined) return { kind: 'unusable', why: `answered 200, but its body was not read whole (${response.body.bytesRead} bytes)` };
  return { kind: 'file', md5: response.body.md5.toLowerCase() };
}

/** The candidates an answer leaves, or why the answer cannot be used (the file is not what any candidate ships). */
export function narrowByAnswer(candidates: readonly Release[], question: ConfirmingQuestion, answer: ConfirmingAnswer, data: FingerprintData): { readonly left: readonly Release[] } | { readonly unusable: string } {
  if (answer.kind === 'unusable') return { unusable: answer.why };
  if (question.hash !== null) {
    const shippers = data.confirmingFiles[question.path]?.[question.hash] ?? [];
    if (answer.kind === 'missing') return { left: candidates.filter((c) => !shippers.includes(c)) };
    // The name promises the MD5 of its bytes: other bytes are a catch-all page or a rewritten copy.
    if (!answer.md5.startsWith(question.hash)) return { unusable: `answered 200 with other content (MD5 ${answer.md5.slice(0, 12)}), not the file its name promises` };
    return { left: candidates.filter((c) => shippers.includes(c)) };
  }
  const table = data.confirmingUnhashedFiles[question.path] ?? data.confirmingFiles[question.path] ?? {};
  const served = answer.kind === 'missing' ? null : answer.md5.slice(0, 12);
  const left = candidates.filter((c) => contentOf(table, c) === served);
  if (left.length === 0) return { unusable: served === null ? 'is missing, though every candidate release ships it' : `has content (MD5 ${served}) no candidate release ships` };
  return { left };
}

/**
 * Why the confirming files cannot tell these releases apart: every static file
 * is the same, or the only ones that differ belong to apps not every site
 * installs. Null when the data does not list them as inseparable (a confirming
 * file could still separate them).
 */
export function inseparableReason(candidates: readonly Release[], data: FingerprintData): string | null {
  const group = data.inseparable.find((g) => candidates.every((c) => g.releases.includes(c)));
  if (group === undefined || candidates.length < 2) return null;
  if (group.differingFiles.length === 0) return 'no static file of any Wagtail app differs between them';
  return `no admin static file differs between them (only ${group.differingFiles.join(', ')}, which only sites with that app installed collect)`;
}

function contentOf(table: Readonly<Record<string, readonly Release[]>>, release: Release): string | null {
  return Object.entries(table).find(([, shippers]) => shippers.includes(release))?.[0] ?? null;
}

// The compiled facts about Wagtail releases the version probe judges with:
// which admin file hashes each release ships (scripts/wagtail-fingerprints.py)
// and its security advisories and support dates (src/wagtail/data/advisories.json).
// Imported as JSON modules, so tsc copies them into dist/ next to this file and
// the same import works from the built package and from the sources under tsx.
// Each file is checked once at load: a malformed data file fails loudly, never
// as a site looking safe.

import advisoriesJson from './data/advisories.json' with { type: 'json' };
import fingerprintsJson from './data/fingerprints.json' with { type: 'json' };

/** A final release as PyPI names it: `8.0.1`, `7.4`. */
export type Release = string;

/** Static path under STATIC_URL -> 12-hex content hash -> the releases that ship that content there. */
export type HashTable = Readonly<Record<string, Readonly<Record<string, readonly Release[]>>>>;

export interface FingerprintData {
  readonly compiledAt: string;
  /** Every release the data covers, oldest first. */
  readonly releases: readonly Release[];
  /** The hash in the name ManifestStaticFilesStorage gives each file (and so the MD5 of what a hashing storage serves). */
  readonly files: HashTable;
  /** For files Django rewrites before hashing (CSS url()s): the MD5 of the file as shipped, which a storage that does not hash serves. */
  readonly unhashedFiles: HashTable;
  /** Wagtail's `?v=` for a project that kept `wagtail start`'s INSTALLED_APPS (6.3+), -> the release. */
  readonly versionQueryOfProjectTemplate: Readonly<Record<string, Release>>;
  /** The most confirming files the probe asks for on one site. */
  readonly maxConfirmingRequests: number;
  /**
   * Admin files (not on the login page) whose content differs between releases
   * the login page cannot tell apart, as `files`: the hash in the collected name.
   * Every release that ships each is listed, so "first shipped by" is known.
   */
  readonly confirmingFiles: HashTable;
  /** As unhashedFiles, for the confirming files Django rewrites (CSS url()s): the MD5 of the file as shipped. */
  readonly confirmingUnhashedFiles: HashTable;
  /** Releases the login page and the confirming files cannot tell apart, with the static files (of any app) that do differ between them. */
  readonly inseparable: readonly InseparableReleases[];
}

export interface InseparableReleases {
  readonly releases: readonly Release[];
  /** Empty when every static file of every Wagtail app is the same in all of them. */
  readonly differingFiles: readonly string[];
}

/** What an advisory lets someone do, which sets the finding's severity. */
export type AdvisoryImpact = 'disclosure' | 'privilege' | 'xss' | 'denial-of-service';

/** introduced <= release < fixed, over final releases; introduced "0" is "every earlier release". */
export interface AffectedRange {
  readonly introduced: Release;
  readonly fixed: Release;
}

export interface Advisory {
  readonly id: string;
  readonly cve: string | null;
  readonly summary: string;
  readonly impact: AdvisoryImpact;
  readonly affected: readonly AffectedRange[];
  /** Every release that shipped the fix (a feature release that came with it included). */
  readonly fixedIn: readonly Release[];
  /** An anonymous client can see the fault itself (not only the release that has it). */
  readonly visibleFromOutside: boolean;
  /** `probe/messageId` of the rule that shows the fault from outside, or null. */
  readonly rule: string | null;
  readonly sources: readonly string[];
}

/** One feature series' support window; dates are YYYY-MM-DD, null where the schedule could not be verified. */
export interface SupportWindow {
  readonly series: string;
  readonly lts: boolean;
  readonly released: string;
  readonly featureSupportEnds: string | null;
  readonly securitySupportEnds: string | null;
}

export interface AdvisoryData {
  readonly compiledAt: string;
  readonly advisories: readonly Advisory[];
  readonly schedule: readonly SupportWindow[];
}

const RELEASE = /^\d+(\.\d+)*$/;
const HASH = /^[0-9a-f]{12}$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const IMPACTS: ReadonlySet<string> = new Set<AdvisoryImpact>(['disclosure', 'privilege', 'xss', 'denial-of-service']);

function fail(file: string, why: string): never {
  throw new Error(`src/wagtail/data/${file} is malformed: ${why}`);
}

function checkTable(table: HashTable, releases: ReadonlySet<string>, name: string): void {
  for (const [path, classes] of Object.entries(table)) {
    const seen = new Set<string>();
    for (const [hash, listed] of Object.entries(classes)) {
      if (!HASH.test(hash)) fail('fingerprints.json', `${name}[${path}] has a key ${hash} that is not 12 hex`);
      for (const release of listed) {
        if (!releases.has(release)) fail('fingerprints.json', `${name}[${path}][${hash}] lists ${release}, not in releases`);
        if (seen.has(release)) fail('fingerprints.json', `${name}[${path}] lists ${release} under two hashes`);
        seen.add(release);
      }
    }
  }
}

export function checkFingerprints(data: FingerprintData): FingerprintData {
  if (!Array.isArray(data.releases) || data.releases.some((r) => !RELEASE.test(r))) fail('fingerprints.json', 'releases is not a list of versions');
  const releases = new Set(data.releases);
  checkTable(data.files, releases, 'files');
  checkTable(data.unhashedFiles, releases, 'unhashedFiles');
  checkTable(data.confirmingFiles, releases, 'confirmingFiles');
  checkTable(data.confirmingUnhashedFiles, releases, 'confirmingUnhashedFiles');
  if (!Number.isInteger(data.maxConfirmingRequests) || data.maxConfirmingRequests < 0) fail('fingerprints.json', `maxConfirmingRequests ${data.maxConfirmingRequests}`);
  const grouped = new Set<string>();
  for (const group of data.inseparable) {
    if (group.releases.length < 2 || group.releases.some((r) => !releases.has(r) || grouped.has(r))) fail('fingerprints.json', `inseparable group ${group.releases.join(', ')}`);
    for (const r of group.releases) grouped.add(r);
  }
  for (const [value, release] of Object.entries(data.versionQueryOfProjectTemplate)) {
    if (!/^[0-9a-f]{8}$/.test(value) || !releases.has(release)) fail('fingerprints.json', `versionQueryOfProjectTemplate ${value} -> ${release}`);
  }
  return data;
}

export function checkAdvisories(data: AdvisoryData): AdvisoryData {
  const ids = new Set<string>();
  for (const a of data.advisories) {
    if (!/^GHSA-[0-9a-z]{4}-[0-9a-z]{4}-[0-9a-z]{4}$/.test(a.id) || ids.has(a.id)) fail('advisories.json', `advisory id ${a.id}`);
    ids.add(a.id);
    if (!IMPACTS.has(a.impact)) fail('advisories.json', `${a.id} impact ${a.impact}`);
    if (a.affected.length === 0 || a.affected.some((r) => !RELEASE.test(r.introduced) || !RELEASE.test(r.fixed) || compareReleases(r.introduced, r.fixed) >= 0)) {
      fail('advisories.json', `${a.id} has an empty or backwards range`);
    }
    if (a.fixedIn.length === 0 || a.fixedIn.some((r) => !RELEASE.test(r))) fail('advisories.json', `${a.id} names no fixed release`);
    if (a.sources.length === 0) fail('advisories.json', `${a.id} cites no source`);
  }
  for (const w of data.schedule) {
    const dates = [w.released, w.featureSupportEnds, w.securitySupportEnds].filter((d): d is string => d !== null);
    if (!/^\d+\.\d+$/.test(w.series) || dates.some((d) => !DATE.test(d))) fail('advisories.json', `schedule entry ${w.series}`);
  }
  return data;
}

/** Orders releases numerically: 7.0.10 after 7.0.9, 7.4 before 7.4.1. */
export function compareReleases(a: Release, b: Release): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const diff = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (diff !== 0) return diff;
  }
  return 0;
}

/** The feature series of a release: `7.0` for `7.0.10`. */
export function seriesOf(release: Release): string {
  const [major = '0', minor = '0'] = release.split('.');
  return `${major}.${minor}`;
}

export const FINGERPRINTS: FingerprintData = checkFingerprints(fingerprintsJson as FingerprintData);
export const ADVISORIES: AdvisoryData = checkAdvisories(advisoriesJson as AdvisoryData);

// What a Wagtail release is exposed to and how long it is supported, from the
// compiled advisories and release schedule (src/wagtail/data/advisories.json).
// Pure: a release and a date in, facts out.

import { compareReleases, seriesOf, type Advisory, type AdvisoryData, type Release, type SupportWindow } from './wagtail-data.js';

/** True when the release lies in one of the advisory's affected ranges (introduced <= release < fixed). */
export function isAffected(advisory: Advisory, release: Release): boolean {
  return advisory.affected.some((r) => compareReleases(r.introduced, release) <= 0 && compareReleases(release, r.fixed) < 0);
}

/** The advisories a release is exposed to, in the data's order (oldest first). */
export function advisoriesFor(release: Release, data: AdvisoryData): Advisory[] {
  return data.advisories.filter((a) => isAffected(a, release));
}

/**
 * The release to upgrade to for one advisory: the first fixed release in the
 * same series, else the earliest later fix (a series that never got one must
 * move to a newer series).
 */
export function fixFor(advisory: Advisory, release: Release): Release | null {
  const later = advisory.fixedIn.filter((f) => compareReleases(f, release) > 0).sort(compareReleases);
  return later.find((f) => seriesOf(f) === seriesOf(release)) ?? later[0] ?? null;
}

export type SupportStatus =
  | { readonly state: 'supported'; readonly window: SupportWindow; readonly securityEnds: string; readonly daysLeft: number; readonly featureSupported: boolean }
  | { readonly state: 'ended'; readonly window: SupportWindow; readonly securityEnds: string; readonly daysSince: number }
  | { readonly state: 'unknown'; readonly series: string; readonly reason: string; readonly window?: SupportWindow };

const DAY_MS = 24 * 60 * 60 * 1000;

/** Support of a release's series on a date (YYYY-MM-DD or a Date): security support lasts through its end date. */
export function supportStatus(release: Release, on: Date, data: AdvisoryData): SupportStatus {
  const series = seriesOf(release);
  const window = data.schedule.find((w) => w.series === series);
  if (window === undefined) return { state: 'unknown', series, reason: `Wagtail ${series} is not in the release schedule the probe carries` };
  if (window.securitySupportEnds === null) {
    return { state: 'unknown', series, window, reason: `the end of security support for Wagtail ${series}${window.lts ? ' LTS' : ''} is not in the schedule the probe carries` };
  }
  const today = Date.UTC(on.getUTCFullYear(), on.getUTCMonth(), on.getUTCDate());
  const end = Date.parse(`${window.securitySupportEnds}T00:00:00Z`);
  const days = Math.round((end - today) / DAY_MS);
  if (days < 0) return { state: 'ended', window, securityEnds: window.securitySupportEnds, daysSince: -days };
  const featureEnd = window.featureSupportEnds === null ? null : Date.parse(`${window.featureSupportEnds}T00:00:00Z`);
  return { state: 'supported', window, securityEnds: window.securitySupportEnds, daysLeft: days, featureSupported: featureEnd !== null && today <= featureEnd };
}

/**
 * Where an advisory was fixed, for a finding's text: the fixing releases, and
 * the release lines the schedule knows that are affected yet never got a fix
 * (their sites must move to another line), e.g. "fixed in Wagtail 7.0.9, 7.3.4,
 * 7.4.3 and 8.0; 4.1 to 6.4, 7.1 and 7.2 never got the fix".
 */
export function fixSummary(advisory: Advisory, data: AdvisoryData): string {
  const fixes = [...advisory.fixedIn].sort(compareReleases);
  const last = fixes.at(-1);
  if (last === undefined) return 'no fixed release is published';
  const fixedSeries = new Set(fixes.map(seriesOf));
  const schedule = data.schedule.map((w) => w.series).sort(compareReleases);
  // A line is left without a fix when its first release is affected, no fix is in it, and a later line has one.
  const unfixed = new Set(schedule.filter((series) => isAffected(advisory, series) && !fixedSeries.has(series) && compareReleases(series, seriesOf(last)) < 0));
  const listed = fixes.length === 1 ? last : `${fixes.slice(0, -1).join(', ')} and ${last}`;
  const runs = consecutiveRuns(schedule, unfixed).map((run) => (run.length === 1 ? run[0] : `${run[0]} to ${run.at(-1)}`));
  if (runs.length === 0) return `fixed in Wagtail ${listed}`;
  const lines = runs.length === 1 ? runs[0] : `${runs.slice(0, -1).join(', ')} and ${runs.at(-1)}`;
  return `fixed in Wagtail ${listed}; ${lines} never got the fix`;
}

/** The members of `chosen` in `ordered`, grouped into runs of neighbours. */
function consecutiveRuns(ordered: readonly string[], chosen: ReadonlySet<string>): string[][] {
  const runs: string[][] = [];
  let current: string[] = [];
  for (const item of ordered) {
    if (chosen.has(item)) current.push(item);
    else if (current.length > 0) {
      runs.push(current);
      current = [];
    }
  }
  if (current.length > 0) runs.push(current);
  return runs;
}

/**
 * The advisories a rule shows from outside (`rule` is `probe/messageId`), each
 * as "GHSA-…, fixed in Wagtail …", for the rule's finding text; the rule
 * stays true to the site whatever the data holds, so none found is "".
 */
export function advisoriesOfRule(rule: string, data: AdvisoryData): string {
  return data.advisories
    .filter((a) => a.rule === rule)
    .map((a) => `${a.id}, ${fixSummary(a, data)}`)
    .join('; ');
}

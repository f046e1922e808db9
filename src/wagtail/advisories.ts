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

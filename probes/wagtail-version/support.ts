// Whether the release's series still gets security fixes on the day of the
// crawl: a warning once it has ended, the time left otherwise.

import { supportStatus } from '../../src/wagtail/advisories.js';
import { describeCandidates } from '../../src/wagtail/version-fingerprint.js';
import { seriesOf, type AdvisoryData, type FingerprintData, type Release } from '../../src/wagtail/wagtail-data.js';
import type { Report } from './messages.js';

export function reportSupport(candidates: readonly Release[], on: Date, adminLoginUrl: string, advisories: AdvisoryData, fingerprints: FingerprintData, report: Report): void {
  if (candidates.length === 0) return;
  const url = `${adminLoginUrl}#support`;
  const release = describeCandidates(candidates, fingerprints);
  const statuses = [...new Set(candidates.map(seriesOf))].map((series) => supportStatus(series, on, advisories));
  const [first] = statuses;
  if (first === undefined) return;
  const evidence = [{ note: statuses.map((s) => (s.state === 'unknown' ? `${s.series}: ${s.reason}` : `${s.window.series}${s.window.lts ? ' LTS' : ''}: released ${s.window.released}, feature support until ${s.window.featureSupportEnds ?? '?'}, security support until ${s.securityEnds}`)).join('; ') }];
  if (statuses.every((s) => s.state === 'ended')) {
    const latest = statuses.reduce((a, b) => (a.state === 'ended' && b.state === 'ended' && a.daysSince < b.daysSince ? a : b));
    if (latest.state !== 'ended') return;
    report('securitySupportEnded', { series: latest.window.series, lts: latest.window.lts ? ' LTS' : '', release, date: latest.securityEnds, days: latest.daysSince }, evidence, { url });
    return;
  }
  if (statuses.length === 1 && first.state === 'supported') {
    const feature = first.featureSupported ? '' : '; bug fixes have ended, security fixes only';
    report('securitySupported', { series: first.window.series, lts: first.window.lts ? ' LTS' : '', release, date: first.securityEnds, days: first.daysLeft, feature }, evidence, { url });
    return;
  }
  const reason = statuses.length > 1
    ? `the candidate releases span ${statuses.length} series with different support (${statuses.map((s) => (s.state === 'unknown' ? s.series : `${s.window.series} ${s.state}`)).join(', ')})`
    : first.state === 'unknown' ? first.reason : 'no verdict';
  report('supportUnknown', { series: first.state === 'unknown' ? first.series : first.window.series, release, reason }, evidence, { url, inconclusive: true });
}

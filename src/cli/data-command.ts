// `wagtail-probe data`: how fresh the Wagtail data shipped with this copy is,
// so an operator knows which releases and advisories it cannot know of.

import type { AdvisoryData, FingerprintData } from '../wagtail/wagtail-data.js';

export function describeWagtailData(fingerprints: FingerprintData, advisories: AdvisoryData, version: string): string {
  const first = fingerprints.releases[0] ?? '?';
  const last = fingerprints.releases.at(-1) ?? '?';
  const series = advisories.schedule.map((w) => w.series);
  const lts = advisories.schedule.filter((w) => w.lts).map((w) => w.series);
  const dated = advisories.schedule.filter((w) => w.securitySupportEnds !== null).length;
  return [
    `Wagtail data shipped with wagtail-probe ${version}:`,
    `  release fingerprints  compiled ${fingerprints.compiledAt}: ${fingerprints.releases.length} releases, ${first} to ${last}`,
    `  security advisories   compiled ${advisories.compiledAt}: ${advisories.advisories.length} advisories`,
    `  support schedule      compiled ${advisories.compiledAt}: series ${series[0] ?? '?'} to ${series.at(-1) ?? '?'} (LTS: ${lts.join(', ') || 'none'}), security support end known for ${dated} of ${series.length}`,
    `Releases after ${last} and advisories published after ${advisories.compiledAt} are unknown to this copy: upgrade wagtail-probe to refresh its data.`,
    '',
  ].join('\n');
}

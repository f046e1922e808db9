// One finding per security advisory the identified release is exposed to: an
// error for disclosure and privilege issues, a warning for the rest. When the
// files leave several candidate releases, an advisory every candidate has is
// certain; one only some of them have is reported as not decided.

import { advisoriesFor, fixFor } from '../../src/wagtail/advisories.js';
import { describeCandidates } from '../../src/wagtail/version-fingerprint.js';
import type { Advisory, AdvisoryData, FingerprintData, Release } from '../../src/wagtail/wagtail-data.js';
import type { Report } from './messages.js';

const IMPACT_TEXT: Readonly<Record<Advisory['impact'], string>> = {
  disclosure: 'information disclosure',
  privilege: 'permission bypass',
  xss: 'cross-site scripting',
  'denial-of-service': 'denial of service',
};

export function reportAdvisories(candidates: readonly Release[], adminLoginUrl: string, advisories: AdvisoryData, fingerprints: FingerprintData, report: Report): void {
  if (candidates.length === 0) return;
  const affecting = new Map<string, { advisory: Advisory; releases: Release[] }>();
  for (const release of candidates) {
    for (const advisory of advisoriesFor(release, advisories)) {
      const entry = affecting.get(advisory.id) ?? { advisory, releases: [] };
      entry.releases.push(release);
      affecting.set(advisory.id, entry);
    }
  }
  for (const { advisory, releases } of affecting.values()) {
    const everyCandidate = releases.length === candidates.length;
    const release = describeCandidates(releases, fingerprints);
    const fixes = [...new Set(releases.map((r) => fixFor(advisory, r)).filter((f): f is Release => f !== null))];
    const outside = advisory.visibleFromOutside
      ? `; visible from outside${advisory.rule !== null ? `, checked by ${advisory.rule}` : ''}`
      : '; not visible from outside (needs an admin account or a site-specific setup)';
    const data = {
      release: everyCandidate ? release : `${release} (${releases.length} of the ${candidates.length} candidate releases)`,
      advisory: advisory.cve !== null ? `${advisory.id} / ${advisory.cve}` : advisory.id,
      impact: IMPACT_TEXT[advisory.impact],
      summary: advisory.summary,
      fix: fixes.length > 0 ? fixes.join(' or ') : advisory.fixedIn.join(', '),
      outside,
    };
    const evidence = [{ note: `affected: ${advisory.affected.map((r) => (r.introduced === '0' ? `< ${r.fixed}` : `>= ${r.introduced}, < ${r.fixed}`)).join('; ')}; sources: ${advisory.sources.join(' ')}` }];
    const id = advisory.impact === 'disclosure' || advisory.impact === 'privilege' ? 'advisoryExposesData' : 'advisory';
    // One finding per advisory: its own URL keeps baselines apart.
    report(id, data, evidence, { url: `${adminLoginUrl}#${advisory.id}`, inconclusive: !everyCandidate });
  }
}

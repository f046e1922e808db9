// Runs probes against one stack profile through the real library call, as an
// operator would: the profile's canaries, CA, admin path and plain-http port.

import type { Finding } from '../../../src/finding.js';
import type { ProbeRun } from '../../../src/probe.js';
import { run } from '../../../src/run.js';
import type { StackProfile } from '../../stack/profiles.js';

export async function probeProfile(profile: StackProfile, probes: string[]): Promise<ProbeRun[]> {
  const result = await run({
    target: profile.baseUrl,
    configFile: false,
    probes,
    adminPath: profile.adminPath,
    plainHttpUrl: profile.httpUrl !== profile.baseUrl ? profile.httpUrl : null,
    private: { documents: profile.private.documents.map((d) => d.url), pages: profile.private.pages.map((p) => p.url) },
    http: { ca: profile.caFile },
  });
  for (const probeRun of result.probes) {
    if (probeRun.outcome.status === 'error') throw new Error(`${probeRun.id} crashed: ${probeRun.outcome.error}`);
  }
  return [...result.probes];
}

/** "messageId path" per finding ("?" first when inconclusive), sorted, relative to the profile's base URL. */
export function lines(findings: readonly Finding[], profile: StackProfile): string[] {
  return findings.map((f) => `${f.inconclusive ? '?' : ''}${f.messageId} ${f.url.replace(profile.baseUrl, '/')}`).sort();
}

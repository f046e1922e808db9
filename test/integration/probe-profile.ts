// Runs one probe against one stack profile through the real library call, as
// an operator would: the profile's canaries, CA, admin path and plain-http port.

import type { ProbeRun } from '../../src/engine/probe.js';
import { run } from '../../src/engine/run.js';
import type { StackProfile } from '../stack/profiles.js';

/** `target` overrides the profile's base URL (e.g. its gunicorn port, to bypass nginx). */
export async function probeProfile(profile: StackProfile, probeId: string, target: string = profile.baseUrl): Promise<ProbeRun> {
  const result = await run({
    target,
    configFile: false,
    probes: [probeId],
    adminPath: profile.adminPath,
    plainHttpUrl: target === profile.baseUrl && profile.httpUrl !== profile.baseUrl ? profile.httpUrl : null,
    private: { documents: profile.private.documents.map((d) => d.url), pages: profile.private.pages.map((p) => p.url) },
    http: { ca: profile.caFile },
  });
  const probeRun = result.probes.find((p) => p.id === probeId);
  if (!probeRun) throw new Error(`${probeId} did not run: is it in probes/index.ts?`);
  if (probeRun.outcome.status === 'error') throw new Error(`${probeId} crashed: ${probeRun.outcome.error}`);
  return probeRun;
}

/** "messageId path" per finding ("?" first when inconclusive), sorted, relative to the profile's base URL. */
export function lines(findings: ProbeRun['findings'], profile: StackProfile): string[] {
  return findings.map((f) => `${f.inconclusive ? '?' : ''}${f.messageId} ${f.url.replace(profile.baseUrl, '/')}`).sort();
}

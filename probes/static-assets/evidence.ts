// Evidence this probe's rules share: the page that referenced a file, and the
// few examples a finding about many files shows (one location block or one
// STORAGES setting is one finding, with the count and up to five files).

import { evidenceFrom, type Evidence, type ResourceRecord } from '../../src/probe-kit/index.js';
import type { LoadedAsset } from './collect.js';

/** Examples kept in the evidence of a finding about many files. */
export const MAX_EXAMPLES = 5;

/** The page that referenced the resource first, as an evidence field; nothing for a URL the config named. */
export function referrerEvidence(resource: ResourceRecord): { referrer?: string } {
  const referrer = resource.referencedFrom[0]?.from;
  return referrer ? { referrer } : {};
}

/** Evidence for a finding about many files: the first few, with their deciding headers and the page that referenced each. */
export function examples(assets: readonly LoadedAsset[], headerNames: readonly string[], note: string): Evidence[] {
  return assets.slice(0, MAX_EXAMPLES).map((asset, index) =>
    evidenceFrom(asset.response, headerNames, {
      ...referrerEvidence(asset.resource),
      ...(index === 0 ? { note: assets.length > MAX_EXAMPLES ? `${note} (${assets.length} files in all; the first ${MAX_EXAMPLES} shown)` : note } : {}),
    }),
  );
}

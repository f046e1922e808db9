// Does the storage hash the names? Reported once per base URL, never per file:
// one STORAGES setting is one line in the report, not two hundred.

import type { LoadedAsset } from './collect.js';
import { examples } from './evidence.js';
import type { Report } from './messages.js';

export function judgeNames(loaded: readonly LoadedAsset[], report: Report): void {
  const underStatic = loaded.filter((a) => a.underStaticUrl);
  const unhashed = underStatic.filter((a) => a.hashed === null);
  if (unhashed.length === 0) return;
  const first = unhashed[0] as LoadedAsset;
  const evidence = examples(unhashed, [], `${unhashed.length} unhashed of ${underStatic.length} static files fetched`);
  if (unhashed.length === underStatic.length) {
    // Every name unhashed: the storage does not hash at all (or DEBUG is on).
    const versionedCount = unhashed.filter((a) => a.versioned).length;
    const versioned = versionedCount > 0 ? `, and ${versionedCount} carry Wagtail's ?v= (which it adds only when names are not hashed or DEBUG is on)` : '';
    report('storageNotHashing', { count: unhashed.length, base: first.base, versioned, example: first.resource.url }, evidence, { url: first.base });
  } else {
    // Some hashed, some not: the storage hashes, a template bypasses {% static %}.
    report('unhashedReferences', { count: unhashed.length, base: first.base, example: first.resource.url }, evidence, { url: first.base });
  }
}

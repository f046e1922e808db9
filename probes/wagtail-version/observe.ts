// What the crawl already holds about Wagtail's own static files: every URL
// under one of its static directories (the admin login page references a
// dozen), with the hash its name carries or, for an unhashed name fetched
// whole, the MD5 of its body; and the `?v=` values versioned_static added.

import { findPage, type PageRecord, type ResourceRecord, type SiteModel } from '../../src/probe-kit/index.js';
import { observeStaticFile, versionQueryOf, type FileObservation } from '../../src/wagtail/version-fingerprint.js';

export interface SeenFiles {
  readonly login: PageRecord | null;
  readonly observations: readonly FileObservation[];
  readonly versionQueries: readonly string[];
  /** Resources by URL, for the evidence of each observation. */
  readonly resources: ReadonlyMap<string, ResourceRecord>;
  /** How many resources looked like Wagtail's static files (wagtailadmin/ and the like), hashed or not. */
  readonly wagtailFiles: number;
}

function bodyMd5(resource: ResourceRecord): string | undefined {
  const r = resource.response;
  // Only a whole 200 body is the file; a 304 or a capped read hashes something else.
  return r !== null && r.ok && r.status === 200 && r.body.complete ? r.body.md5 : undefined;
}

export function seenFiles(site: SiteModel): SeenFiles {
  const staticUrl = site.staticUrl?.url ?? null;
  const observations: FileObservation[] = [];
  const versionQueries = new Set<string>();
  const resources = new Map<string, ResourceRecord>();
  let wagtailFiles = 0;
  for (const resource of site.resources) {
    if (!/\/wagtail[a-z_]*\//.test(new URL(resource.url).pathname)) continue;
    wagtailFiles += 1;
    resources.set(resource.url, resource);
    const observation = observeStaticFile(resource.url, staticUrl, bodyMd5(resource));
    if (observation !== null) observations.push(observation);
    const query = versionQueryOf(resource.url);
    if (query !== null) versionQueries.add(query);
  }
  return { login: findPage(site.pages, (p) => p.role === 'admin-login') ?? null, observations, versionQueries: [...versionQueries], resources, wagtailFiles };
}

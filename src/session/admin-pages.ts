// What an admin page the session read references: its stylesheets, scripts and
// icons, classified with the crawl's own rules (src/gather), so the files only
// a logged-in editor loads go through the same checks as the login page's.
// Pure: the references are fetched by the probe, anonymously (a static file
// needs no session, and the session's cookies go nowhere they need not).

import { extractPage } from '../gather/extract.js';
import { classifyResource, type SiteBases } from '../gather/classify.js';
import { bodyPolicyFor } from '../gather/resource-plan.js';
import type { Reference, ResourceKind, SiteModel } from '../gather/model.js';
import type { HttpOptions } from '../engine/options.js';
import type { BodyPolicy } from '../http/types.js';

/** A file an admin page loads, with every admin page that referenced it. */
export interface AdminAssetReference {
  readonly url: string;
  readonly kind: Extract<ResourceKind, 'static' | 'asset'>;
  readonly referencedFrom: Reference[];
}

const ASSET_VIA: ReadonlySet<Reference['via']> = new Set(['script', 'link', 'style']);

export function siteBases(site: Pick<SiteModel, 'origins' | 'staticUrl' | 'mediaUrl'>): SiteBases {
  return { origins: site.origins, staticUrl: site.staticUrl?.url ?? null, mediaUrl: site.mediaUrl?.url ?? null };
}

/** The first-party stylesheets, scripts and icons of the pages, in the order met; a link to a page or an image is not one. */
export function adminAssetReferences(pages: readonly { readonly url: string; readonly html: string }[], bases: SiteBases): AdminAssetReference[] {
  const found = new Map<string, AdminAssetReference>();
  for (const page of pages) {
    for (const reference of extractPage(page.html, page.url).references) {
      if (!ASSET_VIA.has(reference.via)) continue;
      const kind = classifyResource(reference.url, reference.via, bases);
      if (kind !== 'static' && kind !== 'asset') continue;
      if (kind === 'asset' && !bases.origins.includes(new URL(reference.url).origin)) continue; // third party: not judged
      const from: Reference = reference.rel === undefined ? { from: page.url, via: reference.via } : { from: page.url, via: reference.via, rel: reference.rel };
      const known = found.get(reference.url);
      if (known) known.referencedFrom.push(from);
      else found.set(reference.url, { url: reference.url, kind, referencedFrom: [from] });
    }
  }
  return [...found.values()];
}

/** The read the crawler gives such a file (whole, hashed): equal requests share the run's memo. */
export function assetBodyPolicy(reference: AdminAssetReference, http: HttpOptions): BodyPolicy {
  return bodyPolicyFor(reference.kind, http);
}

// Originals shown where a rendition belongs: an <img>, srcset, og:image or CSS
// background pointing at MEDIA_URL/original_images/. Visitors then download
// the upload as the editor sent it (often megabytes from a camera). A link
// (<a href>) to an original is a deliberate download, left alone. Judged from
// the crawl's references: no request.

import { compareText, type ReferenceVia, type ResourceRecord, type SiteModel } from '../../src/probe-kit/index.js';
import { declaredLength } from '../../src/signals/compression.js';
import { formatBytes, MAX_EXAMPLES, type Report } from './messages.js';
import { resourceEvidence } from './resource-evidence.js';

const DISPLAYED: ReadonlySet<ReferenceVia> = new Set(['img', 'srcset', 'og:image', 'style']);

export function reportOriginalsShown(site: Pick<SiteModel, 'resources'>, report: Report): void {
  const shown = site.resources
    .filter((r) => r.kind === 'original-image')
    .flatMap((resource) => {
      const ref = resource.referencedFrom.find((reference) => DISPLAYED.has(reference.via));
      return ref === undefined ? [] : [{ resource, ref }];
    })
    .sort((a, b) => compareText(a.resource.url, b.resource.url));
  const [first] = shown;
  if (first === undefined) return;
  const bytes = sizeOf(first.resource);
  report(
    'originalsReferenced',
    { count: shown.length, example: first.resource.url, via: first.ref.via, page: first.ref.from || 'a seed', size: bytes === null ? '' : `, ${formatBytes(bytes)}` },
    shown.slice(0, MAX_EXAMPLES).map(({ resource }) => resourceEvidence(resource, ['content-type', 'content-length'])),
    { url: new URL('.', first.resource.url).href },
  );
}

function sizeOf(resource: ResourceRecord): number | null {
  const response = resource.response;
  return response?.ok ? declaredLength(response.headers) : null;
}

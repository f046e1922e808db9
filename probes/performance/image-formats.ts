// Renditions in JPEG or PNG where the site could serve WebP or AVIF. Wagtail
// makes them with a `format-webp` / `format-avif` filter, `{% picture image
// format-{avif,webp,jpeg} … %}` (a <source> per format, the browser takes the
// first it supports), or WAGTAILIMAGES_FORMAT_CONVERSIONS. Judged from the
// rendition names on the crawled pages: no request.

import { decodeUrlComponent, lastPathSegment, type ResourceRecord, type SiteModel } from '../../src/probe-kit/index.js';
import { parseRenditionName } from '../../src/wagtail/renditions.js';
import { MAX_EXAMPLES, type Report } from './messages.js';
import { resourceEvidence } from './resource-evidence.js';

const LEGACY = new Set(['jpg', 'png']);
const MODERN = new Set(['webp', 'avif']);

interface Rendition {
  readonly resource: ResourceRecord;
  readonly stem: string;
  readonly extension: string;
  readonly pages: readonly string[];
}

export function renditionsOf(site: Pick<SiteModel, 'resources'>): Rendition[] {
  return site.resources.flatMap((resource) => {
    if (resource.kind !== 'rendition') return [];
    const parsed = parseRenditionName(decodeUrlComponent(lastPathSegment(resource.url)));
    if (parsed === null) return [];
    const pages = [...new Set(resource.referencedFrom.map((ref) => ref.from).filter((from) => from !== ''))];
    return [{ resource, stem: parsed.stem, extension: parsed.extension.toLowerCase(), pages }];
  });
}

export function reportImageFormats(site: Pick<SiteModel, 'resources'>, report: Report): void {
  const renditions = renditionsOf(site);
  const legacy = renditions.filter((r) => LEGACY.has(r.extension));
  const modern = renditions.filter((r) => MODERN.has(r.extension));
  if (legacy.length === 0) return;

  if (modern.length === 0) {
    const formats = [...new Set(legacy.map((r) => (r.extension === 'jpg' ? 'JPEG' : 'PNG')))].join(' or ');
    const [first] = legacy;
    if (first === undefined) return;
    report(
      'noModernImageFormats',
      { count: legacy.length, formats, example: first.resource.url },
      legacy.slice(0, MAX_EXAMPLES).map((r) => resourceEvidence(r.resource, ['content-type', 'content-length'])),
      { url: first.resource.url },
    );
    return;
  }

  // The site can: a JPEG or PNG whose pages show no WebP or AVIF of the same image has no alternative.
  const modernOnPage = new Set(modern.flatMap((r) => r.pages.map((page) => `${page} ${r.stem}`)));
  const alone = legacy.filter((r) => r.pages.length > 0 && r.pages.every((page) => !modernOnPage.has(`${page} ${r.stem}`)));
  const [first] = alone;
  if (first === undefined) return;
  report(
    'legacyOnlyRenditions',
    { count: alone.length, example: first.resource.url, page: first.pages[0] as string },
    alone.slice(0, MAX_EXAMPLES).map((r) => resourceEvidence(r.resource, ['content-type', 'content-length'])),
    { url: first.resource.url },
  );
}

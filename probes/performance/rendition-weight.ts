// Renditions much heavier than their size suggests: bytes per pixel far past
// what the format needs at Wagtail's default qualities (JPEG 85, WebP 80,
// AVIF 80), from the crawl's Content-Length and the pixel count the filter
// spec allows at most. A 3 MB `width-800.jpg` means quality 100, a huge colour
// profile or metadata kept, or the wrong format: not taste.

import { decodeUrlComponent, lastPathSegment, type ResourceRecord, type SiteModel } from '../../src/probe-kit/index.js';
import { declaredLength } from '../../src/signals/compression.js';
import { parseRenditionName } from '../../src/wagtail/renditions.js';
import { formatBytes, formatCount, MAX_EXAMPLES, type Report } from './messages.js';
import { resourceEvidence } from './resource-evidence.js';

/**
 * Bytes per pixel past which a rendition is heavy for its format: several
 * times what a photo takes at the default quality. PNG's is past raw RGBA
 * (4 bytes): only metadata or a broken encoder gets there.
 */
export const HEAVY_BYTES_PER_PIXEL: Readonly<Record<string, number>> = { jpg: 1, webp: 0.75, avif: 0.5, png: 4 };
/** Small files are left alone, whatever their ratio (an icon with a colour profile). */
export const HEAVY_MIN_BYTES = 200_000;
/** `width-800` bounds one side only: the other is taken as at most twice it (a 1:2 portrait). */
const ONE_SIDE_ASPECT = 2;

const FORMAT_NAME: Readonly<Record<string, string>> = { jpg: 'JPEG', webp: 'WebP', avif: 'AVIF', png: 'PNG' };

/** The most pixels a filter spec's operations allow, or null when they do not bound the size (original, min-, scale-). */
export function maxPixels(operations: readonly string[]): number | null {
  let pixels: number | null = null;
  for (const op of operations) {
    const box = /^(?:fill|max)-(\d+)x(\d+)/.exec(op);
    const side = /^(?:width|height)-(\d+)$/.exec(op);
    const bound = box ? Number(box[1]) * Number(box[2]) : side ? Number(side[1]) ** 2 * ONE_SIDE_ASPECT : null;
    if (bound !== null) pixels = pixels === null ? bound : Math.min(pixels, bound);
  }
  return pixels;
}

interface Heavy {
  readonly resource: ResourceRecord;
  readonly bytes: number;
  readonly pixels: number;
  readonly extension: string;
}

function heavyRendition(resource: ResourceRecord): Heavy | null {
  const response = resource.response;
  if (resource.kind !== 'rendition' || !response?.ok || response.status !== 200) return null;
  const parsed = parseRenditionName(decodeUrlComponent(lastPathSegment(resource.url)));
  if (parsed === null) return null;
  const extension = parsed.extension.toLowerCase();
  const limit = HEAVY_BYTES_PER_PIXEL[extension];
  const pixels = maxPixels(parsed.operations);
  const bytes = declaredLength(response.headers) ?? (response.body.complete ? response.body.bytesRead : null);
  if (limit === undefined || pixels === null || bytes === null || bytes < HEAVY_MIN_BYTES) return null;
  return bytes / pixels > limit ? { resource, bytes, pixels, extension } : null;
}

export function reportRenditionWeight(site: Pick<SiteModel, 'resources'>, report: Report): void {
  const heavy = site.resources.flatMap((r) => heavyRendition(r) ?? []).sort((a, b) => b.bytes / b.pixels - a.bytes / a.pixels);
  const [worst] = heavy;
  if (worst === undefined) return;
  report(
    'renditionsOversized',
    {
      count: heavy.length,
      example: worst.resource.url,
      size: formatBytes(worst.bytes),
      pixels: formatCount(worst.pixels),
      bytesPerPixel: (worst.bytes / worst.pixels).toFixed(2),
      format: FORMAT_NAME[worst.extension] ?? worst.extension,
      limit: String(HEAVY_BYTES_PER_PIXEL[worst.extension]),
    },
    heavy.slice(0, MAX_EXAMPLES).map((h) => resourceEvidence(h.resource, ['content-type', 'content-length'], `${formatBytes(h.bytes)} for at most ${formatCount(h.pixels)} pixels`)),
    { url: worst.resource.url },
  );
}

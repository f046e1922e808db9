// Images that are not images: an HTML page under a rendition's name, or an
// image sent with a Content-Type that does not fit its name.

import { contentTypeFits } from '../../src/signals/content-type.js';
import type { SniffedType } from '../../src/signals/body-sniff.js';
import { describeBody, IMAGE_TYPES, itemEvidence, type MediaItem, type MediaKind } from './collect.js';
import type { Report } from './messages.js';

const IMAGE_KINDS: ReadonlySet<MediaKind> = new Set(['rendition', 'original-image', 'image', 'image-serve', 'media']);
/** Bodies that are certainly not an image: an error page, a login wall, a JSON error. */
const NOT_IMAGE_TYPES: ReadonlySet<SniffedType> = new Set(['html', 'text', 'json', 'xml', 'pdf', 'zip', 'empty']);

export function reportImageTypes(healthy: readonly MediaItem[], report: Report): void {
  for (const item of healthy) {
    if (!IMAGE_KINDS.has(item.kind)) continue;
    const contentType = item.response.headers['content-type'];
    // The image view's URL ends in the original's name, whose extension may differ from the rendition's format.
    const fit = item.kind === 'image-serve' ? null : contentTypeFits(new URL(item.url).pathname, contentType);
    const body = describeBody(item.response);
    const looksLikeImage = IMAGE_TYPES.has(body.type) || (fit !== null && fit.expected.some((t) => t.startsWith('image/')));
    if (!looksLikeImage) continue; // 'media' that is not an image by name or body: nothing to compare against
    const evidence = [itemEvidence(item, ['content-type', 'content-length'], { bodyPrefix: body.describe })];
    if (NOT_IMAGE_TYPES.has(body.type)) {
      report('notAnImage', { url: item.url, body: body.describe, contentType: contentType ?? 'no Content-Type' }, evidence, { url: item.url });
    } else if (fit !== null && fit.fits === false) {
      report('wrongContentType', { url: item.url, contentType: contentType ?? 'no Content-Type', expected: fit.expected.join(' or ') }, evidence, {
        url: item.url,
      });
    }
  }
}

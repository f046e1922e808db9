// Wagtail's rendition file names: `<stem>.[<8 hex focal point key>.]<filter
// spec with | written as .>.<ext>`, e.g. `photo.2e16d0ba.fill-300x200.jpg`,
// `photo.width-400.format-webp.webp` (wagtail/images/models.py and the filter
// operations of wagtail/images/wagtail_hooks.py, 5.2 to 8.0). One grammar for
// the crawler (learning MEDIA_URL) and the probes (guessing originals).

/** One operation of a filter spec, as it stands between dots in a file name. */
const FILTER_OPERATION = new RegExp(
  '^(?:original|fill-\\d+x\\d+(?:-c\\d+)?|(?:max|min)-\\d+x\\d+|(?:width|height|scale)-\\d+|' +
    'format-(?:jpeg|png|gif|webp|avif|ico|svg|heic)(?:-lossless)?|(?:jpeg|webp|avif)quality-\\d+|bgcolor-[0-9a-fA-F]{3,6})$',
);
const FOCAL_KEY = /^[0-9a-f]{8}$/;
/** Extensions Wagtail writes renditions with (.jpg for JPEG). */
const RENDITION_EXTENSIONS = new Set(['jpg', 'png', 'gif', 'webp', 'avif', 'svg', 'ico', 'heic']);
/** Wagtail keeps names to about 60 characters; anything near a file system's limit is not a rendition. */
const MAX_FILE_NAME = 255;

export interface RenditionName {
  /** The original's stem, as Wagtail shortened it. */
  readonly stem: string;
  readonly focalKey: string | null;
  /** The filter spec's operations, in order (`["fill-300x200", "format-webp"]`). */
  readonly operations: readonly string[];
  readonly extension: string;
}

/** The parts of a rendition file name (already percent-decoded), or null when it is not one. */
export function parseRenditionName(name: string): RenditionName | null {
  if (name.length > MAX_FILE_NAME || name.includes('/')) return null;
  const parts = name.split('.');
  const extension = parts.pop();
  if (extension === undefined || !RENDITION_EXTENSIONS.has(extension) || parts.length < 2) return null;
  const operations: string[] = [];
  while (parts.length > 1 && FILTER_OPERATION.test(parts[parts.length - 1] as string)) operations.unshift(parts.pop() as string);
  if (operations.length === 0) return null;
  const focalKey = parts.length > 1 && FOCAL_KEY.test(parts[parts.length - 1] as string) ? (parts.pop() as string) : null;
  const stem = parts.join('.');
  return stem === '' ? null : { stem, focalKey, operations, extension };
}

export function isRenditionName(name: string): boolean {
  return parseRenditionName(name) !== null;
}

/**
 * Likely names of the original a rendition was made from: its stem with the
 * rendition's extension first, then the common ones (a format- operation may
 * have changed it). A guess: Wagtail shortens long names on upload, so the
 * images API's download_url, where a site publishes it, is the exact answer.
 */
export function originalNameCandidates(renditionName: string, max = 3): string[] {
  const parsed = parseRenditionName(renditionName);
  if (parsed === null) return [];
  return [...new Set([parsed.extension, 'jpg', 'png', 'jpeg'])].slice(0, max).map((ext) => `${parsed.stem}.${ext}`);
}

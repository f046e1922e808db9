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
/** Anything near a file system's limit is not a rendition (Wagtail writes 60 characters at most, storage suffixes aside). */
const MAX_FILE_NAME = 255;
/**
 * Wagtail's `generate_rendition_file` (5.2 to 8.0) keeps a rendition's name to
 * 60 characters by cutting the original's stem: `stem[:59 - len(rest)]`, where
 * rest is `[<focal key>.]<filter spec>.<ext>`. A name of 60 characters or more
 * (a storage's `_AbC1234` suffix on a clash adds to it) may therefore hold a
 * cut stem; a shorter one holds the original's stem whole.
 */
export const RENDITION_NAME_LIMIT = 60;

export interface RenditionName {
  /** The original's stem, as Wagtail shortened it. */
  readonly stem: string;
  readonly focalKey: string | null;
  /** The filter spec's operations, in order (`["fill-300x200", "format-webp"]`). */
  readonly operations: readonly string[];
  readonly extension: string;
  /**
   * The stem may have been cut (the name is at RENDITION_NAME_LIMIT): the
   * original's name may be longer than `stem.<ext>`. False means the stem is
   * the original's whole.
   */
  readonly stemMayBeTruncated: boolean;
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
  // Counted in code points, as Python counts the characters it cuts (originals' names are ASCII since Wagtail's upload_to).
  const stemMayBeTruncated = [...name].length >= RENDITION_NAME_LIMIT;
  return stem === '' ? null : { stem, focalKey, operations, extension, stemMayBeTruncated };
}

export function isRenditionName(name: string): boolean {
  return parseRenditionName(name) !== null;
}

/** A format- operation made the rendition: its extension says nothing of the original's. */
export function convertsFormat(name: RenditionName): boolean {
  return name.operations.some((op) => op.startsWith('format-'));
}

/**
 * The original's extensions that give a rendition of this extension WITHOUT a
 * format- operation, likeliest first: the same format as it is spelled on
 * upload (cameras write `.JPG`), then the formats Wagtail converts by default
 * (`heic` to JPEG; `bmp`, unanimated `gif`, and before 8.0 `webp` and `avif`,
 * to PNG; wagtail/images/models.py, Filter.run). A site's
 * WAGTAILIMAGES_FORMAT_CONVERSIONS can add others: these are guesses.
 */
const SAME_FORMAT_EXTENSIONS: Readonly<Record<string, readonly string[]>> = {
  jpg: ['jpg', 'jpeg', 'JPG', 'JPEG', 'heic'],
  png: ['png', 'gif', 'webp', 'PNG', 'bmp', 'avif'],
  gif: ['gif', 'GIF'],
  webp: ['webp', 'WEBP'],
  avif: ['avif'],
  svg: ['svg', 'SVG'],
  ico: ['ico'],
  heic: ['heic', 'HEIC'],
};
/** A format- operation hides the original's format: the rendition's own, then the usual ones. */
const CONVERTED_EXTENSIONS = ['jpg', 'png', 'jpeg'];

/**
 * Likely names of the original a rendition was made from (the name already
 * percent-decoded), likeliest first, at most `max`: its stem with the
 * extensions that could have produced the rendition's format. Empty when the
 * name is not a rendition's. A guess at best, and a wrong one when the stem was
 * cut (RenditionName.stemMayBeTruncated): the images API's download_url, where
 * a site publishes it, is the exact answer.
 */
export function originalNameCandidates(renditionName: string, max = 3): string[] {
  const parsed = parseRenditionName(renditionName);
  if (parsed === null) return [];
  const extensions = convertsFormat(parsed) ? [parsed.extension, ...CONVERTED_EXTENSIONS] : (SAME_FORMAT_EXTENSIONS[parsed.extension] ?? [parsed.extension]);
  return [...new Set(extensions)].slice(0, max).map((ext) => `${parsed.stem}.${ext}`);
}

// Whether a response's Content-Type fits the file it claims to be. The classic
// failure is an HTML error or login page served under a .js or .css name: the
// browser refuses it (with nosniff) and the admin breaks without a visible 404.

interface TypeRule {
  /** Media types that fit, lower-case essences. */
  readonly fits: readonly string[];
  /** Media types that are not right but that browsers cope with (fonts, source maps as octet-stream). */
  readonly tolerated?: (essence: string) => boolean;
}

const JAVASCRIPT: TypeRule = {
  fits: ['text/javascript', 'application/javascript', 'application/x-javascript', 'application/ecmascript', 'text/ecmascript'],
};

/** Browsers sniff fonts and never check their type; octet-stream and any other font type still load. */
const fontTolerance = (essence: string): boolean =>
  essence === 'application/octet-stream' || essence.startsWith('font/') || essence.startsWith('application/x-font-') || essence.startsWith('application/font-');

const font = (...fits: string[]): TypeRule => ({ fits, tolerated: fontTolerance });

const RULES: Readonly<Record<string, TypeRule>> = {
  js: JAVASCRIPT,
  mjs: JAVASCRIPT,
  css: { fits: ['text/css'] },
  svg: { fits: ['image/svg+xml'] },
  png: { fits: ['image/png'] },
  jpg: { fits: ['image/jpeg'] },
  jpeg: { fits: ['image/jpeg'] },
  gif: { fits: ['image/gif'] },
  webp: { fits: ['image/webp'] },
  avif: { fits: ['image/avif'] },
  ico: { fits: ['image/x-icon', 'image/vnd.microsoft.icon'] },
  woff: font('font/woff', 'application/font-woff', 'application/x-font-woff'),
  woff2: font('font/woff2', 'application/font-woff2', 'application/x-font-woff2'),
  ttf: font('font/ttf', 'font/sfnt', 'application/x-font-ttf', 'application/font-sfnt'),
  otf: font('font/otf', 'font/sfnt', 'application/x-font-otf', 'application/x-font-opentype', 'application/font-sfnt'),
  eot: font('application/vnd.ms-fontobject'),
  json: { fits: ['application/json'] },
  // nginx's stock mime.types has no .map, so it sends its default_type.
  map: { fits: ['application/json'], tolerated: (essence) => essence === 'application/octet-stream' },
  webmanifest: { fits: ['application/manifest+json', 'application/json'] },
  txt: { fits: ['text/plain'] },
  xml: { fits: ['application/xml', 'text/xml'] },
  pdf: { fits: ['application/pdf'] },
  csv: { fits: ['text/csv'] },
  html: { fits: ['text/html'] },
  htm: { fits: ['text/html'] },
};

export type ContentTypeVerdict =
  | 'fits' // one of the expected types
  | 'tolerated' // not right, but browsers cope (fonts, source maps)
  | 'html-instead' // text/html where something else was expected: an error or login page under the asset's name
  | 'wrong' // some other type
  | 'missing' // no Content-Type at all
  | 'unknown-extension'; // nothing to compare against

export interface ContentTypeFit {
  readonly verdict: ContentTypeVerdict;
  /** true for fits and tolerated; false for html-instead, wrong and missing; null when the extension is unknown. */
  readonly fits: boolean | null;
  /** Media types that fit this extension (empty when unknown). */
  readonly expected: readonly string[];
  /** The media type received, lower-cased, without parameters; '' when missing. */
  readonly got: string;
}

/**
 * Judges a Content-Type header against a URL, path, file name or bare extension
 * (`.css`, `css`). Parameters and case do not matter: WhiteNoise's
 * `text/css; charset="utf-8"` fits .css.
 */
export function contentTypeFits(urlPathOrExtension: string, contentTypeHeader: string | undefined): ContentTypeFit {
  const rule = RULES[extensionOf(urlPathOrExtension)];
  const expected = rule?.fits ?? [];
  const got = mediaTypeEssence(contentTypeHeader);
  const result = (verdict: ContentTypeVerdict, fits: boolean | null): ContentTypeFit => ({ verdict, fits, expected, got });
  if (got === '') return result('missing', false);
  if (!rule) return result('unknown-extension', null);
  if (rule.fits.includes(got)) return result('fits', true);
  if (got === 'text/html') return result('html-instead', false);
  if (rule.tolerated?.(got)) return result('tolerated', true);
  return result('wrong', false);
}

/** `Text/CSS ; charset="utf-8"` gives `text/css`. */
export function mediaTypeEssence(contentTypeHeader: string | undefined): string {
  if (contentTypeHeader === undefined) return '';
  const semicolon = contentTypeHeader.indexOf(';');
  return (semicolon < 0 ? contentTypeHeader : contentTypeHeader.slice(0, semicolon)).trim().toLowerCase();
}

/** Lower-case extension of the last path segment; a bare word (`css`) is taken as the extension itself. */
function extensionOf(urlPathOrExtension: string): string {
  const end = urlPathOrExtension.search(/[?#]/);
  const path = end < 0 ? urlPathOrExtension : urlPathOrExtension.slice(0, end);
  const segment = path.slice(path.lastIndexOf('/') + 1);
  const dot = segment.lastIndexOf('.');
  if (dot < 0) return path.includes('/') ? '' : segment.toLowerCase();
  return segment.slice(dot + 1).toLowerCase();
}

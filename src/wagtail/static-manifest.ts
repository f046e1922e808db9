// staticfiles.json as Django's ManifestStaticFilesStorage writes it to
// STATIC_ROOT: `{"paths": {"css/site.css": "css/site.0123456789ab.css", …},
// "version": "1.1", "hash": …}`. The names in it are paths under STATIC_URL,
// as the storage's hashed_name() made them.

import type { HashedName } from './static-names.js';

/** Original name -> hashed name, both relative to STATIC_URL. */
export type StaticManifest = Readonly<Record<string, string>>;

/** Where the storage puts the manifest (`manifest_name`): at the top of STATIC_ROOT, so under STATIC_URL when served. */
export function staticManifestUrl(staticUrl: string): string {
  return new URL('staticfiles.json', staticUrl).href;
}

/** The manifest's paths; null when the text is not a manifest (not JSON, or no `paths` object). Non-string entries are dropped. */
export function parseStaticManifest(text: string): StaticManifest | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof parsed !== 'object' || parsed === null) return null;
  const paths = (parsed as { paths?: unknown }).paths;
  if (typeof paths !== 'object' || paths === null) return null;
  return Object.fromEntries(Object.entries(paths).filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
}

/**
 * The path of a URL under STATIC_URL, decoded, as the manifest writes it
 * (`wagtailadmin/css/core.1a2b3c4d5e6f.css`); null outside STATIC_URL or when
 * the path has a malformed escape (no manifest name can match it).
 */
export function manifestPath(url: string, staticUrl: string): string | null {
  const parsed = new URL(url);
  const base = new URL(staticUrl);
  if (parsed.origin !== base.origin || !parsed.pathname.startsWith(base.pathname)) return null;
  try {
    return decodeURIComponent(parsed.pathname.slice(base.pathname.length));
  } catch {
    return null;
  }
}

/** The manifest key a hashed path was made from: `css/site.0123456789ab.css` from `css/site.css`. */
export function originalName(path: string, hashed: HashedName): string {
  const dir = path.slice(0, path.lastIndexOf('/') + 1);
  return `${dir}${hashed.stem}${hashed.ext === '' ? '' : `.${hashed.ext}`}`;
}

// Wagtail's dynamic image serve view (wagtail/images/views/serve.py):
// `…/images/<signature>/<image id>/<filter spec>/<file name>`, where the
// signature is the url-safe base64 of an HMAC-SHA1 keyed by SECRET_KEY
// (wagtail/images/utils.py), so only the site can mint a working URL.

/** The signature segment: 20 bytes of HMAC-SHA1 in url-safe base64, 27 characters and one '='. */
const SIGNATURE_SEGMENT = /\/images\/([A-Za-z0-9_-]{27}=)\/\d+\//;

/** A whole serve view path: signature, id, filter spec, file name. */
const SERVE_PATH = /\/images\/[A-Za-z0-9_-]{27}=\/\d+\/[^/]+\/[^/]*$/;

/** True when the path is one of the view's URLs. */
export function isImageServePath(pathname: string): boolean {
  return SERVE_PATH.test(pathname);
}

/** The signature in an image serve URL's path, or null when the path has none. */
export function imageServeSignature(pathname: string): string | null {
  return SIGNATURE_SEGMENT.exec(pathname)?.[1] ?? null;
}

/**
 * The same URL with its signature's first character changed: still
 * well-formed, certainly wrong, so a view that checks signatures answers 403.
 * Null when the URL carries no signature.
 */
export function withTamperedSignature(url: string): string | null {
  const parsed = new URL(url);
  const signature = imageServeSignature(parsed.pathname);
  if (signature === null) return null;
  const tampered = (signature[0] === 'A' ? 'B' : 'A') + signature.slice(1);
  parsed.pathname = parsed.pathname.replace(`/images/${signature}/`, `/images/${tampered}/`);
  return parsed.href;
}

/** What the view's error statuses mean; other statuses are not the view's own. */
const IMAGE_SERVE_STATUS: Readonly<Record<number, string>> = {
  400: 'the filter spec in the URL is invalid',
  403: 'the signature does not match: SECRET_KEY changed since the URL was made, or the URL was edited',
  404: 'no image with that id',
  410: "the image's original file is missing from storage",
};

/** The meaning of a status the view gives, or null when the view does not give it. */
export function imageServeStatusMeaning(status: number): string | null {
  return IMAGE_SERVE_STATUS[status] ?? null;
}

// Percent-decoding of names taken from URLs a site served. A site controls
// these bytes: `photo%zz.width-400.jpg` or a lone `%E2` must never throw
// (decodeURIComponent does: URIError), and what comes out is shown to a person.

/** The component percent-decoded; a malformed escape is left as it stands. */
export function decodeUrlComponent(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    // Decode what can be decoded, escape by escape, and keep the rest as written.
    return text.replace(/(?:%[0-9a-fA-F]{2})+/g, (run) => {
      try {
        return decodeURIComponent(run);
      } catch {
        return run;
      }
    });
  }
}

/** The last path segment of a URL, decoded. */
export function lastPathSegment(url: string): string {
  let path: string;
  try {
    path = new URL(url).pathname;
  } catch {
    path = url;
  }
  return decodeUrlComponent(path.slice(path.lastIndexOf('/') + 1));
}

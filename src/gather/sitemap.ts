// Sitemap seeding: the <loc>s of a sitemap (https://www.sitemaps.org/protocol.html)
// and the Sitemap: lines of robots.txt. Wagtail's sitemap view
// (wagtail.contrib.sitemaps) writes a plain urlset; other generators use a
// sitemapindex, namespace prefixes, CDATA and the image/video extensions.
//
// A small linear scanner rather than an XML DOM: a sitemap may hold 50,000
// URLs in 50 MB, and we only want the text of two kinds of element. Every step
// moves forward with indexOf, so hostile input costs linear time.

/** The sitemap protocol's own limit of URLs per file. */
export const MAX_SITEMAP_LOCS = 50_000;

export interface ParsedSitemap {
  /** `<urlset><url><loc>`: page URLs, as written (trimmed, entities decoded). */
  readonly pages: string[];
  /** `<sitemapindex><sitemap><loc>`: further sitemaps to read. */
  readonly sitemaps: string[];
  /** True when reading stopped at MAX_SITEMAP_LOCS. */
  readonly truncated: boolean;
}

/**
 * Read the locs of a sitemap or a sitemap index. Element names are matched by
 * local name (any namespace prefix), and a loc counts only directly inside
 * <url> or <sitemap>, so `<image:image><image:loc>` is not taken for a page.
 * URLs are returned unresolved: the caller normalises them. Never throws.
 */
export function parseSitemapXml(xml: string): ParsedSitemap {
  const pages: string[] = [];
  const sitemaps: string[] = [];
  const open: string[] = []; // local names of the open elements
  let locText: string | null = null; // text of the <loc> being read, when inside one
  let position = 0;

  // Only a loc's text is kept; everything else is skipped without copying.
  const takeText = (from: number, to: number): void => {
    if (locText !== null) locText += decodeEntities(xml.slice(from, to));
  };

  while (position < xml.length && pages.length + sitemaps.length < MAX_SITEMAP_LOCS) {
    const lt = xml.indexOf('<', position);
    if (lt < 0) break; // trailing text outside any element
    takeText(position, lt);

    if (xml.startsWith('<![CDATA[', lt)) {
      const close = xml.indexOf(']]>', lt + 9);
      if (locText !== null) locText += xml.slice(lt + 9, close < 0 ? xml.length : close);
      position = close < 0 ? xml.length : close + 3;
      continue;
    }
    if (xml.startsWith('<!--', lt)) {
      const close = xml.indexOf('-->', lt + 4);
      position = close < 0 ? xml.length : close + 3;
      continue;
    }
    const gt = xml.indexOf('>', lt);
    if (gt < 0) break; // an unfinished tag at the end: nothing more to read
    position = gt + 1;
    const tag = /^<(\/?)([A-Za-z_][\w.:-]*)/.exec(xml.slice(lt, Math.min(gt, lt + 256)));
    if (!tag) continue; // <?xml …?>, <!DOCTYPE …>, or a stray '<'
    const closing = tag[1] === '/';
    const name = localName(tag[2] as string);
    const selfClosing = xml[gt - 1] === '/';

    if (closing) {
      if (name === 'loc' && locText !== null) {
        const parent = open[open.length - 2];
        const url = locText.trim();
        if (url !== '' && parent === 'url') pages.push(url);
        if (url !== '' && parent === 'sitemap') sitemaps.push(url);
        locText = null;
      }
      closeElement(open, name);
    } else if (!selfClosing) {
      open.push(name);
      if (name === 'loc') locText = '';
    }
  }

  const truncated = pages.length + sitemaps.length >= MAX_SITEMAP_LOCS && MORE_LOCS.test(xml.slice(position));
  return { pages, sitemaps, truncated };
}

const MORE_LOCS = /<(?:[\w.-]+:)?loc[\s>]/;

function localName(qualified: string): string {
  return qualified.slice(qualified.indexOf(':') + 1);
}

/** Pop up to and including the innermost open element of that name; ignore a stray end tag. */
function closeElement(open: string[], name: string): void {
  const at = open.lastIndexOf(name);
  if (at >= 0) open.length = at;
}

const NAMED_ENTITIES: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decodeEntities(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(/&(#[xX][0-9a-fA-F]{1,6}|#\d{1,7}|[a-z]+);/g, (whole, body: string) => {
    if (body.startsWith('#')) {
      const code = body[1] === 'x' || body[1] === 'X' ? parseInt(body.slice(2), 16) : parseInt(body.slice(1), 10);
      return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return NAMED_ENTITIES[body] ?? whole;
  });
}

/**
 * The Sitemap: lines of a robots.txt, in order (field name in any case, '#'
 * comments stripped, CRLF or LF). Values are returned as written.
 */
export function parseRobotsTxt(text: string): { sitemaps: string[] } {
  const sitemaps: string[] = [];
  for (const rawLine of text.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/)) {
    const hash = rawLine.indexOf('#');
    const line = hash >= 0 ? rawLine.slice(0, hash) : rawLine;
    const match = /^\s*sitemap\s*:\s*(\S+)\s*$/i.exec(line);
    if (match) sitemaps.push(match[1] as string);
  }
  return { sitemaps };
}

// <img> without width and height: the browser cannot reserve the image's box
// before it loads, and the page jumps (layout shift). Wagtail's {% image %},
// {% srcset_image %} and {% picture %} always write both; hand-written tags
// and rich-text embeds from elsewhere are what miss them.
//
// The crawl does not record <img> attributes (PageFacts has none), so the
// page that shows the most images is read again, once, and its markup scanned
// here. Attributes only: CSS (aspect-ratio, a sized container) may reserve the
// space anyway, which the message says.

import { Parser } from 'htmlparser2';
import { evidenceFrom, READ, type AnsweredPage, type FetchResult, type SiteModel } from '../../src/probe-kit/index.js';
import { asBrowser } from './compression.js';
import { MAX_EXAMPLES, type Ctx, type Report } from './messages.js';

export interface ImgScan {
  readonly total: number;
  /** src (or srcset) of each <img> missing width or height, in document order. */
  readonly withoutDimensions: readonly string[];
}

/** Elements whose contents a browser with scripting on does not render as images. */
const INERT = new Set(['noscript', 'template']);

export function scanImgs(html: string): ImgScan {
  let total = 0;
  const withoutDimensions: string[] = [];
  let inert = 0;
  const parser = new Parser({
    onopentag(name, attribs) {
      if (INERT.has(name)) inert++;
      if (name !== 'img' || inert > 0) return;
      total++;
      const sized = (attr: string) => (attribs[attr] ?? '').trim() !== '';
      if (!sized('width') || !sized('height')) withoutDimensions.push(attribs.src ?? attribs.srcset ?? attribs['data-src'] ?? '(no src)');
    },
    onclosetag(name) {
      if (INERT.has(name) && inert > 0) inert--;
    },
  });
  parser.end(html);
  return { total, withoutDimensions };
}

/** The public page the crawl saw the most <img> references on; null when none had any. */
export function pageWithMostImages(site: Pick<SiteModel, 'resources'>, pages: Iterable<AnsweredPage>): AnsweredPage | null {
  const counts = new Map<string, number>();
  for (const resource of site.resources) {
    for (const ref of resource.referencedFrom) if (ref.via === 'img' || ref.via === 'srcset') counts.set(ref.from, (counts.get(ref.from) ?? 0) + 1);
  }
  let best: AnsweredPage | null = null;
  for (const page of pages) if ((counts.get(page.url) ?? 0) > (best === null ? 0 : (counts.get(best.url) ?? 0))) best = page;
  return best;
}

export async function fetchImgDimensions(ctx: Ctx, page: AnsweredPage): Promise<void> {
  judgeImgDimensions(page, await ctx.fetch(page.url, asBrowser(READ.page)), ctx.report.bind(ctx));
}

export function judgeImgDimensions(page: AnsweredPage, result: FetchResult, report: Report): void {
  if (!result.ok || result.status !== 200 || result.text === undefined) {
    const reason = result.ok ? `answered ${result.status}${result.text === undefined ? ' without a readable body' : ''}` : `failed: ${result.error.code}`;
    report('checkFailed', { check: 'Image dimensions', url: page.url, reason }, [evidenceFrom(result)], { url: page.url, inconclusive: true });
    return;
  }
  const scan = scanImgs(result.text);
  const [example] = scan.withoutDimensions;
  if (example === undefined) return;
  report(
    'imgWithoutDimensions',
    { count: scan.withoutDimensions.length, total: scan.total, page: page.url, example },
    [evidenceFrom(result, ['content-type'], { note: `without width and height: ${scan.withoutDimensions.slice(0, MAX_EXAMPLES).join(', ')}` })],
    { url: page.url },
  );
}

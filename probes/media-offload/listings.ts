// Directory listings of the media folders: anyone could enumerate every
// upload, private documents' files included.

import { evidenceFrom, type FetchResult } from '../../src/probe-kit/index.js';
import { describeBody } from './collect.js';
import type { Ctx, Report } from './messages.js';

/** MEDIA_URL itself and the folders Wagtail writes to. */
export const MEDIA_FOLDERS = ['', 'images/', 'original_images/', 'documents/'] as const;

/** nginx/Apache autoindex, Python's http.server, an S3 bucket listing. */
const LISTING_MARKERS = [/<title>\s*Index of /i, /<h1>\s*Index of /i, /<a href="\.\.\/">/i, /Directory listing for /i, /<ListBucketResult[\s>]/];

export async function fetchListings(ctx: Ctx, mediaUrl: string): Promise<void> {
  await Promise.all(
    MEDIA_FOLDERS.map(async (folder) => {
      const url = new URL(folder, mediaUrl).href;
      // A redirect (to add a slash, to a login) is not a listing: do not follow it.
      const result = await ctx.fetch(url, { followRedirects: false, body: { read: 'prefix', maxBytes: 2048 } });
      reportListing(url, result, ctx.report.bind(ctx));
    }),
  );
}

function reportListing(url: string, result: FetchResult, report: Report): void {
  if (!result.ok || result.status !== 200) return;
  const text = Buffer.from(result.body.prefixBase64, 'base64').toString('latin1');
  const marker = LISTING_MARKERS.find((re) => re.test(text));
  if (!marker) return;
  report('directoryListing', { url }, [
    evidenceFrom(result, ['content-type', 'server'], { bodyPrefix: describeBody(result).describe, note: `the body matches ${marker.source}` }),
  ], { url });
}

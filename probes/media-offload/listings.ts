// Directory listings of the media folders: anyone could enumerate every
// upload, private documents' files included. A bucket listing there is the
// same fault as document-privacy's storageBucketListable, which owns it.

import { evidenceFrom, READ, type FetchResult } from '../../src/probe-kit/index.js';
import { listingIn } from '../../src/signals/listings.js';
import { describeBody } from './collect.js';
import type { Ctx, Report } from './messages.js';

/** MEDIA_URL itself and the folders Wagtail writes to. */
export const MEDIA_FOLDERS = ['', 'images/', 'original_images/', 'documents/'] as const;

export async function fetchListings(ctx: Ctx, mediaUrl: string): Promise<void> {
  await Promise.all(
    MEDIA_FOLDERS.map(async (folder) => {
      const url = new URL(folder, mediaUrl).href;
      // A redirect (to add a slash, to a login) is not a listing: do not follow it.
      const result = await ctx.fetch(url, { followRedirects: false, body: READ.listing });
      reportListing(url, result, ctx.report.bind(ctx));
    }),
  );
}

function reportListing(url: string, result: FetchResult, report: Report): void {
  if (!result.ok) return;
  const listing = listingIn(result.status, result.text ?? '');
  if (listing?.kind !== 'autoindex') return;
  report('directoryListing', { url }, [
    evidenceFrom(result, ['content-type', 'server'], { bodyPrefix: describeBody(result).describe, note: `the body matches ${listing.marker}` }),
  ], { url });
}

// media-offload: who sends the site's user uploads (renditions, originals,
// document files), whether they are broken, exposed, listable or badly cached.
//
// Uploads should be sent by the web server, a CDN or object storage, never
// streamed by Django: that ties up a worker per download. Most of the judgement
// comes from the SiteModel (the rules that take a reporter); the targeted
// requests are few and bounded (the rules whose names start with fetch).

import { defineProbe } from '../../src/probe-kit/index.js';
import { collectMedia } from './collect.js';
import { fetchSignatureCheck, SIGNATURE_CHECKS } from './image-serve.js';
import { reportImageTypes } from './image-types.js';
import { fetchListings, MEDIA_FOLDERS } from './listings.js';
import { MESSAGES } from './messages.js';
import { fetchOriginals, ORIGINALS_MAX_REQUESTS } from './originals.js';
import { reportRenditionCaching } from './rendition-caching.js';
import { fetchServers, MAX_RANGE_REQUESTS, MISSING_PAGE_REQUESTS } from './served-by.js';
import { reportBrokenStatuses, reportFailures, reportNotFoundMarker, reportSampling } from './statuses.js';

export { deriveOriginalNames } from './originals.js';

/**
 * The worst case, every rule at its cap:
 *   1 missing page + 5 Range requests (one per response shape)
 *   + 13 for originals (1 images API page, 3 of its download URLs, 8 names derived from renditions,
 *     1 signed rendition asked for unsigned)
 *   + 4 media folders + 1 tampered signature = 24.
 */
const MAX_REQUESTS = MISSING_PAGE_REQUESTS + MAX_RANGE_REQUESTS + ORIGINALS_MAX_REQUESTS + MEDIA_FOLDERS.length + SIGNATURE_CHECKS;

export default defineProbe({
  meta: {
    id: 'media-offload',
    title: 'User uploads are sent by the web server, not Django, and are neither broken nor exposed',
    docs:
      "User uploads (Wagtail's image renditions and originals, document files) should never pass through Django in production: " +
      'every download ties up a worker, and a slow client can take the site down. Serve `MEDIA_ROOT/images/` from the web server ' +
      '(nginx `location /media/images/ { alias …; }`), a CDN or object storage, with a long `Cache-Control` (renditions get a new ' +
      'name when they change). Deny `original_images/` (collection privacy does not cover images, and originals are large) and, with ' +
      "`WAGTAILDOCS_SERVE_METHOD = 'serve_view'`, `documents/`; never enable directory listings (`autoindex`). Remove any " +
      '`django.views.static.serve` or `static()` route for MEDIA_URL from production URLs. Renditions that 404 usually mean uploads ' +
      'were written to an ephemeral disk (containers, Heroku): use persistent or object storage. The probe decides who sent a response ' +
      "from Django's middleware headers compared with Django's own 404, Range support, Content-Disposition, ETag and Server headers; " +
      'it says when those signals do not decide.',
    maxRequests: MAX_REQUESTS,
    messages: MESSAGES,
  },

  async run(site, ctx) {
    const report = ctx.report.bind(ctx);
    const mediaUrl = site.mediaUrl?.url ?? null;
    const { items, failed, notFoundMarkers, sampledOut, mediaTotal } = collectMedia(site);

    reportSampling(sampledOut, mediaTotal, mediaUrl ?? site.target, report);
    for (const marker of notFoundMarkers) reportNotFoundMarker(marker, report);
    reportFailures(failed, report);

    const healthy = items.filter((item) => item.response.status >= 200 && item.response.status < 300);
    reportBrokenStatuses(items, report);
    reportImageTypes(healthy, report);
    reportRenditionCaching(healthy, mediaUrl, report);

    await Promise.all([
      fetchServers(ctx, site, healthy),
      mediaUrl !== null && ctx.options.originalsPrivate ? fetchOriginals(ctx, healthy, mediaUrl) : Promise.resolve(),
      mediaUrl !== null ? fetchListings(ctx, mediaUrl) : Promise.resolve(),
      fetchSignatureCheck(ctx, site),
    ]);

    if (items.length === 0 && failed.length === 0 && notFoundMarkers.length === 0 && sampledOut.length === 0) {
      ctx.skip(
        'no images, renditions or document files found on the crawled pages: seed pages that show images (crawl.seeds) ' +
          'or set mediaUrl in the config',
      );
    }
  },
});

// performance: what Wagtail's performance guide, its image docs and Django's
// cache docs advise, as far as it shows from outside: compression, image
// formats and weights, time to first byte by section, whether caches may hold
// public pages and whether one does, a cache that is not shared between
// workers, and HTTP/2.
//
// Most rules judge the SiteModel (the crawl's timings, headers and rendition
// names). The targeted requests are few and bounded: the start page and the
// largest stylesheet, script, SVG and JSON file again with a browser's
// Accept-Encoding, the page with the most images read once more for its <img>
// attributes, one second look when pages are slow, and a few fresh requests
// when the start page carries the headers of Django's cache middleware. One
// TLS handshake (no HTTP request) asks an https origin for HTTP/2.

import { defineProbe, negotiateAlpn, READ, type Probe } from '../../src/probe-kit/index.js';
import { ASSET_REQUESTS, asBrowser, fetchAssetCompression, judgeCompression, pageSample } from './compression.js';
import { fetchFrontEndCache, FRONT_END_CACHE_REQUESTS } from './front-end-cache.js';
import { checkHttp2, type NegotiateAlpn } from './http2.js';
import { fetchImgDimensions, judgeImgDimensions, pageWithMostImages } from './image-dimensions.js';
import { reportImageFormats } from './image-formats.js';
import { MESSAGES, type MessageId } from './messages.js';
import { reportOriginalsShown } from './originals.js';
import { publicPages, samplePage } from './pages.js';
import { fetchPerProcessCache, mayHoldPerProcessCopies, PER_PROCESS_REQUESTS } from './per-process-cache.js';
import { reportRenditionWeight } from './rendition-weight.js';
import { reportSharedCaching } from './shared-caching.js';
import { overallP50, reportTtfb } from './ttfb.js';

/**
 * The worst case, every rule at its cap:
 *   1 the start page as a browser + 4 assets as a browser + 1 the page with the most images
 *   + 1 second look + 5 fresh looks for per-process copies = 12.
 */
export const MAX_REQUESTS = 1 + ASSET_REQUESTS + 1 + FRONT_END_CACHE_REQUESTS + PER_PROCESS_REQUESTS;

export interface PerformanceDependencies {
  /** The TLS handshake that asks for HTTP/2 (tests give one that answers from a table). */
  readonly negotiateAlpn: NegotiateAlpn;
}

export function createPerformanceProbe(dependencies: PerformanceDependencies): Probe<MessageId> {
  return defineProbe<MessageId>({
    meta: {
      id: 'performance',
      title: "Pages and files are compressed, images sized and in modern formats, and pages fast or cached",
      docs: [
        "Wagtail's performance guide recommends a caching proxy or CDN in front of the site (Varnish, Squid, Cloudflare, with frontend",
        'cache purging), Redis as the cache backend, and images in modern formats: `format-webp`, or `{% picture image',
        'format-{avif,webp,jpeg} width-{400,800} %}`, which writes a <source> per format and an <img> with width and height.',
        "Compress text (HTML, CSS, JS, SVG, JSON) for clients that accept Brotli or gzip: nginx `gzip on;` plus `gzip_types` (it compresses",
        "only text/html without it), or WhiteNoise's `CompressedManifestStaticFilesStorage`, which precompresses STATIC_ROOT at collectstatic.",
        'Anonymous public pages sent `private`, `no-cache` or `no-store` cannot be held by any CDN; `Vary: Cookie` on every page means the',
        "session is read on every request. Django's cache middleware on `LocMemCache` (one cache per worker process) or `FileBasedCache`",
        '(one per host) behind several workers serves each visitor whichever copy their worker holds: the probe reports it when a few fresh',
        'requests of the start page come back with an older stored copy after a newer one (Expires minus max-age), which one shared cache',
        'cannot do; an absent finding does not prove the cache is shared. Measured on the test stack (Wagtail 8.0.1, Django 5.2, LocMemCache,',
        'per-site cache middleware, 3 gunicorn workers behind nginx): found in 6 of 10 runs (Age alone, which Django 5 adds to its cache',
        "middleware's hits, is not taken for a cache in front); whether the few fresh requests meet a second worker's copy decides it, and only",
        '2 of the 3 workers ever answered. Time to first byte is reported per section (the first path',
        "segment) at p50 and p95 from the crawl's own timings; over 0.8 s at the median is slow. HTTP/2 is asked for with one TLS handshake (ALPN).",
      ].join(' '),
      maxRequests: MAX_REQUESTS,
      messages: MESSAGES,
    },

    async run(site, ctx) {
      const report = ctx.report.bind(ctx);
      const pages = publicPages(site);

      reportTtfb(pages, site.target, report);
      reportSharedCaching(pages, report);
      reportImageFormats(site, report);
      reportRenditionWeight(site, report);
      reportOriginalsShown(site, report);

      const sample = samplePage(site, pages);
      const imagesPage = pageWithMostImages(site, pages);
      const sitePagesP50 = overallP50(pages);

      const sampleChecks = async () => {
        if (sample === null) return;
        const asVisitor = await ctx.fetch(sample.url, asBrowser(READ.page));
        judgeCompression([pageSample(sample, asVisitor), ...(await fetchAssetCompression(ctx, site))], report);
        if (imagesPage?.url === sample.url) judgeImgDimensions(sample, asVisitor, report);
        if (sitePagesP50 !== null) await fetchFrontEndCache(ctx, sample, asVisitor, sitePagesP50);
        if (mayHoldPerProcessCopies(sample)) await fetchPerProcessCache(ctx, sample);
      };
      await Promise.all([
        sampleChecks(),
        imagesPage !== null && imagesPage.url !== sample?.url ? fetchImgDimensions(ctx, imagesPage) : Promise.resolve(),
        checkHttp2(ctx, site, sample?.response.url ?? null, dependencies.negotiateAlpn),
      ]);

      if (sample === null) {
        ctx.skip('no public HTML page answered 200 to the crawl: no page to time, compress or compare (seed a public page with crawl.seeds)');
      }
    },
  });
}

export default createPerformanceProbe({ negotiateAlpn });

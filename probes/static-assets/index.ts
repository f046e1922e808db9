// static-assets: the admin's and the site's stylesheets, scripts and icons load,
// are the files their hashed names promise, and are cached the way their names
// allow. Stale or missing admin JS/CSS after an upgrade is the most common
// Wagtail deploy complaint, and a missing manifest entry turns every page that
// uses {% static %} into a 500.
//
// Findings about one file (it does not load, has the wrong type, its bytes do
// not match its hash) are reported per file: each is its own fix, reproducible
// with one curl. Findings about configuration (storage does not hash, nginx
// caches unhashed names for a year) are reported once per cause and base URL,
// with the count and a few examples in the evidence: one location block or one
// STORAGES setting is one line in the report, not two hundred.

import { defineProbe, fetchNotFound, findPage } from '../../src/probe-kit/index.js';
import { fetchAdminLoginState } from './admin-login.js';
import { judgeCaching } from './caching.js';
import { collectAssets } from './collect.js';
import { judgeIntegrity } from './integrity.js';
import { judgeLoad } from './loads.js';
import { ADMIN_MANIFEST_SAMPLE, fetchAdminManifestEntries, fetchPublicManifest, judgeManifestAgreement, manifestExpected } from './manifest.js';
import { messages, type MessageId } from './messages.js';
import { judgeNames } from './names.js';
import { fetchStaticServedBy } from './served-by.js';
import { judgeServerError } from './server-errors.js';
import { judgeThirdParty } from './third-party.js';

export { serverErrorCause } from './server-errors.js';

export default defineProbe<MessageId>({
  meta: {
    id: 'static-assets',
    title: "Static files load, match their hashed names and are cached as their names allow",
    docs: [
      'Wagtail\'s admin and most sites load their CSS and JS from STATIC_URL. With `ManifestStaticFilesStorage` every file gets a',
      'content hash in its name (`core.1a2b3c4d5e6f.css`), so it can be cached for a year and marked `immutable`; a name without a hash',
      'must not be cached for long, or visitors and editors run yesterday\'s JS after an upgrade. A manifest entry missing after a partial',
      '`collectstatic` makes every template that uses `{% static %}` fail with 500, the admin login included.',
      'Fix: run `collectstatic` on every deploy, before the new code serves requests; use `ManifestStaticFilesStorage` (or WhiteNoise\'s',
      '`CompressedManifestStaticFilesStorage`) in production settings; have the web server send',
      '`Cache-Control: public, max-age=31536000, immutable` only for hashed names and a short lifetime for the rest;',
      'serve STATIC_ROOT from the web server, a CDN or WhiteNoise, never from Django\'s `static.serve` view or `runserver`.',
    ].join(' '),
    // The worst case, every request one run can send:
    //     1  the missing page (fetchNotFound)
    //   + 1  the admin login page, read again when it answered 5xx
    //   + 1  staticfiles.json
    //   + 4  a HEAD for each ADMIN_MANIFEST_SAMPLE file the crawl did not fetch
    //   + 1  the Range request on one static file (fetchServedBy)
    //   = 8
    maxRequests: 1 + 1 + 1 + ADMIN_MANIFEST_SAMPLE.length + 1,
    messages,
  },

  async run(site, ctx) {
    // A path that must be a 404: its 500 is the broken manifest seen from the
    // public side, and its response is the Django reference the "who serves
    // static" check compares against (shared with deploy-checks).
    const notFound = await fetchNotFound(ctx.fetch, site);
    judgeServerError(notFound, 'A path that should be a 404,', ctx.report);

    const login = await fetchAdminLoginState(findPage(site.pages, (p) => p.role === 'admin-login') ?? null, ctx);
    const { assets, thirdParty } = collectAssets(site);
    if (assets.length === 0) {
      // Shown only when nothing else was reported.
      ctx.skip(`no stylesheet, script or icon of the site was fetched: the admin login page ${site.adminLoginUrl} ${login.state === 'answered' ? 'referenced none' : `did not answer 200 (${login.detail})`} and no crawled page referenced one (set adminPath, or staticUrl)`);
    } else {
      if (login.state === 'unavailable') {
        ctx.report('adminLoginUnavailable', { url: site.adminLoginUrl, status: login.detail }, login.evidence, { url: site.adminLoginUrl });
      }
      if (site.staticUrl === null) ctx.report('staticUrlUnknown', { url: site.adminLoginUrl }, [], { url: site.adminLoginUrl, inconclusive: true });
    }

    const loaded = assets.flatMap((asset) => judgeLoad(asset, ctx.report) ?? []);
    judgeNames(loaded, ctx.report);
    judgeCaching(loaded, ctx.report);
    for (const asset of loaded) judgeIntegrity(asset, ctx.report);
    if (site.staticUrl !== null && manifestExpected(assets, loaded)) {
      const manifest = await fetchPublicManifest(site.staticUrl.url, ctx);
      if (manifest !== null) {
        judgeManifestAgreement(manifest, loaded, ctx.report);
        await fetchAdminManifestEntries(manifest, assets, ctx);
      }
    }
    await fetchStaticServedBy(loaded, notFound, ctx);
    judgeThirdParty(thirdParty, ctx.report);
  },
});

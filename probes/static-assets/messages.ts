// static-assets' message ids, their text and default severity, and the two
// shapes a rule takes them in: the reporter alone (a rule that only judges) or
// the whole context (a rule that must fetch).

import type { ProbeContext } from '../../src/probe-kit/index.js';

export const messages = {
  serverError: { text: '{what} {url} answered {status}: {cause}', severity: 'error' },
  adminLoginUnavailable: {
    text: 'The admin login page {url} answered {status}, not 200: the admin\'s static files were not checked (set adminPath if the admin lives elsewhere)',
    severity: 'info',
  },
  adminLoginCacheable: {
    text: 'The admin login page {url} may be stored by caches ({received}): Wagtail sends "no-store, private" on every admin view, so something between it and the client changed that',
    severity: 'warning',
  },
  assetBroken: { text: '{url}, referenced by {page}, does not load: {problem}', severity: 'error' },
  assetUnchecked: { text: '{url}, referenced by {page}, could not be checked: {reason}', severity: 'warning' },
  wrongContentType: { text: '{url}, referenced by {page}, is served as {got}; a {expectedFor} needs {expected}{hint}', severity: 'error' },
  hashMismatch: {
    text: "{url} is not the file its name promises: the served bytes' MD5 is {md5}, the name says {hash}: a CDN, cache or overlapping deploy serves another version under this name",
    severity: 'error',
  },
  storageNotHashing: {
    text: '{count} static files under {base} have no content hash in their names{versioned} (e.g. {example}): ManifestStaticFilesStorage is not in use, or DEBUG is on',
    severity: 'warning',
  },
  unhashedReferences: {
    text: '{count} static files under {base} are referenced by unhashed names while the others are hashed (e.g. {example}): a hard-coded path that bypasses {% static %} cannot be cached long',
    severity: 'info',
  },
  hashedShortCache: { text: '{count} hashed files under {base} are cached for less than a year (e.g. {example}: {received})', severity: 'warning' },
  hashedNotImmutable: { text: '{count} hashed files under {base} are not marked immutable (e.g. {example}: {received})', severity: 'info' },
  hashedNoStore: { text: '{count} hashed files under {base} are marked no-store or no-cache (e.g. {example}: {received})', severity: 'warning' },
  hashedPrivate: { text: '{count} hashed files under {base} are marked private (e.g. {example}: {received})', severity: 'warning' },
  unhashedLongCache: {
    text: '{count} unhashed files under {base} are cached for more than a day (e.g. {example}: {received}): after the next deploy visitors keep the old file',
    severity: 'warning',
  },
  unhashedImmutable: { text: '{count} unhashed files under {base} are marked immutable (e.g. {example}: {received})', severity: 'warning' },
  missingCacheHeaders: { text: '{count} files under {base} are sent without Cache-Control or Expires (e.g. {example}): {explanation}', severity: 'warning' },
  manifestDisagrees: {
    text: '{count} static URLs on the site disagree with {manifest} (e.g. {example}, where the manifest maps {name} to {mapped}): the pages and the static files come from different deploys',
    severity: 'error',
  },
  manifestEntryBroken: {
    text: '{manifest} maps {name} to {url}, which {problem}: the manifest and the files come from different deploys, or collectstatic did not finish',
    severity: 'error',
  },
  servedByDjango: {
    text: "Static files are served by {server} ({url}): Django's static.serve view and runserver are neither safe nor fast in production; let the web server, a CDN or WhiteNoise serve STATIC_ROOT",
    severity: 'error',
  },
  servedByWhiteNoise: { text: 'Static files are served by WhiteNoise ({url}): fine for static files (not for media)', severity: 'info' },
  thirdPartyAssets: { text: '{count} stylesheets, scripts or icons load from {origin} (e.g. {example}): outside this site\'s control, not judged here', severity: 'info' },
  staticUrlUnknown: {
    text: 'STATIC_URL could not be learned (no admin asset was found on {url}): hashing and manifest checks did not run; set staticUrl in the config',
    severity: 'warning',
  },
} as const;

export type MessageId = keyof typeof messages;
/** What a rule that sends requests takes: ctx.fetch counts against meta.maxRequests. */
export type Context = ProbeContext<MessageId>;
/** What a rule that only judges takes: it can report, and its signature shows it never touches the network. */
export type Report = Context['report'];

// Are the bytes under a hashed name the file that name was made from? The hash
// is the start of the MD5 of what collectstatic wrote; other bytes under it
// mean a CDN, a cache or an overlapping deploy serves another version.

import { evidenceFrom } from '../../src/probe-kit/index.js';
import { hashMatchesBody } from '../../src/wagtail/static-names.js';
import type { LoadedAsset } from './collect.js';
import { referrerEvidence } from './evidence.js';
import type { Report } from './messages.js';

/** Headers that show which version a cache or CDN holds. */
const VERSION_HEADERS = ['content-type', 'content-length', 'content-encoding', 'etag', 'last-modified', 'age', 'x-cache', 'x-cache-status', 'cf-cache-status'];

export function judgeIntegrity(asset: LoadedAsset, report: Report): void {
  // Only names under STATIC_URL were made by Django's storage; a bundler's
  // 12-hex name elsewhere hashes with another algorithm.
  if (!asset.underStaticUrl || asset.hashed === null) return;
  const { body, status } = asset.response;
  // A body over maxAssetBytes was not read whole: nothing to compare.
  if (status !== 200 || !body.complete || body.md5 === undefined) return;
  if (hashMatchesBody(asset.hashed.hash, body.md5)) return;
  const note = `MD5 of the ${body.bytesRead} bytes served (after undoing any Content-Encoding): ${body.md5}`;
  const evidence = evidenceFrom(asset.response, VERSION_HEADERS, { ...referrerEvidence(asset.resource), note });
  report('hashMismatch', { url: asset.resource.url, md5: body.md5.slice(0, 12), hash: asset.hashed.hash }, [evidence], { url: asset.resource.url });
}

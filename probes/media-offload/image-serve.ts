// Wagtail's dynamic image serve view must check its URL signatures: one that
// does not lets anyone make the site generate any rendition of any image.

import { evidenceFrom, type SiteModel, compareText } from '../../src/probe-kit/index.js';
import { withTamperedSignature } from '../../src/wagtail/image-serve.js';
import type { Ctx } from './messages.js';

/** Requests: one tampered URL, only when the site uses the view. */
export const SIGNATURE_CHECKS = 1;

export async function fetchSignatureCheck(ctx: Ctx, site: SiteModel): Promise<void> {
  // A URL the view answers (or redirects from): a tampered copy must then get 403.
  const working = site.resources
    .filter((r) => r.kind === 'image-serve' && r.response?.ok && (r.response.status < 400 || r.response.hops.length > 0))
    .sort((a, b) => compareText(a.url, b.url))[0];
  if (!working) return;
  const tampered = withTamperedSignature(working.url);
  if (tampered === null) return;
  const result = await ctx.fetch(tampered, { followRedirects: false, body: { read: 'prefix', maxBytes: 512 } });
  const evidence = [evidenceFrom(result, ['content-type', 'location', 'server'], { note: `the signature of ${working.url} with its first character changed` })];
  if (result.ok && result.status === 403) return;
  if (result.ok && result.status >= 200 && result.status < 400) {
    ctx.report('imageServeSignatureIgnored', { url: tampered, status: result.status }, evidence, { url: tampered });
    return;
  }
  ctx.report('imageServeSignatureUnclear', { status: result.ok ? result.status : result.error.code }, evidence, { url: tampered, inconclusive: true });
}

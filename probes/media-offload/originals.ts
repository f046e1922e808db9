// Whether original_images/ is public. Wagtail advises serving images/ only:
// collection privacy does not cover images, and originals are large. An
// original a page links to answers for itself; otherwise the original's name
// is derived from ONE rendition (Wagtail's rendition name grammar) and tried.

import { evidenceFrom, isUnder, lastPathSegment, type FetchResult } from '../../src/probe-kit/index.js';
import { originalNameCandidates } from '../../src/wagtail/renditions.js';
import { describeBody, IMAGE_TYPES, itemEvidence, type MediaItem } from './collect.js';
import type { Ctx, Report } from './messages.js';

/** Original file names tried for one rendition at most. */
export const MAX_ORIGINAL_CANDIDATES = 3;
/** Renditions an original is derived from: one; more guesses would not tell more. */
export const RENDITIONS_TRIED = 1;

/**
 * The original's likely names from a rendition's (already percent-decoded):
 * the rendition's extension first, then the common ones; null when the name
 * is not a rendition's.
 */
export function deriveOriginalNames(renditionName: string): string[] | null {
  const names = originalNameCandidates(renditionName, MAX_ORIGINAL_CANDIDATES);
  return names.length > 0 ? names : null;
}

type OriginalOutcome = 'exposed' | 'denied' | 'missing' | 'unclear';

function originalOutcome(result: FetchResult): OriginalOutcome {
  if (!result.ok) return 'unclear';
  if (result.status === 401 || result.status === 403) return 'denied';
  if (result.status === 404 || result.status === 410) return 'missing';
  if (result.status >= 200 && result.status < 300) {
    const body = describeBody(result);
    if (IMAGE_TYPES.has(body.type) || (body.type === 'binary' && /^image\//i.test(result.headers['content-type'] ?? ''))) return 'exposed';
    // A 200 page under an image name (a login wall, a soft 404) is not the original.
    return 'unclear';
  }
  return 'unclear';
}

export async function fetchOriginals(ctx: Ctx, healthy: readonly MediaItem[], mediaUrl: string): Promise<void> {
  const report = ctx.report.bind(ctx);
  if (reportLinkedOriginal(healthy, report)) return;
  const derived = deriveFromRendition(healthy, mediaUrl);
  if (derived === null) return; // no rendition to derive from: nothing to judge
  const { rendition, names } = derived;

  const tried: FetchResult[] = [];
  for (const name of names) {
    const url = new URL(`original_images/${encodeURIComponent(name)}`, mediaUrl).href;
    const result = await ctx.fetch(url, { body: { read: 'prefix', maxBytes: 512 } });
    tried.push(result);
    const outcome = originalOutcome(result);
    if (outcome === 'missing') continue;
    if (outcome === 'denied') return; // original_images/ is closed: as Wagtail advises
    const note = `URL derived from the rendition ${rendition.url} (filter spec and focal key stripped; the original's real name may differ)`;
    if (outcome === 'exposed' && result.ok) {
      report(
        'originalsExposed',
        { url: result.url, status: result.status, how: 'URL derived from a rendition' },
        [evidenceFrom(result, ['content-type', 'content-length', 'server'], { bodyPrefix: describeBody(result).describe, note, ...(rendition.referrer ? { referrer: rendition.referrer } : {}) })],
        { url: result.url },
      );
      return;
    }
    break; // unclear: a failure, a 5xx, a page under an image name; more guesses would not help
  }
  report(
    'originalsUndetermined',
    { rendition: rendition.url, tried: tried.map((r) => `${r.request.url} → ${r.ok ? r.status : r.error.code}`).join(', ') },
    tried.map((r) => evidenceFrom(r, ['content-type', 'server'])),
    { url: new URL('original_images/', mediaUrl).href, inconclusive: true },
  );
}

/** An original a page links to answers for itself: no need to guess a name. True when that settled it. */
function reportLinkedOriginal(healthy: readonly MediaItem[], report: Report): boolean {
  const exposed = healthy.filter((item) => item.kind === 'original-image' && originalOutcome(item.response) === 'exposed');
  const item = exposed[0];
  if (item === undefined) return false;
  report(
    'originalsExposed',
    { url: item.url, status: item.response.status, how: `linked from a page${exposed.length > 1 ? `, as are ${exposed.length - 1} more` : ''}` },
    [itemEvidence(item, ['content-type', 'content-length', 'server'], { bodyPrefix: describeBody(item.response).describe })],
    { url: item.url },
  );
  return true;
}

/** The first rendition under MEDIA_URL whose name parses, preferring one whose format was not converted. */
function deriveFromRendition(healthy: readonly MediaItem[], mediaUrl: string): { rendition: MediaItem; names: string[] } | null {
  const renditions = healthy
    .filter((item) => item.kind === 'rendition' && isUnder(item.url, mediaUrl))
    .sort((a, b) => Number(a.url.includes('.format-')) - Number(b.url.includes('.format-')) || a.url.localeCompare(b.url));
  for (const rendition of renditions) {
    // The site wrote these bytes: a malformed escape (`photo%zz`) is kept as written, never thrown on.
    const names = deriveOriginalNames(lastPathSegment(rendition.url));
    if (names !== null) return { rendition, names };
  }
  return null;
}

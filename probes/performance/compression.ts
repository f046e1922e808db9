// Compression: the page and the largest stylesheet, script, SVG and JSON file
// of the site, asked for again the way a browser asks (`Accept-Encoding: br,
// gzip`; the crawl asks for identity so it can hash bodies, so its responses
// say nothing of compression). Uncompressed text over a packet's worth is a
// warning; static files compressed on every request are a hint to precompress.

import { evidenceFrom, READ, type AnsweredPage, type Evidence, type FetchResult, type ProbeFetchOptions, type ResourceRecord, type SiteModel } from '../../src/probe-kit/index.js';
import {
  ACCEPTS_BR_GZIP,
  compressedWhileSending,
  compressibleKind,
  COMPRESSION_WORTHWHILE_BYTES,
  contentCodings,
  declaredLength,
  isCompressed,
  type CompressibleKind,
} from '../../src/signals/compression.js';
import { formatBytes, MAX_EXAMPLES, type Ctx, type Report } from './messages.js';

/** A request as a browser sends it: Brotli and gzip accepted, the body decoded by the client. */
export function asBrowser(body: ProbeFetchOptions['body'], fresh = false): ProbeFetchOptions {
  return { identity: false, headers: { 'accept-encoding': ACCEPTS_BR_GZIP }, body, ...(fresh ? { fresh: true } : {}) };
}

/** Asset kinds judged, one file each (the largest: the most to gain). */
export const ASSET_KINDS: readonly CompressibleKind[] = ['CSS', 'JavaScript', 'SVG', 'JSON'];
export const ASSET_REQUESTS = ASSET_KINDS.length;

export interface CompressionSample {
  readonly kind: CompressibleKind;
  readonly url: string;
  /** The answer to a request that accepted br and gzip. */
  readonly response: FetchResult;
  /** Bytes the crawl read of it uncompressed, when it read it all; null when not known. */
  readonly identityBytes: number | null;
  /** A file under STATIC_URL: precompressing it is possible. */
  readonly isStatic: boolean;
  readonly referrer?: string;
}

const COMPRESSION_HEADERS = ['content-type', 'content-encoding', 'content-length', 'vary', 'server'] as const;

const FIX: Readonly<Record<CompressibleKind, string>> = {
  HTML: "compress pages in the web server (nginx `gzip on;`, Apache mod_deflate, Caddy `encode`), at the CDN, or with Django's GZipMiddleware",
  CSS: "list the type in nginx's `gzip_types` (`gzip on;` alone compresses only text/html), or let WhiteNoise's CompressedManifestStaticFilesStorage precompress STATIC_ROOT",
  JavaScript: "list the type in nginx's `gzip_types` (`gzip on;` alone compresses only text/html), or let WhiteNoise's CompressedManifestStaticFilesStorage precompress STATIC_ROOT",
  SVG: "list image/svg+xml in nginx's `gzip_types`, or let WhiteNoise's CompressedManifestStaticFilesStorage precompress STATIC_ROOT",
  JSON: "list application/json in nginx's `gzip_types` (or the CDN's compressible types)",
};

/** Bytes of a response body, when the crawl read it to its end. */
function completeBytes(response: FetchResult | null): number | null {
  return response?.ok && response.body.complete ? response.body.bytesRead : null;
}

/** The site's own files the crawl fetched, as candidates: its origins, STATIC_URL and MEDIA_URL (a CDN host included). */
function ownFiles(site: Pick<SiteModel, 'resources' | 'staticUrl' | 'mediaUrl'>): ResourceRecord[] {
  const bases = [site.staticUrl?.url, site.mediaUrl?.url].filter((base): base is string => base !== undefined);
  return site.resources.filter((r) => r.response?.ok === true && r.response.status === 200 && (r.sameOrigin || bases.some((base) => r.url.startsWith(base))));
}

/** The largest file of each asset kind, by what the crawl read of it. */
export function pickAssets(site: Pick<SiteModel, 'resources' | 'staticUrl' | 'mediaUrl'>): Map<CompressibleKind, ResourceRecord> {
  const picked = new Map<CompressibleKind, ResourceRecord>();
  for (const resource of ownFiles(site)) {
    if (!resource.response?.ok) continue;
    const kind = compressibleKind(resource.response.headers['content-type']);
    if (kind === null || kind === 'HTML' || !ASSET_KINDS.includes(kind)) continue;
    const size = (r: ResourceRecord) => (r.response?.ok ? r.response.body.bytesRead : 0);
    const current = picked.get(kind);
    if (current === undefined || size(resource) > size(current)) picked.set(kind, resource);
  }
  return picked;
}

/** Asks for each picked asset again as a browser would; headers only (the encoding and length decide). */
export async function fetchAssetCompression(ctx: Ctx, site: SiteModel): Promise<CompressionSample[]> {
  const picked = [...pickAssets(site).entries()];
  return Promise.all(
    picked.map(async ([kind, resource]) => {
      const referrer = resource.referencedFrom[0]?.from;
      return {
        kind,
        url: resource.url,
        response: await ctx.fetch(resource.url, asBrowser(READ.headers)),
        identityBytes: completeBytes(resource.response),
        isStatic: resource.kind === 'static',
        ...(referrer ? { referrer } : {}),
      };
    }),
  );
}

/** The sample page, as fetched again with a browser's Accept-Encoding. */
export function pageSample(page: AnsweredPage, response: FetchResult): CompressionSample {
  return { kind: 'HTML', url: page.url, response, identityBytes: completeBytes(page.response), isStatic: false };
}

interface Judged {
  readonly sample: CompressionSample;
  readonly size: number | null;
}

export function judgeCompression(samples: readonly CompressionSample[], report: Report): void {
  const uncompressed = new Map<CompressibleKind, Judged[]>();
  const whileSending: CompressionSample[] = [];
  for (const sample of samples) {
    const { response } = sample;
    if (!response.ok) {
      report('checkFailed', { check: `Compression of ${sample.kind}`, url: sample.url, reason: `failed: ${response.error.code}` }, [evidenceFrom(response)], {
        url: sample.url,
        inconclusive: true,
      });
      continue;
    }
    if (response.status !== 200) continue; // another answer than the crawl's: nothing to compare
    if (isCompressed(response.headers)) {
      if (sample.isStatic && compressedWhileSending(response.headers)) whileSending.push(sample);
      continue;
    }
    const size = declaredLength(response.headers) ?? sample.identityBytes;
    // A size nobody declared and the crawl could not read to its end is over the cap: large enough.
    if (size !== null && size < COMPRESSION_WORTHWHILE_BYTES) continue;
    uncompressed.set(sample.kind, [...(uncompressed.get(sample.kind) ?? []), { sample, size }]);
  }

  for (const [kind, judged] of uncompressed) {
    const [first] = judged;
    if (first === undefined) continue;
    report(
      'uncompressed',
      {
        count: judged.length,
        type: kind,
        example: first.sample.url,
        size: first.size === null ? 'size not declared' : formatBytes(first.size),
        fix: FIX[kind],
      },
      judged.slice(0, MAX_EXAMPLES).map(({ sample }) => sampleEvidence(sample)),
      { url: first.sample.url },
    );
  }

  const [example] = whileSending;
  if (example?.response.ok) {
    report(
      'compressedWhileSending',
      {
        count: whileSending.length,
        example: example.url,
        encoding: `Content-Encoding: ${contentCodings(example.response.headers).join(', ')}`,
        fix: "WhiteNoise's CompressedManifestStaticFilesStorage, nginx `gzip_static on;` or `brotli_static on;`, Caddy `file_server { precompressed br gzip }`",
      },
      whileSending.slice(0, MAX_EXAMPLES).map(sampleEvidence),
      { url: example.url },
    );
  }
}

function sampleEvidence(sample: CompressionSample): Evidence {
  const note = sample.identityBytes === null ? undefined : `${formatBytes(sample.identityBytes)} uncompressed, as the crawl read it`;
  return evidenceFrom(sample.response, COMPRESSION_HEADERS, { ...(sample.referrer ? { referrer: sample.referrer } : {}), ...(note ? { note } : {}) });
}

// Who served each shape of file: the web server, object storage, a CDN, or
// Django. Files of one kind that came back the same way are one shape and get
// one Range request (the kit's who-served-it step, shared with static-assets);
// findings group shapes by kind and verdict, so one fault is one finding.

import {
  compareText, fetchNotFound, fetchRangeAnswer, judgeServedBy, signalsNote, type Evidence, type FetchResult, type SiteModel,
} from '../../src/probe-kit/index.js';
import { cacheHitSignal } from '../../src/signals/cache-control.js';
import type { ServerVerdict } from '../../src/signals/served-by.js';
import { KIND_LABEL, type MediaItem, type MediaKind } from './collect.js';
import { commonFolder, MAX_EXAMPLES, urlList, type Ctx, type Report } from './messages.js';

/** Range requests at most: enough to confirm each kind of server response, polite on production. */
export const MAX_RANGE_REQUESTS = 5;
/** The site's missing page, Django's reference for its own headers when Django answered it. */
export const MISSING_PAGE_REQUESTS = 1;

/**
 * Headers that differ between servers but not between files of one server:
 * files of one kind, on one origin, with the same header names and the same
 * values of these, came the same way.
 */
const SHAPE_VALUES = ['server', 'x-frame-options', 'x-content-type-options', 'referrer-policy', 'cross-origin-opener-policy', 'content-encoding'];
/** Names that come and go per request (caches, cookies), left out of a shape. */
const VOLATILE = new Set(['age', 'x-cache', 'x-cache-status', 'cf-cache-status', 'set-cookie', 'expires', 'date', 'x-served-by', 'x-timer', 'x-varnish']);

/** Files of one kind that came back the same way. */
interface Shape {
  readonly kind: MediaKind;
  readonly items: readonly MediaItem[];
}

/** A shape with the verdict on its first file and that file's evidence (no Range evidence past the budget). */
interface JudgedShape extends Shape {
  readonly verdict: ServerVerdict;
  readonly fileEvidence: Evidence;
  readonly rangeEvidence: Evidence | null;
  /** The missing page, saying what answered it: the same for every shape, shown once per finding. */
  readonly referenceEvidence: Evidence;
}

export async function fetchServers(ctx: Ctx, site: SiteModel, healthy: readonly MediaItem[]): Promise<void> {
  if (healthy.length === 0) return;
  const shapes = rangeOrder(groupByShape(healthy));
  // The missing page and the Range requests go out together; the verdicts wait for both.
  const missingPagePromise = fetchNotFound(ctx.fetch, site);
  const ranges = await Promise.all(
    shapes.map((shape, index) => (index < MAX_RANGE_REQUESTS ? fetchRangeAnswer(ctx.fetch, firstOf(shape).response) : Promise.resolve(null))),
  );
  const missingPage = await missingPagePromise;
  reportServers(shapes.map((shape, index) => judgeShape(shape, ranges[index] ?? null, missingPage)), missingPage, ctx.report.bind(ctx));
}

function firstOf(shape: Shape): MediaItem {
  return shape.items[0] as MediaItem;
}

function judgeShape(shape: Shape, range: FetchResult | null, missingPage: FetchResult): JudgedShape {
  // Past the Range budget (range null): judged on its headers and the missing page alone.
  const { verdict, fileEvidence, rangeEvidence, referenceEvidence } = judgeServedBy(firstOf(shape).response, range, missingPage);
  return { ...shape, verdict, fileEvidence, rangeEvidence, referenceEvidence };
}

function shapeOf(item: MediaItem): string {
  const names = Object.keys(item.response.headers).filter((n) => !VOLATILE.has(n)).sort().join(',');
  const values = SHAPE_VALUES.map((n) => item.response.headers[n] ?? '').join('|');
  return [item.kind, new URL(item.url).origin, item.response.status, names, values].join(' ');
}

function groupByShape(items: readonly MediaItem[]): Shape[] {
  const groups = new Map<string, MediaItem[]>();
  for (const item of items) {
    const key = shapeOf(item);
    groups.set(key, [...(groups.get(key) ?? []), item]);
  }
  return [...groups.values()].map((group) => ({ kind: (group[0] as MediaItem).kind, items: group }));
}

/** The largest shape of each kind first, so every kind gets a Range check before any gets two. */
function rangeOrder(groups: readonly Shape[]): Shape[] {
  const bySize = [...groups].sort((a, b) => b.items.length - a.items.length || compareText(firstOf(a).url, firstOf(b).url));
  const firsts: Shape[] = [];
  const kinds = new Set<MediaKind>();
  for (const group of bySize) {
    if (!kinds.has(group.kind)) {
      kinds.add(group.kind);
      firsts.push(group);
    }
  }
  return [...firsts, ...bySize.filter((g) => !firsts.includes(g))];
}

/** One finding per (kind, verdict), however many files, with one example per shape. */
function reportServers(judged: readonly JudgedShape[], missingPage: FetchResult, report: Report): void {
  const findings = new Map<string, JudgedShape[]>();
  for (const shape of judged) {
    const key = `${shape.kind} ${shape.verdict.servedBy} ${shape.verdict.cdn ?? ''}`;
    findings.set(key, [...(findings.get(key) ?? []), shape]);
  }
  for (const group of findings.values()) reportServer(group, missingPage, report);
}

const DJANGO_PROCESS = new Set(['django', 'runserver', 'whitenoise']);

function serverLabel(verdict: ServerVerdict, kind: MediaKind, items: readonly MediaItem[]): string {
  const base = {
    'web-server': 'the web server',
    'object-storage': 'object storage',
    cdn: 'a CDN or cache (the server behind it does not show)',
    whitenoise: 'WhiteNoise, inside the Django process',
    django: 'Django',
    runserver: "Django's development server (runserver)",
    unknown: 'an unknown server',
  }[verdict.servedBy];
  // Django checked privacy, then handed the file over: Range works, Wagtail's headers partly survive.
  const handedOver = kind === 'document' && verdict.servedBy === 'web-server' ? " after Django's privacy check (X-Accel-Redirect / X-Sendfile)" : '';
  if (verdict.servedBy === 'cdn') return base;
  if (verdict.cdn !== null && verdict.cdn !== 'unnamed') return `${base}${handedOver} behind a CDN (${verdict.cdn})`;
  // A cache nobody is named for (nginx proxy_cache, X-Wagtail-Cache, a bare Age): name the header that showed it.
  const cache = items.map((item) => cacheHitSignal(item.response.headers)).find((signal) => signal !== null);
  if (cache) return `${base}${handedOver} behind a cache (${cache.header})`;
  return verdict.cdn === 'unnamed' ? `${base}${handedOver} behind a cache or CDN` : `${base}${handedOver}`;
}

function reportServer(shapes: readonly JudgedShape[], missingPage: FetchResult, report: Report): void {
  const first = shapes[0] as JudgedShape;
  const { verdict, kind } = first;
  const items = shapes.flatMap((s) => s.items);
  const urls = items.map((i) => i.url).sort();
  const weak = shapes.some((s) => s.verdict.confidence === 'weak');
  const data = {
    kind: KIND_LABEL[kind],
    server: serverLabel(verdict, kind, items),
    count: items.length,
    files: items.length === 1 ? '1 file' : `${items.length} files`,
    confidence: weak ? 'weak' : 'strong',
  };
  const evidence = serverEvidence(shapes, missingPage, urls);
  const options = { url: commonFolder(urls) };

  if (verdict.servedBy === 'unknown') {
    report('servedByUnknown', data, evidence, { ...options, inconclusive: true });
  } else if (!DJANGO_PROCESS.has(verdict.servedBy)) {
    report('servedBy', data, evidence, options);
  } else if (kind === 'document') {
    // Wagtail's documented default on local storage: a privacy check, then Django streams the file.
    report('documentsStreamedByDjango', data, evidence, options);
  } else if (kind === 'image-serve') {
    // The dynamic view is Django by design; what matters is a cache in front of it.
    const cached = verdict.cdn !== null || items.some((i) => cacheHitSignal(i.response.headers) !== null);
    report(cached ? 'servedBy' : 'imageServeNotCached', data, evidence, options);
  } else {
    // A weak verdict is reported but cannot fail the run: the signals did not settle it.
    report('servedByDjango', data, evidence, { ...options, inconclusive: weak });
  }
}

/** Per example shape its file and Range answer, then the missing page once, then every file judged. */
function serverEvidence(shapes: readonly JudgedShape[], missingPage: FetchResult, urls: readonly string[]): Evidence[] {
  const evidence: Evidence[] = [];
  for (const shape of shapes.slice(0, MAX_EXAMPLES)) {
    const example = firstOf(shape);
    const { verdict } = shape;
    evidence.push({
      ...shape.fileEvidence,
      ...(example.referrer ? { referrer: example.referrer } : {}),
      note: `${shape.items.length} file(s) with this response shape; verdict ${verdict.servedBy} (${verdict.confidence}); signals: ${signalsNote(verdict) || 'none'}`,
    });
    if (shape.rangeEvidence) evidence.push(shape.rangeEvidence);
  }
  const { referenceEvidence } = shapes[0] as JudgedShape;
  const ttfb = median(shapes.flatMap((s) => s.items).map((i) => i.response.timing.ttfbMs));
  const latency = missingPage.ok ? `; median time to first byte of these files ${ttfb} ms, of the missing page ${missingPage.timing.ttfbMs} ms (a hint only)` : '';
  evidence.push({ ...referenceEvidence, note: `${referenceEvidence.note ?? ''}${latency}` });
  evidence.push({ note: `files judged: ${urlList(urls)}` });
  return evidence;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

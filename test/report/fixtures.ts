// One RunResult that exercises every branch a reporter has: a probe that failed
// with an error and a warning (full evidence: request, status, headers, hops),
// an inconclusive finding, a skipped probe, a crashed probe, a passing probe,
// and strings a hostile site could put in URLs and headers. Also runs that
// could not probe the site or crashed, and a finding that hides behind bidi
// and invisible characters.

import type { Evidence, Finding } from '../../src/engine/finding.js';
import { findingFingerprint } from '../../src/engine/finding.js';
import type { Severity } from '../../src/engine/options.js';
import type { ProbeRun } from '../../src/engine/probe.js';
import type { LatencySample, NotProbedReason, RunResult } from '../../src/engine/result.js';
import { RESULT_SCHEMA_VERSION } from '../../src/engine/result.js';
import type { ProbeCatalog } from '../../src/report/catalog.js';

export const TARGET = 'https://www.example.org/';

/** Everything a report must carry through escaped: markup, CDATA end, quotes, newline, a control char, unicode. */
export const HOSTILE = `<script>alert("x")</script> ]]> 'q' "dq" & line\nbreak \u0007bell — ünï 😀`;
/** A URL as a site could link it, unencoded. */
export const HOSTILE_URL = `https://www.example.org/search/?q=<script>alert(1)</script>&t=]]>&a='1'&b="2"`;

export function finding(
  probe: string,
  messageId: string,
  severity: Severity,
  url: string,
  message: string,
  evidence: readonly Evidence[],
  inconclusive = false,
): Finding {
  return { probe, messageId, severity, inconclusive, url, message, data: { url }, evidence, fingerprint: findingFingerprint(probe, messageId, url) };
}

const DOC_URL = 'https://www.example.org/documents/12/annual-report.pdf';
const MEDIA_URL = 'https://media.example.org/documents/annual-report.pdf';

export const leakFinding = finding(
  'document-privacy',
  'directUrlLeak',
  'error',
  DOC_URL,
  'Private document annual-report.pdf is served to anonymous clients',
  [
    {
      request: { method: 'GET', url: DOC_URL, headers: { 'user-agent': 'wagtail-probe/0.1.0' } },
      hops: [{ url: DOC_URL, status: 302, location: MEDIA_URL, headers: { location: MEDIA_URL } }],
      status: 200,
      headers: { 'content-type': 'application/pdf' },
      bodyPrefix: '%PDF-1.4',
      referrer: TARGET,
    },
  ],
);

export const hostileFinding = finding(
  'document-privacy',
  'cacheablePrivate',
  'warning',
  HOSTILE_URL,
  `A private response is cacheable: ${HOSTILE}`,
  [
    {
      request: { method: 'HEAD', url: HOSTILE_URL, headers: { range: 'bytes=0-1' } },
      status: 200,
      headers: { 'cache-control': `public, max-age=600`, 'x-hostile': HOSTILE },
      note: 'compared Cache-Control with the private flag',
    },
  ],
);

export const inconclusiveFinding = finding(
  'media-offload',
  'cannotTellServer',
  'warning',
  'https://www.example.org/media/images/logo.width-400.png',
  'Could not tell whether Django or the web server served logo.width-400.png',
  [{ error: 'ERR_TIMEOUT', note: 'the request timed out twice' }],
  true,
);

export const infoFinding = finding(
  'static-assets',
  'noCompression',
  'info',
  'https://www.example.org/static/css/site.0123abcd.css',
  'site.0123abcd.css is not compressed',
  [{ status: 200, headers: {} }],
);

function run(id: string, title: string, outcome: ProbeRun['outcome'], findings: readonly Finding[], durationMs = 40): ProbeRun {
  return { id, title, outcome, findings, silencedCount: 0, requestsMade: 0, durationMs };
}

export const CRASH = 'TypeError: Cannot read properties of undefined (reading \'headers\')\n    at run (probes/deploy-checks.ts:42:7)';

/** Latency samples of 10, 20, … 200 ms: p50 is 100 ms and p95 190 ms by nearest rank. */
export const latency: readonly LatencySample[] = Array.from({ length: 20 }, (_, i) => ({
  url: i === 19 ? HOSTILE_URL : `https://www.example.org/page-${i}/`,
  kind: i % 2 === 0 ? 'page' : 'static',
  status: i === 18 ? null : 200,
  ttfbMs: (i + 1) * 5,
  totalMs: (i + 1) * 10,
}));

export function fixtureResult(): RunResult {
  return {
    schemaVersion: RESULT_SCHEMA_VERSION,
    outcome: { status: 'complete' },
    tool: { name: 'wagtail-probe', version: '0.1.0' },
    target: TARGET,
    startedAt: '2025-05-01T10:00:00.000Z',
    durationMs: 4250,
    failOn: 'error',
    gather: { pages: 12, assets: 40, documents: 3, images: 10, requests: 130, retries: 2, errors: 1, bytesRead: 123456, durationMs: 3900 },
    probes: [
      run('static-assets', 'Hashed static assets are served with long cache lifetimes', { status: 'pass' }, [infoFinding]),
      run('document-privacy', 'Private documents cannot be fetched without permission', { status: 'fail' }, [hostileFinding, leakFinding], 120),
      run('media-offload', 'Media is served by the web server or a CDN, not Django', { status: 'inconclusive' }, [inconclusiveFinding]),
      run('admin-login', 'The admin login page is reachable', { status: 'skip', reason: 'no admin login page found at /admin/login/' }, []),
      run('deploy-checks', 'Django deploy settings are safe', { status: 'error', error: CRASH }, []),
      run('ok-probe', 'Something that passes cleanly', { status: 'pass' }, []),
    ],
    latency,
  };
}

/** An unreachable site's message, with what a hostile DNS or proxy could put in it. */
export const UNREACHABLE = 'getaddrinfo ENOTFOUND www.example.org <b>\u001b[31m</b>';

/** A run that stopped before judging the site: no probes, the gather summary as far as it got. */
export function notProbedResult(reason: NotProbedReason = 'unreachable', message = UNREACHABLE): RunResult {
  const gather = { pages: 0, assets: 0, documents: 0, images: 0, requests: 1, retries: 2, errors: 1, bytesRead: 0, durationMs: 900 };
  return { ...fixtureResult(), outcome: { status: 'not-probed', reason, message }, durationMs: 950, gather, probes: [], latency: [] };
}

export const RUN_CRASH = "TypeError: Cannot read properties of null (reading 'pages')\n    at gather (src/run.ts:120:9)";

/** A run in which wagtail-probe itself crashed, after one probe had run. */
export function crashedResult(): RunResult {
  return { ...fixtureResult(), outcome: { status: 'crashed', message: RUN_CRASH }, probes: fixtureResult().probes.slice(5) };
}

/** A file name whose right-to-left override shows "invoice\u202efdp.exe" as "invoiceexe.pdf", among other invisibles. */
export const BIDI_NAME = 'invoice\u202efdp.exe.pdf';
export const BIDI_URL = `https://www.example.org/documents/7/${BIDI_NAME}`;
/** Every invisible or bidirectional character a report must show as an escape. */
export const INVISIBLES = '\u061c\u200b\u200c\u200d\u200e\u200f\u2028\u2029\u202a\u202b\u202c\u202d\u202e\u2060\u2066\u2067\u2068\u2069\ufeff';
export const INVISIBLE_RE = /[\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2064\u2066-\u2069\ufeff]/u;

export const bidiFinding = finding(
  'document-privacy',
  'directUrlLeak',
  'error',
  BIDI_URL,
  `Private document ${BIDI_NAME} is served to anonymous clients ${INVISIBLES}`,
  [{ request: { method: 'GET', url: BIDI_URL, headers: {} }, status: 200, headers: { 'content-disposition': `attachment; filename="${BIDI_NAME}"` } }],
);

/** The fixture with a baseline that already knew the leak (so only the warning and the rest are new). */
export function fixtureWithBaseline(known: readonly string[] = [leakFinding.fingerprint]): RunResult {
  return { ...fixtureResult(), baseline: { file: 'baseline.json', known } };
}

/** The fixture less its crashed probe: what a run looks like when every probe ran. */
export function withoutCrash(result: RunResult): RunResult {
  return { ...result, probes: result.probes.filter((p) => p.outcome.status !== 'error') };
}

export function withFailOn(result: RunResult, failOn: RunResult['failOn']): RunResult {
  return { ...result, failOn };
}

export const catalog: ProbeCatalog = {
  'document-privacy': {
    title: 'Private documents cannot be fetched without permission',
    docs: 'Set `WAGTAILDOCS_SERVE_METHOD = "serve_view"` so Wagtail checks permissions before serving.',
    messages: {
      directUrlLeak: { text: 'Private document {doc} is served to anonymous clients', severity: 'error' },
      cacheablePrivate: { text: 'A private response is cacheable: {detail}', severity: 'warning' },
    },
  },
  'static-assets': {
    title: 'Hashed static assets are served with long cache lifetimes',
    docs: 'Use `ManifestStaticFilesStorage` and serve `STATIC_ROOT` with far-future expiry.',
    messages: { noCompression: { text: '{file} is not compressed', severity: 'info' } },
  },
};

const SERVE_URL = 'https://www.example.org/documents/7/board-minutes.pdf';
const FILE_URL = 'https://www.example.org/media/documents/board-minutes.pdf';
const serveAnswer = {
  request: { method: 'GET', url: SERVE_URL, headers: {} },
  status: 302,
  headers: { location: '/admin/login/?next=/documents/7/board-minutes.pdf' },
  note: 'the serve URL is protected (redirects to the login page /admin/login/)',
} as const;
const fileAnswer = {
  request: { method: 'GET', url: FILE_URL, headers: {} },
  status: 200,
  headers: { 'content-type': 'application/pdf' },
  bodyPrefix: '%PDF-1.7',
  note: 'the file URL, MEDIA_URL + documents/ + the file name, answered anonymously',
} as const;

/**
 * A leak as document-privacy reports it: the serve URL's answer first (a login
 * redirect: the check works there), the file URL's 200 second (the leak).
 */
export const exposedFinding: Finding = {
  ...finding('document-privacy', 'privateFileExposed', 'error', SERVE_URL, `Private document board-minutes.pdf is readable without permission at its file URL ${FILE_URL} (200, pdf: a PDF document)`, [serveAnswer, fileAnswer]),
  data: { doc: 'board-minutes.pdf', fileUrl: FILE_URL, status: 200, type: 'pdf: a PDF document' },
};

/** The same leak behind a password restriction: the serve URL answers 200 too, with the password form. */
export const passwordExposedFinding: Finding = {
  ...exposedFinding,
  evidence: [{ ...serveAnswer, status: 200, headers: { 'content-type': 'text/html; charset=utf-8' }, note: "answers with Wagtail's password form" }, fileAnswer],
};

/** A finding whose probe marked the evidence that decided it (and whose data names no status). */
export const markedFinding: Finding = {
  ...finding('cache-privacy', 'csrfTokenShared', 'error', 'https://www.example.org/contact/', 'Two fresh clients got the same csrfmiddlewaretoken from https://www.example.org/contact/', [
    { request: { method: 'GET', url: 'https://www.example.org/contact/', headers: {} }, status: 200, headers: { 'content-type': 'text/html' }, note: 'the first client' },
    { request: { method: 'GET', url: 'https://www.example.org/contact/?second', headers: {} }, status: 200, headers: { age: '120', 'x-cache': 'HIT' }, note: 'the second client: a cache replayed the first answer', decisive: true },
  ]),
};

/** A finding about a group of files, filed under the site root: its evidence names a real member. */
export const groupedFinding: Finding = {
  ...finding('static-assets', 'hashedShortCache', 'warning', TARGET, '3 hashed files under /static/ are cached for less than a year (e.g. site.0123abcd.css: max-age=3600)', [
    { request: { method: 'GET', url: 'https://www.example.org/static/css/site.0123abcd.css', headers: {} }, status: 200, headers: { 'cache-control': 'max-age=3600' } },
    { request: { method: 'GET', url: 'https://www.example.org/static/js/app.4567cdef.js', headers: {} }, status: 200, headers: { 'cache-control': 'max-age=3600' } },
  ]),
  data: { count: 3, base: '/static/', example: 'site.0123abcd.css', received: 'max-age=3600' },
};

/** A complete run whose findings each rest on one response among several. */
export function decisiveResult(): RunResult {
  return {
    ...fixtureResult(),
    probes: [
      run('document-privacy', 'Private documents cannot be fetched without permission', { status: 'fail' }, [exposedFinding]),
      run('cache-privacy', 'Caches never replay one visitor to another', { status: 'fail' }, [markedFinding]),
      run('static-assets', 'Hashed static assets are served with long cache lifetimes', { status: 'fail' }, [groupedFinding]),
    ],
  };
}

/** Freezes a value and everything in it, so a test fails if a reporter mutates its input. */
export function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const item of Object.values(value)) deepFreeze(item);
  }
  return value;
}

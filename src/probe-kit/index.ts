// The one import surface a probe needs: how a probe is declared and what its
// context offers, the model it reads, evidence builders, safe decoding, the
// requests probes share, named read presets, and the who-served-it step.
// Knowledge of HTTP responses lives in src/signals and of Wagtail and Django
// in src/wagtail; probes import those directly, and nothing else of src/.

export { defineProbe } from '../engine/probe.js';
export type { Probe, ProbeContext, ProbeFetch, ProbeFetchOptions, ProbeMeta, ReportOptions } from '../engine/probe.js';
export type { Evidence } from '../engine/finding.js';
export type { RunOptions, Severity } from '../engine/options.js';
export type { BodyPolicy, FetchFailure, FetchOptions, FetchResponse, FetchResult, HeaderMap, Hop, SentRequest } from '../http/types.js';
export type { LearnedUrl, PageFacts, PageRecord, Reference, ReferenceVia, ResourceKind, ResourceRecord, SiteModel } from '../gather/model.js';
export { isUnder } from '../gather/urls.js';
export { evidenceFrom, pickHeaders } from './evidence.js';
export { answeredPages, filterPages, findPage, type AnsweredPage } from './pages.js';
export { READ } from './read.js';
export { fetchNotFound, notFoundUrl, RANGE_PROBE_HEADERS } from './shared-requests.js';
export { fetchRangeAnswer, fetchServedBy, judgeServedBy, SERVED_BY_HEADERS, signalsNote, type ServedByJudgement } from './served-by.js';
export { decodeUrlComponent, lastPathSegment } from '../signals/url-decoding.js';
export { compareText } from '../text-order.js';
export { negotiateAlpn, type AlpnOutcome, type AlpnTarget } from '../http/alpn.js';

// The JSON report: the RunResult as it is, with every probe's outcome its
// verdict (after --fail-on and the baseline, as the run stamps it, so a result
// that was not stamped reads the same), documented field by field in
// docs/report-schema.md. It is also the baseline file, so reading one back
// checks every field and names the first one that is wrong.

import type { RunOutcome, RunResult } from '../engine/result.js';
import { RESULT_SCHEMA_VERSION, withVerdicts } from '../engine/result.js';
import {
  ShapeError,
  expectArray,
  expectBoolean,
  expectNumber,
  expectObject,
  expectOneOf,
  expectString,
  expectStringRecord,
  optional,
} from './shape.js';
import { NOT_PROBED_REASONS } from './summary.js';

export function renderJson(result: RunResult): string {
  return [...renderJsonPieces(result)].join('');
}

/**
 * The JSON report in pieces that join to JSON.stringify(report, null, 2) and
 * a newline. A crawl's report holds every page's latency (2 MB of text at 10k
 * pages, 11 MB at 50k): as one string, and the flat copy V8 makes of it to
 * write it, it sat at the top of the run's peak RSS. Here the report's
 * members, and the items of its arrays, come one at a time, each written by
 * JSON.stringify and indented to its depth.
 */
export function* renderJsonPieces(result: RunResult): Generator<string> {
  yield* jsonPieces(jsonValue(withVerdicts(result), ''), '', PIECE_DEPTH);
  yield '\n';
}

/** Levels taken apart: the report's members, then the items of its arrays (a latency sample each). */
const PIECE_DEPTH = 2;

/** `value` as JSON.stringify sees it (after toJSON), at `indent`. */
function* jsonPieces(value: unknown, indent: string, depth: number): Generator<string> {
  const inner = `${indent}  `;
  if (depth > 0 && Array.isArray(value) && value.length > 0) {
    for (let index = 0; index < value.length; index++) {
      yield `${index === 0 ? '[' : ','}\n${inner}`;
      const item = jsonValue(value[index], String(index));
      // As JSON.stringify writes what JSON cannot hold in an array: null.
      if (isOmitted(item)) yield 'null';
      else yield* jsonPieces(item, inner, depth - 1);
    }
    yield `\n${indent}]`;
    return;
  }
  if (depth > 0 && isPlainObject(value)) {
    // As JSON.stringify leaves out what JSON cannot hold in an object.
    const members = Object.keys(value)
      .map((name) => [name, jsonValue(value[name], name)] as const)
      .filter(([, member]) => !isOmitted(member));
    if (members.length > 0) {
      for (const [index, [name, member]] of members.entries()) {
        yield `${index === 0 ? '{' : ','}\n${inner}${JSON.stringify(name)}: `;
        yield* jsonPieces(member, inner, depth - 1);
      }
      yield `\n${indent}}`;
      return;
    }
  }
  // JSON text has no raw newline inside a string: each one here starts a line, to be indented.
  yield (JSON.stringify(value, null, 2) as string).replaceAll('\n', `\n${indent}`);
}

/** What JSON.stringify writes for `raw` under `key`: its toJSON's answer, when it has one. */
function jsonValue(raw: unknown, key: string): unknown {
  return hasToJson(raw) ? raw.toJSON(key) : raw;
}

function hasToJson(value: unknown): value is { toJSON(key: string): unknown } {
  return typeof value === 'object' && value !== null && typeof (value as { toJSON?: unknown }).toJSON === 'function';
}

function isOmitted(value: unknown): boolean {
  return value === undefined || typeof value === 'function' || typeof value === 'symbol';
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const prototype: unknown = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

export type JsonReportErrorCode = 'ERR_REPORT_JSON' | 'ERR_REPORT_VERSION' | 'ERR_REPORT_SHAPE';

export class JsonReportError extends Error {
  readonly code: JsonReportErrorCode;
  constructor(code: JsonReportErrorCode, message: string) {
    super(message);
    this.name = 'JsonReportError';
    this.code = code;
  }
}

const SEVERITIES = ['error', 'warning', 'info'] as const;

function checkRequest(value: unknown, path: string): void {
  const request = expectObject(value, path);
  expectOneOf(request.method, `${path}.method`, ['GET', 'HEAD']);
  expectString(request.url, `${path}.url`);
  expectStringRecord(request.headers, `${path}.headers`);
}

function checkHop(value: unknown, path: string): void {
  const hop = expectObject(value, path);
  expectString(hop.url, `${path}.url`);
  expectNumber(hop.status, `${path}.status`);
  if (hop.location !== null) expectString(hop.location, `${path}.location`);
  expectStringRecord(hop.headers, `${path}.headers`);
}

function checkEvidence(value: unknown, path: string): void {
  const evidence = expectObject(value, path);
  optional(evidence.request, `${path}.request`, checkRequest);
  optional(evidence.status, `${path}.status`, expectNumber);
  optional(evidence.error, `${path}.error`, expectString);
  optional(evidence.headers, `${path}.headers`, expectStringRecord);
  optional(evidence.hops, `${path}.hops`, (hops, p) => expectArray(hops, p, checkHop));
  for (const key of ['referrer', 'bodyPrefix', 'note'] as const) optional(evidence[key], `${path}.${key}`, expectString);
  optional(evidence.decisive, `${path}.decisive`, (value, p) => {
    if (expectBoolean(value, p) !== true) throw new ShapeError(p, 'expected true (or no field), got false');
  });
}

function checkFinding(value: unknown, path: string): void {
  const finding = expectObject(value, path);
  for (const key of ['probe', 'messageId', 'url', 'message', 'fingerprint'] as const) expectString(finding[key], `${path}.${key}`);
  expectOneOf(finding.severity, `${path}.severity`, SEVERITIES);
  expectBoolean(finding.inconclusive, `${path}.inconclusive`);
  for (const [key, item] of Object.entries(expectObject(finding.data, `${path}.data`))) {
    if (typeof item !== 'number') expectString(item, `${path}.data.${key}`);
  }
  expectArray(finding.evidence, `${path}.evidence`, checkEvidence);
}

function checkOutcome(value: unknown, path: string): void {
  const outcome = expectObject(value, path);
  const status = expectOneOf(outcome.status, `${path}.status`, ['pass', 'fail', 'inconclusive', 'skip', 'error']);
  if (status === 'skip') expectString(outcome.reason, `${path}.reason`);
  if (status === 'error') expectString(outcome.error, `${path}.error`);
}

function checkProbeRun(value: unknown, path: string): void {
  const probe = expectObject(value, path);
  expectString(probe.id, `${path}.id`);
  expectString(probe.title, `${path}.title`);
  checkOutcome(probe.outcome, `${path}.outcome`);
  expectArray(probe.findings, `${path}.findings`, checkFinding);
  expectNumber(probe.silencedCount, `${path}.silencedCount`);
  expectNumber(probe.durationMs, `${path}.durationMs`);
}

function checkLatencySample(value: unknown, path: string): void {
  const sample = expectObject(value, path);
  expectString(sample.url, `${path}.url`);
  expectString(sample.kind, `${path}.kind`);
  if (sample.status !== null) expectNumber(sample.status, `${path}.status`);
  expectNumber(sample.ttfbMs, `${path}.ttfbMs`);
  expectNumber(sample.totalMs, `${path}.totalMs`);
}

function checkRunOutcome(value: unknown, path: string): void {
  const outcome = expectObject(value, path);
  const status = expectOneOf(outcome.status, `${path}.status`, ['complete', 'not-probed', 'crashed']);
  if (status === 'not-probed') expectOneOf(outcome.reason, `${path}.reason`, NOT_PROBED_REASONS);
  if (status !== 'complete') expectString(outcome.message, `${path}.message`);
}

/** Reports written before the outcome existed were all of complete runs (a failed run wrote none). */
const OLD_REPORT_OUTCOME: RunOutcome = { status: 'complete' };

const GATHER_FIELDS = ['pages', 'assets', 'documents', 'images', 'requests', 'retries', 'errors', 'bytesRead', 'durationMs'] as const;

function checkRunResult(report: Record<string, unknown>): void {
  optional(report.outcome, 'outcome', checkRunOutcome);
  expectString(report.target, 'target');
  expectString(report.startedAt, 'startedAt');
  expectNumber(report.durationMs, 'durationMs');
  expectOneOf(report.failOn, 'failOn', ['error', 'warning', 'info', 'never']);
  const gather = expectObject(report.gather, 'gather');
  for (const key of GATHER_FIELDS) expectNumber(gather[key], `gather.${key}`);
  expectArray(report.probes, 'probes', checkProbeRun);
  optional(report.baseline, 'baseline', (value, path) => {
    const baseline = expectObject(value, path);
    expectString(baseline.file, `${path}.file`);
    expectArray(baseline.known, `${path}.known`, expectString);
  });
  expectArray(report.latency, 'latency', checkLatencySample);
}

/**
 * Reads a JSON report written by `renderJson` (this or an earlier run). Throws a
 * JsonReportError whose message says what is wrong and where.
 */
export function parseJsonReport(text: string): RunResult {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new JsonReportError('ERR_REPORT_JSON', `not valid JSON: ${(error as Error).message}`);
  }
  try {
    const report = expectObject(value, 'report');
    const tool = expectObject(report.tool, 'tool');
    if (tool.name !== 'wagtail-probe') {
      throw new ShapeError('tool.name', `expected "wagtail-probe", got ${JSON.stringify(tool.name)}: not a wagtail-probe JSON report`);
    }
    expectString(tool.version, 'tool.version');
    if (report.schemaVersion !== RESULT_SCHEMA_VERSION) {
      throw new JsonReportError(
        'ERR_REPORT_VERSION',
        `schemaVersion ${JSON.stringify(report.schemaVersion)} is not supported: this wagtail-probe reads schemaVersion ${RESULT_SCHEMA_VERSION} ` +
          `(the report was written by wagtail-probe ${String(tool.version)})`,
      );
    }
    checkRunResult(report);
    return (report.outcome === undefined ? { ...report, outcome: OLD_REPORT_OUTCOME } : report) as unknown as RunResult;
  } catch (error) {
    if (error instanceof ShapeError) throw new JsonReportError('ERR_REPORT_SHAPE', `not a valid wagtail-probe JSON report: ${error.message}`);
    throw error;
  }
}

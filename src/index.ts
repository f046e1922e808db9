// The library: `import { run } from 'wagtail-probe'`. The CLI is a thin layer over this.

export { run, runWithOptions, resolveRunRequest, RunError } from './run.js';
export type { RunRequest, RunHooks, RunEvent, ResolvedRequest } from './run.js';
export { exitCodeOf, allFindings, isNew, meetsFailOn, RESULT_SCHEMA_VERSION } from './result.js';
export type { RunResult, GatherSummary, LatencySample } from './result.js';
export type { Finding, Evidence } from './finding.js';
export type { ProbeRun, ProbeOutcome, Probe, ProbeMeta, ProbeContext, MessageSpec } from './probe.js';
export { defineProbe } from './probe.js';
export type { SiteModel, PageRecord, ResourceRecord, ResourceKind } from './model.js';
export type { RunOptions, Severity, FailOn } from './options.js';
export type { ConfigFile, ReportFormatName } from './config.js';
export { ALL_PROBES } from './registry.js';
export { render, REPORT_FORMATS, parseJsonReport } from './report/index.js';
export { readBaseline, applyBaseline } from './baseline.js';
export { VERSION } from './version.js';

// The library: `import { run } from 'wagtail-probe'`. The CLI is a thin layer over this.

export { run, runWithOptions, resolveRunRequest, RunError } from './engine/run.js';
export type { RunRequest, RunHooks, RunEvent, ResolvedRequest } from './engine/run.js';
export { exitCodeOf, allFindings, isNew, meetsFailOn, RESULT_SCHEMA_VERSION } from './engine/result.js';
export type { RunResult, GatherSummary, LatencySample } from './engine/result.js';
export type { Finding, Evidence } from './engine/finding.js';
export type { ProbeRun, ProbeOutcome, Probe, ProbeMeta, ProbeContext, MessageSpec } from './engine/probe.js';
export { defineProbe } from './engine/probe.js';
export type { SiteModel, PageRecord, ResourceRecord, ResourceKind } from './gather/model.js';
export type { RunOptions, Severity, FailOn } from './engine/options.js';
export type { ConfigFile, ReportFormatName } from './config/config.js';
export { ALL_PROBES } from '../probes/index.js';
export { render, REPORT_FORMATS, parseJsonReport } from './report/index.js';
export { readBaseline, applyBaseline } from './engine/baseline.js';
export { VERSION } from './version.js';

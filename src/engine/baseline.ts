// Baselines for scheduled runs: only findings that were not there last time
// alert. A baseline file is simply a JSON report (what `--format json` writes):
// its findings' fingerprints are what is "known". One format to document, and
// any saved report can serve as a baseline.

import { readFile } from 'node:fs/promises';
import type { RunResult } from './result.js';
import { allFindings } from './result.js';
import { JsonReportError, parseJsonReport, renderJson } from '../report/json.js';

export interface Baseline {
  /** The target the baseline run checked; fingerprints hold URLs, so another target shares none. */
  readonly target: string;
  readonly startedAt: string;
  /** Fingerprints of every finding the baseline run reported (new or known then). */
  readonly fingerprints: readonly string[];
}

export type BaselineErrorCode = 'ERR_BASELINE_MISSING' | 'ERR_BASELINE_READ' | 'ERR_BASELINE_INVALID';

export class BaselineError extends Error {
  readonly code: BaselineErrorCode;
  constructor(code: BaselineErrorCode, message: string) {
    super(message);
    this.name = 'BaselineError';
    this.code = code;
  }
}

export function baselineOfReport(report: RunResult): Baseline {
  return {
    target: report.target,
    startedAt: report.startedAt,
    fingerprints: [...new Set(allFindings(report).map((f) => f.fingerprint))].sort(),
  };
}

export async function readBaseline(path: string): Promise<Baseline> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') {
      throw new BaselineError('ERR_BASELINE_MISSING', `baseline file ${path} does not exist (write one with --write-baseline)`);
    }
    throw new BaselineError('ERR_BASELINE_READ', `baseline file ${path} could not be read: ${(error as Error).message}`);
  }
  try {
    return baselineOfReport(parseJsonReport(text));
  } catch (error) {
    if (error instanceof JsonReportError) throw new BaselineError('ERR_BASELINE_INVALID', `baseline file ${path}: ${error.message}`);
    throw error;
  }
}

/** The result with `baseline` set: the file, and the fingerprints found both now and in the baseline. */
export function applyBaseline(result: RunResult, baseline: Baseline, file: string): RunResult {
  const before = new Set(baseline.fingerprints);
  const known = [...new Set(allFindings(result).map((f) => f.fingerprint))].filter((fp) => before.has(fp)).sort();
  return { ...result, baseline: { file, known } };
}

/** The text of a baseline file for --write-baseline: the JSON report of this run. */
export function baselineFromResult(result: RunResult): string {
  return renderJson(result);
}

// Runs one command under GNU time (/usr/bin/time -v) with a deadline, and
// reads back wall time, CPU seconds and peak RSS. The command gets its own
// process group, so a timeout kills it and everything it started.

import { spawn } from 'node:child_process';
import { existsSync, openSync, closeSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { onTeardown, signalGroup } from './processes.mjs';

export const GNU_TIME = '/usr/bin/time';
export const hasGnuTime = () => existsSync(GNU_TIME);

/** The fields of `time -v` the benchmark reports. */
export function parseGnuTime(text) {
  const field = (label) => {
    const match = new RegExp(`^\\s*${label.replace(/[()]/g, '\\$&')}: (.+)$`, 'm').exec(text);
    return match ? match[1].trim() : null;
  };
  const number = (label) => {
    const value = field(label);
    return value === null ? null : Number(value);
  };
  const maxRssKb = number('Maximum resident set size (kbytes)');
  const userS = number('User time (seconds)');
  const sysS = number('System time (seconds)');
  return { userS, sysS, cpuS: userS !== null && sysS !== null ? userS + sysS : null, maxRssMb: maxRssKb === null ? null : maxRssKb / 1024 };
}

/**
 * Runs `command args` with stdout to `stdoutFile` (or discarded), stderr kept
 * (last 8 KB). Resolves with the measurements; never rejects for a failing
 * command (its exit code is in the result).
 */
export async function runMeasured({ command, args, cwd, timeoutMs, stdoutFile = null, timeFile, env = process.env }) {
  const out = stdoutFile === null ? 'ignore' : openSync(stdoutFile, 'w');
  const wrapped = hasGnuTime() ? [GNU_TIME, ['-v', '-o', timeFile, command, ...args]] : [command, args];
  const load1 = loadavg()[0];
  const started = performance.now();
  const child = spawn(wrapped[0], wrapped[1], { cwd, env, detached: true, stdio: ['ignore', out, 'pipe'] });
  if (out !== 'ignore') closeSync(out);
  let stderr = '';
  child.stderr.on('data', (chunk) => {
    stderr = (stderr + chunk).slice(-8192);
  });
  const stopOnTeardown = onTeardown(async () => signalGroup(child, 'SIGKILL'));
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    signalGroup(child, 'SIGTERM');
    setTimeout(() => signalGroup(child, 'SIGKILL'), 5_000).unref();
  }, timeoutMs);
  const { code, signal } = await new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (exitCode, exitSignal) => resolve({ code: exitCode, signal: exitSignal }));
  });
  const wallMs = performance.now() - started;
  clearTimeout(timer);
  await stopOnTeardown();
  let usage = { userS: null, sysS: null, cpuS: null, maxRssMb: null };
  let exitCode = code;
  if (hasGnuTime() && !timedOut) {
    const text = await readFile(timeFile, 'utf8').catch(() => '');
    usage = parseGnuTime(text);
    // time -v exits with the command's status; "Command exited with non-zero status N" says the same.
    const status = /Exit status: (\d+)/.exec(text);
    if (status) exitCode = Number(status[1]);
  }
  return { exitCode, signal, timedOut, wallMs, load1, ...usage, stderrTail: stderr.slice(-2000) };
}

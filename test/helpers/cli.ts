// The built command line, spawned as an operator runs it (npm test builds it first).

import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const BIN = new URL('../../dist/src/bin.js', import.meta.url).pathname;

export interface Ran {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface CliOptions {
  cwd?: string;
  env?: Record<string, string>;
  stdin?: string;
  /** Called once the process is up, e.g. to send it a signal. */
  started?: (child: import('node:child_process').ChildProcess) => void;
}

export function cli(args: string[], options: CliOptions = {}): Promise<Ran> {
  if (!existsSync(BIN)) throw new Error(`${BIN} is missing: run npm run build first (npm test does)`);
  return spawnNode(BIN, args, options);
}

/** Any Node script spawned as cli() spawns the built one (e.g. the bin of a packed tarball). */
export function spawnNode(script: string, args: string[], options: CliOptions = {}): Promise<Ran> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [script, ...args], { cwd: options.cwd, env: { ...process.env, NO_COLOR: '1', ...options.env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d));
    child.stderr.on('data', (d: Buffer) => (stderr += d));
    child.stdin.end(options.stdin ?? '');
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
    options.started?.(child);
  });
}

export function tempDir(): Promise<string> {
  return mkdtemp(join(tmpdir(), 'wagtail-probe-cli-'));
}

// What the packaging tests share: running npm and the installed tool in a
// clean environment, and reading a tarball without a dependency of our own.

import { spawn } from 'node:child_process';
import { gunzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';

/** The repository's root. */
export const ROOT = fileURLToPath(new URL('../../', import.meta.url));

export interface Ran {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

// npm's own settings that would point a child npm back at this repository or
// change what it runs (prefix, local_prefix, ignore_scripts, omit...); only
// where packages come from is passed on, so a mirror set for CI still applies.
const NPM_SETTINGS_KEPT = /^npm_config_(registry|cache|userconfig|globalconfig|cafile|ca|proxy|https_proxy|noproxy|strict_ssl|fetch_.*)$/i;

/**
 * The environment a user's shell would give: without tap's loader and
 * coverage hooks (NODE_OPTIONS, NODE_V8_COVERAGE) and without the npm_*
 * variables of the npm that started the tests.
 */
export function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (/^npm_/i.test(key) && !NPM_SETTINGS_KEPT.test(key)) continue;
    if (key === 'NODE_OPTIONS' || key === 'NODE_V8_COVERAGE' || key.startsWith('_TAPJS') || key.startsWith('TAP')) continue;
    env[key] = value;
  }
  return { ...env, NO_COLOR: '1', npm_config_update_notifier: 'false', ...extra };
}

/** Runs a command to its end (killed after timeoutMs), collecting its output. */
export function run(command: string, args: readonly string[], options: { cwd: string; env?: NodeJS.ProcessEnv; timeoutMs?: number }): Promise<Ran> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: options.cwd, env: options.env ?? cleanEnv(), timeout: options.timeoutMs ?? 120_000, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d));
    child.stderr.on('data', (d: Buffer) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}

/** One sentence for an assertion message: the command's exit and the tail of its stderr. */
export function said(ran: Ran | undefined): string {
  if (ran === undefined) return 'not run: an earlier step failed';
  if (ran.code === 0) return 'exit 0';
  return `exit ${ran.code ?? ran.signal}: ${ran.stderr.trim().split('\n').slice(-15).join('\n')}`;
}

export interface TarEntry {
  /** As stored, e.g. "package/dist/src/bin.js". */
  path: string;
  mode: number;
  /** ustar type flag: "0" a file, "5" a directory. */
  type: string;
  data: Buffer;
}

/** The entries of a .tgz (ustar, with pax or GNU long names), without a tar library. */
export function readTarball(gz: Buffer): TarEntry[] {
  const tar = gunzipSync(gz);
  const entries: TarEntry[] = [];
  let longPath: string | null = null;
  for (let offset = 0; offset + 512 <= tar.length; ) {
    const header = tar.subarray(offset, offset + 512);
    if (header.every((byte) => byte === 0)) break;
    const field = (start: number, end: number): string => header.subarray(start, end).toString('utf8').replace(/\0[\s\S]*$/, '');
    const size = parseInt(field(124, 136).trim() || '0', 8);
    const type = field(156, 157) || '0';
    const data = Buffer.from(tar.subarray(offset + 512, offset + 512 + size));
    offset += 512 + Math.ceil(size / 512) * 512;
    if (type === 'x') {
      longPath = /(?:^|\n)\d+ path=([^\n]*)\n/.exec(data.toString('utf8'))?.[1] ?? null;
      continue;
    }
    if (type === 'L') {
      longPath = data.toString('utf8').replace(/\0[\s\S]*$/, '');
      continue;
    }
    if (type === 'g') continue;
    const name = field(0, 100);
    const prefix = field(345, 500);
    entries.push({ path: longPath ?? (prefix ? `${prefix}/${name}` : name), mode: parseInt(field(100, 108).trim() || '0', 8), type, data });
    longPath = null;
  }
  return entries;
}

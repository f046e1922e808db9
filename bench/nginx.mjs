// Debian's nginx serving a generated site on 127.0.0.1, with its own prefix,
// config and pid file (nothing of the system's nginx is touched), plus a
// stub_status counter on a second port for per-run request counts.

import { spawnSync } from 'node:child_process';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { request } from 'undici';
import { freePort, spawnService, waitForPort } from './processes.mjs';

const TEMPLATE = fileURLToPath(new URL('./nginx.conf.template', import.meta.url));
/** What the correctness passes log: enough to count statuses and bytes per URL. */
const LOG_FORMAT = "log_format bench '$msec $status $request_method $body_bytes_sent \"$request_uri\"';";

/** Descriptors left for nginx's own use (connections, logs) beside its file cache. */
const RESERVED_DESCRIPTORS = 4096 + 256;

/** This process's soft limit on open files, which nginx (its child) inherits; null when unknown. */
export function openFileLimit() {
  const result = spawnSync('sh', ['-c', 'ulimit -n'], { encoding: 'utf8' });
  const limit = Number(result.stdout.trim());
  return Number.isFinite(limit) && limit > 0 ? limit : null;
}

/**
 * open_file_cache's size: every file the site serves (and some), never more
 * than the descriptors left under the file-handle limit once nginx's own
 * connections are counted, and at least enough to matter.
 */
export function openFileCacheSize(siteFiles, limit = openFileLimit()) {
  const wanted = siteFiles + 64;
  if (limit === null) return Math.min(wanted, 10_000);
  return Math.max(256, Math.min(wanted, limit - RESERVED_DESCRIPTORS));
}

/**
 * Starts nginx for `www` in `prefix`. `accessLog` true writes prefix/access.log
 * (the correctness passes); the timed runs keep it off. `siteFiles` (the files
 * the site serves) sizes its open-file cache.
 */
export async function startNginx({ www, prefix, accessLog = false, siteFiles = 10_000 }) {
  await mkdir(prefix, { recursive: true });
  const [port, statusPort] = [await freePort(), await freePort()];
  const accessLogFile = path.join(prefix, 'access.log');
  const config = (await readFile(TEMPLATE, 'utf8'))
    .replaceAll('{{PREFIX}}', prefix)
    .replaceAll('{{ROOT}}', www)
    .replaceAll('{{PORT}}', String(port))
    .replaceAll('{{STATUS_PORT}}', String(statusPort))
    .replaceAll('{{OPEN_FILE_CACHE}}', String(openFileCacheSize(siteFiles)))
    .replaceAll('{{ACCESS_LOG}}', accessLog ? `${LOG_FORMAT}\n    access_log ${accessLogFile} bench;` : 'access_log off;');
  const configFile = path.join(prefix, 'nginx.conf');
  await writeFile(configFile, config);
  const service = spawnService('nginx', ['-p', prefix, '-c', configFile]);
  try {
    await waitForPort(port);
    await waitForPort(statusPort);
  } catch (error) {
    await service.stop();
    throw new Error(`nginx did not start: ${error.message}\n${service.stderr()}`);
  }
  return {
    origin: `http://127.0.0.1:${port}`,
    port,
    accessLogFile: accessLog ? accessLogFile : null,
    /** Requests nginx has answered so far (stub_status), less the status requests themselves. */
    async requestCount() {
      const { body } = await request(`http://127.0.0.1:${statusPort}/status`, { headersTimeout: 5_000, bodyTimeout: 5_000 });
      const text = await body.text();
      const match = /\n\s*(\d+)\s+(\d+)\s+(\d+)\s*\n/.exec(text);
      if (!match) throw new Error(`unexpected stub_status: ${text}`);
      return Number(match[3]);
    },
    stop: service.stop,
  };
}

/** Parses the 'bench' access log: one entry per request. */
export async function readAccessLog(file) {
  const text = await readFile(file, 'utf8');
  return text
    .split('\n')
    .filter(Boolean)
    .map((line) => {
      const match = /^(\S+) (\d+) (\S+) (\d+) "(.*)"$/.exec(line);
      if (!match) throw new Error(`unparsable access log line: ${line}`);
      return { atMs: Number(match[1]) * 1000, status: Number(match[2]), method: match[3], bytes: Number(match[4]), uri: match[5] };
    });
}

// Child processes and servers the benchmark starts, and their teardown: every
// one is registered here, so Ctrl-C, a failure or the normal end stops them
// all (each by its own process group, never by name).

import { spawn } from 'node:child_process';
import net from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

const cleanups = new Set();

/** Registers a teardown step; returns a function that runs it once and unregisters it. */
export function onTeardown(step) {
  let done = false;
  const run = async () => {
    if (done) return;
    done = true;
    cleanups.delete(run);
    await step();
  };
  cleanups.add(run);
  return run;
}

export async function teardownAll() {
  for (const step of [...cleanups].reverse()) {
    try {
      await step();
    } catch (error) {
      process.stderr.write(`bench: teardown step failed: ${error.message}\n`);
    }
  }
}

let installed = false;
/** Ctrl-C, SIGTERM and a crash all tear down before the process ends. */
export function installSignalTeardown() {
  if (installed) return;
  installed = true;
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
    process.once(signal, () => {
      process.stderr.write(`\nbench: ${signal}: stopping everything started\n`);
      teardownAll().finally(() => process.exit(130));
    });
  }
}

/** A free TCP port on 127.0.0.1 (bound, read, released). */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** Waits (bounded) until something accepts connections on 127.0.0.1:port. */
export async function waitForPort(port, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const open = await new Promise((resolve) => {
      const socket = net.connect(port, '127.0.0.1');
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (open) return;
    await sleep(50);
  }
  throw new Error(`nothing listens on 127.0.0.1:${port} after ${timeoutMs} ms`);
}

/** Signals a child's whole process group (it was spawned detached), ignoring one that is gone. */
export function signalGroup(child, signal) {
  try {
    process.kill(-child.pid, signal);
  } catch {
    // already gone
  }
}

/** Stops a detached child: SIGTERM to its group, SIGKILL after `graceMs`; resolves when it exited. */
export async function stopChild(child, graceMs = 5_000) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  signalGroup(child, 'SIGTERM');
  const timer = setTimeout(() => signalGroup(child, 'SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
}

/** Spawns a long-running helper (a server) in its own process group, registered for teardown. */
export function spawnService(command, args, options = {}) {
  const child = spawn(command, args, { stdio: ['ignore', 'ignore', 'pipe'], detached: true, ...options });
  let stderr = '';
  child.stderr?.on('data', (chunk) => {
    if (stderr.length < 16_384) stderr += chunk;
  });
  const stop = onTeardown(() => stopChild(child));
  return { child, stop, stderr: () => stderr };
}

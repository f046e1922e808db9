// What the tests that start a Debian server of their own (the Pushgateway,
// Prometheus) share: a free port on loopback, and a shell wrapper that ends the
// server when the test's end of its stdin closes, so no server outlives its test.

import net from 'node:net';

export async function freePort(host = '127.0.0.1'): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve, reject) => server.once('error', reject).listen(0, host, resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/**
 * `sh -c WATCHDOG sh <dir> <command…>`: $1 is the server's folder, removed once
 * it has stopped; the rest is its command line (at most 600 s). The shell waits
 * for the server (so its exit shows a server that died); a watcher reading the
 * pipe on fd 3 kills it at end of file.
 */
export const WATCHDOG = [
  'dir=$1; shift',
  'timeout 600 "$@" & server=$!',
  'exec 3<&0',
  '( cat <&3 >/dev/null; kill $server 2>/dev/null ) &',
  'wait $server; status=$?',
  'rm -rf "$dir"',
  'exit $status',
].join('\n');

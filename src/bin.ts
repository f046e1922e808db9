#!/usr/bin/env node
// The executable: everything else lives in cli.ts so tests can call main().
import { main } from './cli/main.js';

// `wagtail-probe probes | head`: a reader that stops early is not an error of ours.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(typeof process.exitCode === 'number' ? process.exitCode : 0);
  throw error;
});

process.exitCode = await main(process.argv);

// Summarises a V8 .cpuprofile (node --cpu-prof): idle share and the functions
// with the most self time, so a missed target comes with where the time went.
//
//   node bench/profile-summary.mjs <file.cpuprofile> [top=25]

import { readFile } from 'node:fs/promises';

export async function summariseProfile(file, top = 25) {
  const profile = JSON.parse(await readFile(file, 'utf8'));
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const deltas = profile.timeDeltas;
  const selfMs = new Map();
  let totalMs = 0;
  for (let i = 0; i < profile.samples.length; i++) {
    const ms = (deltas[i] ?? 0) / 1000;
    totalMs += ms;
    const node = byId.get(profile.samples[i]);
    const { functionName, url, lineNumber } = node.callFrame;
    const where = url ? `${url.replace(/^file:\/\/.*?\/(node_modules|dist)\//, '$1/')}:${lineNumber + 1}` : '';
    const key = `${functionName || '(anonymous)'} ${where}`.trim();
    selfMs.set(key, (selfMs.get(key) ?? 0) + ms);
  }
  const idleMs = [...selfMs].filter(([k]) => k.startsWith('(idle)')).reduce((a, [, v]) => a + v, 0);
  const gcMs = selfMs.get('(garbage collector)') ?? 0;
  const rows = [...selfMs].sort((a, b) => b[1] - a[1]).slice(0, top).map(([name, ms]) => ({ name, ms: Math.round(ms), share: ms / totalMs }));
  // Self time per package or file, coarser and easier to act on.
  const byModule = new Map();
  for (const [key, ms] of selfMs) {
    const match = /(node_modules\/(?:@[^/]+\/)?[^/]+|dist\/\S+?\.js|node:\S+?:)/.exec(key);
    const module = match ? match[1].replace(/:$/, '') : key.startsWith('(') ? key : '(other)';
    byModule.set(module, (byModule.get(module) ?? 0) + ms);
  }
  const modules = [...byModule].sort((a, b) => b[1] - a[1]).slice(0, 15).map(([name, ms]) => ({ name, ms: Math.round(ms), share: ms / totalMs }));
  return { totalMs: Math.round(totalMs), idleMs: Math.round(idleMs), gcMs: Math.round(gcMs), top: rows, modules };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const summary = await summariseProfile(process.argv[2], Number(process.argv[3] ?? 25));
  const pct = (x) => `${(x * 100).toFixed(1)}%`;
  process.stdout.write(`profile ${summary.totalMs} ms, idle ${summary.idleMs} ms, GC ${summary.gcMs} ms\n\nby module (self):\n`);
  for (const m of summary.modules) process.stdout.write(`  ${pct(m.share).padStart(6)} ${String(m.ms).padStart(7)} ms  ${m.name}\n`);
  process.stdout.write('\ntop functions (self):\n');
  for (const r of summary.top) process.stdout.write(`  ${pct(r.share).padStart(6)} ${String(r.ms).padStart(7)} ms  ${r.name}\n`);
}

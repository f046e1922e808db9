// Preloaded by memory.mjs --trace (NODE_OPTIONS=--require): where a run's
// memory goes. process.memoryUsage() sampled every 50 ms (with the requests
// undici has created so far), a sampling heap profile that keeps objects
// minor and major GCs collected (what the crawl allocates, garbage included;
// --heap-prof shows only what is live at exit), and the live heap after a
// forced GC every 2 s. WAGTAIL_PROBE_TRACE_MINOR=0 leaves out what minor GCs
// collected: what is left is what lived long enough to be promoted (the old
// generation's garbage, and what stays). All written to WAGTAIL_PROBE_TRACE_DIR when the process
// exits. In-thread inspector messages are answered synchronously, so this
// works from an 'exit' handler.

'use strict';
const { Session } = require('node:inspector');
const { subscribe } = require('node:diagnostics_channel');
const { writeFileSync } = require('node:fs');
const path = require('node:path');
const v8 = require('node:v8');
const vm = require('node:vm');

const dir = process.env.WAGTAIL_PROBE_TRACE_DIR;
if (dir) {
  v8.setFlagsFromString('--expose-gc');
  const gc = vm.runInNewContext('gc');
  let requests = 0;
  subscribe('undici:request:create', () => {
    requests += 1;
  });
  const samples = [];
  const sample = () => samples.push({ t: Math.round(performance.now()), requests, ...process.memoryUsage() });
  setInterval(sample, 50).unref();
  // The live heap (after a forced GC) every 2 s: what the crawl retains as it goes. The forced GCs lower the peak: WAGTAIL_PROBE_TRACE_LIVE=0 leaves them out.
  const live = [];
  if (process.env.WAGTAIL_PROBE_TRACE_LIVE !== '0') setInterval(() => {
    gc();
    live.push({ t: Math.round(performance.now()), requests, heapUsed: process.memoryUsage().heapUsed });
  }, 2000).unref();
  const session = new Session();
  session.connect();
  session.post('HeapProfiler.startSampling', { samplingInterval: 32768, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: process.env.WAGTAIL_PROBE_TRACE_MINOR !== '0' });
  process.on('exit', () => {
    sample();
    session.post('HeapProfiler.stopSampling', (error, result) => {
      if (!error) writeFileSync(path.join(dir, 'allocations.heapprofile'), JSON.stringify(result.profile));
    });
    writeFileSync(path.join(dir, 'live-heap.json'), JSON.stringify(live));
    writeFileSync(path.join(dir, 'memory-samples.json'), JSON.stringify(samples));
  });
}

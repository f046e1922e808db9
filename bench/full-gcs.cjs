// Preloaded by memory.mjs --full-gcs (NODE_OPTIONS=--require): when V8 ran a
// full (mark-compact) GC, in ms since the process started, written to
// WAGTAIL_PROBE_FULL_GCS as JSON at exit. A 10k run's peak depends on it: if
// the second full GC comes in the crawl's first second, V8 sets the next one
// so far off that none follows, and the old generation keeps its garbage to
// the end (bench README, fifth pass). A PerformanceObserver: no GC is forced.

'use strict';
const { PerformanceObserver, constants } = require('node:perf_hooks');
const { writeFileSync } = require('node:fs');

const file = process.env.WAGTAIL_PROBE_FULL_GCS;
if (file) {
  const starts = [];
  const observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) if (entry.detail?.kind === constants.NODE_PERFORMANCE_GC_MAJOR) starts.push(Math.round(entry.startTime));
  });
  observer.observe({ entryTypes: ['gc'] });
  process.on('exit', () => writeFileSync(file, JSON.stringify(starts)));
}

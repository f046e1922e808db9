// Every probe the tool runs, in report order. A probe is a file (a few rules)
// or a folder (index.ts: meta and run; messages.ts; one file per rule) under probes/.
// Adding a probe: its file or folder, one line here, and its tests.

import cachePrivacy from './cache-privacy/index.js';
import crawlCoverage from './crawl-coverage.js';
import deployChecks from './deploy-checks/index.js';
import documentPrivacy from './document-privacy/index.js';
import mediaOffload from './media-offload/index.js';
import monitorSession from './monitor-session/index.js';
import pagePrivacy from './page-privacy.js';
import performance from './performance/index.js';
import staticAssets from './static-assets/index.js';
import wagtailVersion from './wagtail-version/index.js';
import type { Probe } from '../src/probe-kit/index.js';

export const ALL_PROBES: readonly Probe[] = [staticAssets, documentPrivacy, pagePrivacy, mediaOffload, deployChecks, cachePrivacy, monitorSession, wagtailVersion, performance, crawlCoverage] as readonly Probe[];

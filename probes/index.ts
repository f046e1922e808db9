// Every probe the tool runs, in report order. A probe is one file in probes/.

import cachePrivacy from './cache-privacy.js';
import crawlCoverage from './crawl-coverage.js';
import deployChecks from './deploy-checks.js';
import documentPrivacy from './document-privacy.js';
import mediaOffload from './media-offload.js';
import pagePrivacy from './page-privacy.js';
import staticAssets from './static-assets.js';
import type { Probe } from '../src/engine/probe.js';

export const ALL_PROBES: readonly Probe[] = [staticAssets, documentPrivacy, pagePrivacy, mediaOffload, deployChecks, cachePrivacy, crawlCoverage] as readonly Probe[];

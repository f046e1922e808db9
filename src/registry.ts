// Every probe the tool runs, in report order. A probe is one file in probes/.

import cachePrivacy from '../probes/cache-privacy.js';
import crawlCoverage from '../probes/crawl-coverage.js';
import deployChecks from '../probes/deploy-checks.js';
import documentPrivacy from '../probes/document-privacy.js';
import mediaOffload from '../probes/media-offload.js';
import pagePrivacy from '../probes/page-privacy.js';
import staticAssets from '../probes/static-assets.js';
import type { Probe } from './probe.js';

export const ALL_PROBES: readonly Probe[] = [staticAssets, documentPrivacy, pagePrivacy, mediaOffload, deployChecks, cachePrivacy, crawlCoverage] as readonly Probe[];

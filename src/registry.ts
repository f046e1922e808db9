// Every probe the tool runs, in report order. A probe is one file in probes/.

import cachePrivacy from '../probes/cache-privacy.js';
import deployChecks from '../probes/deploy-checks.js';
import type { Probe } from './probe.js';

export const ALL_PROBES: readonly Probe[] = [deployChecks, cachePrivacy] as readonly Probe[];

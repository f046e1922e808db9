// crawl-coverage against the real Wagtail stack: on every profile the crawl
// reads every page it meets (the admin login's 500 on missing-manifest is
// static-assets' finding, not a gap), so a pass there covers the whole site.

import t from 'tap';
import { probeProfile } from './probe-profile.js';
import { loadStack, PROFILE_NAMES } from '../../stack/profiles.js';

const stack = loadStack();

for (const name of PROFILE_NAMES) {
  t.test(`${name}: every page the crawl met was read`, async (t) => {
    const run = await probeProfile(stack.profiles[name], 'crawl-coverage');
    t.same(run.findings.map((f) => f.message), []);
    t.equal(run.outcome.status, 'pass');
  });
}

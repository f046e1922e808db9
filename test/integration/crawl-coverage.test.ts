// crawl-coverage against the real Wagtail stack: on every profile but one the
// crawl reads every page it meets, so a pass there covers the whole site. On
// missing-manifest every content page answers 500 (the base template's
// {% static %} raises on the missing entry): one error for the site's root,
// which static-assets alone did not show (it judges the admin login and the
// missing page, and names the cause).

import t from 'tap';
import { probeProfile } from './probe-profile.js';
import { loadStack, PROFILE_NAMES } from '../stack/profiles.js';

const stack = loadStack();

t.test('missing-manifest: the content pages that fail are one error, for the root', async (t) => {
  const profile = stack.profiles['missing-manifest'];
  const run = await probeProfile(profile, 'crawl-coverage');
  t.same(run.findings.map((f) => `${f.severity} ${f.messageId} ${f.url} ${f.data['cause']}`), [`error pagesFailing ${profile.baseUrl} status 500`]);
  t.ok(Number(run.findings[0]?.data['count']) >= 10, `every article page is counted (${run.findings[0]?.data['count']})`);
  t.equal(run.findings[0]?.evidence[0]?.status, 500, 'the 500 itself is the evidence');
});

for (const name of PROFILE_NAMES.filter((n) => n !== 'missing-manifest')) {
  t.test(`${name}: every page the crawl met was read`, async (t) => {
    const run = await probeProfile(stack.profiles[name], 'crawl-coverage');
    t.same(run.findings.map((f) => f.message), []);
    t.equal(run.outcome.status, 'pass');
  });
}

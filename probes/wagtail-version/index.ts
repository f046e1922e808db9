// wagtail-version: which Wagtail release the site runs, read from the content
// hashes in the admin's static file names (ManifestStaticFilesStorage names a
// file after the MD5 of its bytes, and those bytes are the release's own), and
// what that release is exposed to: the security advisories fixed after it, and
// whether its series still gets security fixes. It reads what the crawl
// gathered (the admin login page references a dozen admin files) and, where
// those leave several releases, asks for a few confirming admin files by name
// (at most FINGERPRINTS.maxConfirmingRequests).

import { defineProbe } from '../../src/probe-kit/index.js';
import { identifyRelease } from '../../src/wagtail/version-fingerprint.js';
import { ADVISORIES, FINGERPRINTS } from '../../src/wagtail/wagtail-data.js';
import { reportAdvisories } from './advisories.js';
import { confirmingPlan, fetchConfirmations } from './confirm.js';
import { reportRelease } from './identify.js';
import { messages, type MessageId } from './messages.js';
import { seenFiles } from './observe.js';
import { reportSupport } from './support.js';

export default defineProbe<MessageId>({
  meta: {
    id: 'wagtail-version',
    title: 'The Wagtail release is one that gets security fixes and has none outstanding',
    docs: [
      "The admin login page's stylesheets and scripts carry the MD5 of their content in their names (`core.1a2b3c4d5e6f.js`), and Wagtail's",
      'admin files are the same bytes on every site running one release, so anyone can tell the release, or narrow it to a few patch releases,',
      'from outside. Where the login page leaves several patch releases, the probe asks for up to six other admin files by their hashed',
      'names (or plain names, where the storage does not hash): a 404 rules a release out, a 200 with the right content pins it.',
      'This probe does that and lists the published security advisories fixed after that release, with the release that fixes',
      'each, and whether the release series still receives security fixes (see Wagtail\'s release schedule).',
      'Fix: upgrade to the latest patch release of a supported series (`pip install -U "wagtail~=X.Y.0"`), and move off a series whose',
      'security support has ended. Hiding the version is not a fix: the file hashes give it away whatever the storage is called.',
    ].join(' '),
    // The confirming files, asked only where the login page leaves several releases.
    maxRequests: FINGERPRINTS.maxConfirmingRequests,
    messages,
  },

  async run(site, ctx) {
    const seen = seenFiles(site);
    const verdict = identifyRelease(seen.observations, seen.versionQueries, FINGERPRINTS);
    const plan = confirmingPlan(verdict, site);
    const confirmation = 'candidates' in verdict && plan !== null ? await fetchConfirmations(verdict.candidates, plan, ctx, FINGERPRINTS) : null;
    const candidates = reportRelease(verdict, confirmation, seen, site, FINGERPRINTS, ctx.report);
    reportAdvisories(candidates, site.adminLoginUrl, ADVISORIES, FINGERPRINTS, ctx.report);
    reportSupport(candidates, new Date(site.startedAt), site.adminLoginUrl, ADVISORIES, FINGERPRINTS, ctx.report);
  },
});

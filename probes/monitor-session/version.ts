// What the admin tells a logged-in user about its release: Wagtail links the
// editor guide with `target_version=<major>.<minor>.x` on every admin page. A
// release series, not a patch: wagtail-version could narrow its candidates
// with it (see the README's monitor account section).

import { evidenceFrom } from '../../src/probe-kit/index.js';
import type { ViewAnswer } from './admin-views.js';
import type { Report } from './messages.js';

const GUIDE_VERSION = /guide\.wagtail\.org\/[^"'\s]*[?&](?:amp;)?target_version=(\d+\.\d+)(?:\.x)?/;

/** The release series the editor guide link names, or null. */
export function guideVersion(html: string): string | null {
  return GUIDE_VERSION.exec(html)?.[1] ?? null;
}

export function reportAdminVersion(answers: readonly ViewAnswer[], report: Report): void {
  for (const a of answers) {
    if (!a.result.ok || a.result.status !== 200 || a.result.text === undefined) continue;
    const version = guideVersion(a.result.text);
    if (version === null) continue;
    report('adminShowsVersion', { version: `${version}.x`, where: `the editor guide link's target_version on the ${a.view.name}` }, [evidenceFrom(a.result, ['content-type'], { note: `target_version=${version}.x` })], { url: a.url });
    return;
  }
}

// The headers of Django's default middleware on the page that stands for the
// site, each with the check id that names its setting: present (W002, W006,
// W022, W024) and valid (W019, E023, E024).

import { evidenceFrom, type AnsweredPage } from '../../src/probe-kit/index.js';
import type { Report } from './messages.js';

const REFERRER_POLICY = /^\s*(no-referrer|no-referrer-when-downgrade|origin|origin-when-cross-origin|same-origin|strict-origin|strict-origin-when-cross-origin|unsafe-url)(\s*,\s*(no-referrer|no-referrer-when-downgrade|origin|origin-when-cross-origin|same-origin|strict-origin|strict-origin-when-cross-origin|unsafe-url))*\s*$/i;

/** Headers Django's default middleware sets, with the check id that names the setting. */
const DJANGO_HEADERS = [
  { header: 'x-frame-options', check: 'security.W002', setting: 'XFrameOptionsMiddleware / X_FRAME_OPTIONS', valid: /^(deny|sameorigin)$/i, invalidCheck: 'security.W019' },
  { header: 'x-content-type-options', check: 'security.W006', setting: 'SECURE_CONTENT_TYPE_NOSNIFF', valid: /^nosniff$/i, invalidCheck: 'security.W006' },
  { header: 'referrer-policy', check: 'security.W022', setting: 'SECURE_REFERRER_POLICY', valid: REFERRER_POLICY, invalidCheck: 'security.E023' },
  { header: 'cross-origin-opener-policy', check: 'security.W024', setting: 'SECURE_CROSS_ORIGIN_OPENER_POLICY', valid: /^(same-origin|same-origin-allow-popups|unsafe-none)$/i, invalidCheck: 'security.E024' },
] as const;

export function judgeSecurityHeaders(start: AnsweredPage, report: Report): void {
  for (const spec of DJANGO_HEADERS) {
    const value = start.response.headers[spec.header];
    if (value === undefined) {
      report('headerMissing', { url: start.url, header: spec.header, check: spec.check, setting: spec.setting }, [evidenceFrom(start.response, [])], { url: start.url });
    } else if (!spec.valid.test(value.trim())) {
      report('headerInvalid', { url: start.url, header: spec.header, value, check: spec.invalidCheck }, [evidenceFrom(start.response, [spec.header])], { url: start.url });
    }
  }
}

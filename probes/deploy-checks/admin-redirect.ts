// The Wagtail admin sends an anonymous visitor to its login page (302 to a
// login URL); a 404 there means the admin lives elsewhere (--admin-path).

import { evidenceFrom, READ, type FetchResult } from '../../src/probe-kit/index.js';
import type { Context, Report } from './messages.js';

/** One request: the admin's root, its redirect not followed. */
export function fetchAdmin(ctx: Context, adminUrl: string): Promise<FetchResult> {
  return ctx.fetch(adminUrl, { followRedirects: false, body: READ.headers });
}

export function judgeAdminRedirect(adminUrl: string, admin: FetchResult, report: Report): void {
  if (!admin.ok) {
    report('adminUnchecked', { url: adminUrl, error: admin.error.code }, [evidenceFrom(admin)], { url: adminUrl, inconclusive: true });
    return;
  }
  const location = admin.headers['location'] ?? '';
  if (admin.status === 404) {
    report('adminNotFound', { url: adminUrl, status: admin.status }, [evidenceFrom(admin, [])], { url: adminUrl, inconclusive: true });
  } else if (admin.status !== 302 || !/login/i.test(location)) {
    report('adminNotRedirecting', { url: adminUrl, status: admin.status }, [evidenceFrom(admin, ['location', 'cache-control'])], { url: adminUrl });
  }
}

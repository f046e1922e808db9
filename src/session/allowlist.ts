// The admin views the monitor session may open: a fixed list of read-only
// views, never a link found in the admin (a "delete", "unpublish" or "lock"
// link is one GET away from changing the site). Paths are relative to the
// admin path; only the page id of the explorer's own redirect is a parameter.

/** One admin view the session reads. */
export interface AdminView {
  /** What an operator calls it, for messages. */
  readonly name: string;
  /** Relative to the admin path ("" is the dashboard). */
  readonly path: string;
}

/** Views whose path is fixed: the dashboard, the explorer root, the image and document listings and choosers, search, reports. */
export const FIXED_ADMIN_VIEWS: readonly AdminView[] = [
  { name: 'dashboard', path: '' },
  { name: 'page explorer', path: 'pages/' },
  { name: 'image listing', path: 'images/' },
  { name: 'image chooser', path: 'images/chooser/' },
  { name: 'document listing', path: 'documents/' },
  { name: 'document chooser', path: 'documents/chooser/' },
  { name: 'page search', path: 'pages/search/' },
  { name: 'site history report', path: 'reports/site-history/' },
  { name: 'aging pages report', path: 'reports/aging-pages/' },
  { name: 'locked pages report', path: 'reports/locked/' },
];

/** The explorer's one child and that page's edit view, for the page the explorer root redirected the account to. */
export function pageViews(pageId: number): AdminView[] {
  return [
    { name: 'page explorer child', path: `pages/${pageId}/` },
    { name: 'page edit view', path: `pages/${pageId}/edit/` },
  ];
}

/** The login form's view: read (GET) before the one login POST. */
export const LOGIN_PATH = 'login/';
/** The logout view: POST only, once, at the end. */
export const LOGOUT_PATH = 'logout/';

const ALLOWED_GET_PATHS: readonly RegExp[] = [
  ...FIXED_ADMIN_VIEWS.map((view) => new RegExp(`^${view.path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`)),
  /^pages\/\d+\/$/,
  /^pages\/\d+\/edit\/$/,
  /^login\/$/,
];

/** The path of `url` under `adminUrl` (absolute, ending in '/'), or null when the URL is not in the admin. */
export function adminRelativePath(url: string, adminUrl: string): string | null {
  const target = new URL(url);
  const admin = new URL(adminUrl);
  if (target.origin !== admin.origin || !target.pathname.startsWith(admin.pathname)) return null;
  return target.pathname.slice(admin.pathname.length);
}

/** A GET the session may send into the admin: an allowlisted view, without a query (a query can be an action). */
export function isAllowedAdminGet(url: string, adminUrl: string): boolean {
  const path = adminRelativePath(url, adminUrl);
  if (path === null) return false;
  if (new URL(url).search !== '') return false;
  return ALLOWED_GET_PATHS.some((pattern) => pattern.test(path));
}

/** The page the explorer root redirected to (`<admin>pages/<id>/`): Wagtail sends an account to its explorable root. */
export function explorerRedirectPageId(location: string, fromUrl: string, adminUrl: string): number | null {
  let url: string;
  try {
    url = new URL(location, fromUrl).href;
  } catch {
    return null;
  }
  const path = adminRelativePath(url, adminUrl);
  const match = path === null ? null : /^pages\/(\d+)\/$/.exec(path);
  return match ? Number(match[1]) : null;
}

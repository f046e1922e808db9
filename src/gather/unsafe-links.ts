// Links a crawler must never GET because the site acts on the GET: log out,
// delete, unsubscribe, publish, moderate. Pure: a URL in, yes or no out.
//
// The rule reads whole words, not substrings. An action is a path segment, a
// query key or a query value that is an action verb, alone or joined to one
// other word: `/delete/`, `/logout.php`, `/delete-account/`, `/bulk_delete/`,
// `?action=delete`, `?delete=1`, `?unsubscribe=…`, `?do=logout`; unless that
// word makes it a field or an address (`?sort=publish_date`, `?cancel_url=…`).
// A longer slug is prose that mentions the verb (`/blog/how-we-delete-data/`,
// `/delete-policy-overview/`) and is crawled; so is a value that is a path
// (`/login/?next=/logout/` is a return address: GETting it shows a form).
// Missing a page costs a page; a GET that deletes costs the site.

/** Verbs that, as a URL's own words, name an action rather than content. */
const ACTION_VERBS: ReadonlySet<string> = new Set([
  'delete', 'remove', 'destroy',
  'publish', 'unpublish', 'unschedule',
  'unsubscribe',
  'logout', 'logoff', 'signout',
  'revoke', 'cancel',
  'approve', 'reject', // moderation
  'lock', 'unlock', 'revert',
]);

/** Words that make a verb name a field or an address (`publish_date`, `cancel_url`), not an action. */
const FIELD_WORDS: ReadonlySet<string> = new Set(['date', 'time', 'at', 'on', 'by', 'status', 'url']);

/** "logoutall", "signout_everywhere": the logout family as a word's start. */
const LOGOUT_WORD = /^(?:logout|logoff|signout)/;

/**
 * Wagtail admin actions whose names are ordinary words (a `/copy/` or `/move/`
 * page is content): actions only next to an object id, as in
 * `/admin/pages/12/copy/`, `/admin/pages/12/move/34/confirm/`, `/admin/workflows/disable/3/`.
 */
const ID_ACTIONS: ReadonlySet<string> = new Set(['copy', 'move', 'confirm', 'convert_alias', 'set_position', 'enable', 'disable']);

/** A file extension on the last word (`logout.php`, `delete.aspx`). */
const EXTENSION = /\.[a-z0-9]{1,5}$/;

/**
 * Every spelling any rule could match, so the usual link is cleared without
 * parsing it. A '%' may hide a letter (`%64elete`).
 */
const MAY_BE_ACTION =
  /%|delete|remove|destroy|publish|schedule|subscribe|log[-_]?o|sign[-_]?o|revoke|cancel|approve|reject|lock|revert|bulk|workflow|copy|move|confirm|convert|position|able/i;

/** True when GETting `url` (absolute http(s)) could change state on the site. */
export function isStateChangingUrl(url: string): boolean {
  if (!MAY_BE_ACTION.test(url)) return false;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  const segments = parsed.pathname.split('/').filter((s) => s !== '').map(decode);
  if (segments.some(isActionToken) || isWagtailAction(segments)) return true;
  for (const [key, value] of parsed.searchParams) {
    if (isActionToken(key) || isActionToken(value)) return true;
  }
  return false;
}

/** A segment, key or value that is a verb alone or with one other word. */
function isActionToken(token: string): boolean {
  const found = words(token);
  if (found.length === 0 || found.length > 2 || found.some((word) => FIELD_WORDS.has(word))) return false;
  return found.some((word) => ACTION_VERBS.has(word) || LOGOUT_WORD.test(word));
}

/** Lower-cased words split at '-', '_', '.' and spaces, with "log-out", "sign_out" read as one word. */
function words(token: string): string[] {
  const parts = token.toLowerCase().replace(EXTENSION, '').split(/[-_.\s]+/).filter((p) => p !== '');
  const merged: string[] = [];
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i] as string;
    const next = parts[i + 1];
    if ((part === 'log' || part === 'sign') && (next === 'out' || next === 'off')) {
      merged.push(part + next);
      i++;
    } else merged.push(part);
  }
  return merged;
}

/** Wagtail's admin URL shapes that act whatever the action is called. */
function isWagtailAction(segments: readonly string[]): boolean {
  for (let i = 0; i < segments.length; i++) {
    const segment = (segments[i] as string).toLowerCase();
    // Bulk actions: …/bulk/<app_label>/<model_name>/<action>/
    if (segment === 'bulk' && segments.length - i > 3) return true;
    // Workflow task actions: …/workflow/action/<action_name>/<task_state_id>/
    if (segment === 'workflow' && segments[i + 1]?.toLowerCase() === 'action') return true;
    if (ID_ACTIONS.has(segment) && (isId(segments[i - 1]) || isId(segments[i + 1]))) return true;
  }
  return false;
}

function isId(segment: string | undefined): boolean {
  return segment !== undefined && /^\d+$/.test(segment);
}

function decode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

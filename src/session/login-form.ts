// Wagtail's admin login page as the session reads it: the form that posts a
// username and a password, its CSRF token and `next`; and what the answer to
// the POST means (Django's LoginView: a redirect away when accepted, the form
// again when refused). Pure; read with a DOM, like src/wagtail/django-pages.ts.

import * as cheerio from 'cheerio/slim';

export interface AdminLoginForm {
  /** Absolute URL the form posts to. */
  readonly action: string;
  readonly csrfToken: string | null;
  readonly next: string;
}

/** The login form of the page, or null when there is none (an SSO button, an error page). */
export function readAdminLoginForm(html: string, pageUrl: string): AdminLoginForm | null {
  const $ = cheerio.load(html);
  const form = $('form')
    .filter((_, element) => $(element).find('input[name="username"]').length > 0 && $(element).find('input[type="password" i]').length > 0)
    .first();
  if (form.length === 0) return null;
  let action: string;
  try {
    action = new URL(form.attr('action') ?? '', pageUrl).href;
  } catch {
    return null;
  }
  const token = form.find('input[name="csrfmiddlewaretoken"]').attr('value');
  return { action, csrfToken: token === undefined || token === '' ? null : token, next: form.find('input[name="next"]').attr('value') ?? '' };
}

/** Where a login may send an account that still has a step to take: a second factor, or an identity provider. */
const SECOND_FACTOR_PATH = /(?:^|\/)(?:2fa|two[-_]?factor|otp|mfa|verify|totp)(?:\/|$)/i;

export type LoginAnswer =
  | { readonly kind: 'accepted'; readonly location: string }
  | { readonly kind: 'second-factor'; readonly location: string }
  | { readonly kind: 'elsewhere'; readonly location: string } // another origin: single sign-on
  | { readonly kind: 'refused'; readonly detail: string };

/**
 * What the answer to the credentials' POST means. Accepted: a redirect away
 * from the login page with a session cookie set. A 200 is the form again
 * (wrong credentials); a 403 is Django's CSRF failure.
 */
export function judgeLoginAnswer(status: number, location: string | null, postedTo: string, sessionCookieSet: boolean): LoginAnswer {
  if (status >= 300 && status < 400 && location !== null) {
    const target = new URL(location, postedTo);
    if (target.origin !== new URL(postedTo).origin) return { kind: 'elsewhere', location: target.href };
    if (SECOND_FACTOR_PATH.test(target.pathname)) return { kind: 'second-factor', location: target.href };
    if (target.pathname === new URL(postedTo).pathname) return { kind: 'refused', detail: `it redirected back to the login page (${status})` };
    if (!sessionCookieSet) return { kind: 'refused', detail: `it answered ${status} to ${target.pathname} but set no session cookie` };
    return { kind: 'accepted', location: target.href };
  }
  if (status === 200) return { kind: 'refused', detail: 'it showed the login form again (200): wrong user name or password, or the account is inactive' };
  if (status === 403) return { kind: 'refused', detail: "it answered 403: Django's CSRF check refused the form (CSRF_TRUSTED_ORIGINS, or a proxy that drops the csrftoken cookie)" };
  return { kind: 'refused', detail: `it answered ${status}` };
}

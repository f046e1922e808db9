// How Wagtail refuses an anonymous visitor a private page or document, read
// from its answer: a login or group restriction redirects to the login view
// (`/_util/login/?next=<path>`, or WAGTAIL_FRONTEND_LOGIN_URL); a password
// restriction answers 200 with its password form. A 200 is not access: the
// body decides.

import * as cheerio from 'cheerio/slim';

const RETURN_KEYS = /^(next|return_?to|return_?url|redirect_?to|redirect|continue|came_?from)$/i;
const LOGIN_PATH = /\/(?:_util\/)?log_?in\/?$|\/(?:accounts\/)?(?:login|signin|sign-in|sso)(?:\/|$)/i;

/** A redirect to a login page: it names `fromUrl` as the page to come back to, or its path says login. */
export function isLoginRedirect(location: string, fromUrl: string): boolean {
  let target: URL;
  let from: URL;
  try {
    target = new URL(location, fromUrl);
    from = new URL(fromUrl);
  } catch {
    return false;
  }
  for (const [key, value] of target.searchParams) {
    if (!RETURN_KEYS.test(key)) continue;
    try {
      if (new URL(value, fromUrl).pathname === from.pathname) return true;
    } catch {
      // not a URL: not a return address
    }
  }
  return LOGIN_PATH.test(target.pathname);
}

/**
 * Wagtail's password form for a private page or document: it posts to
 * `…/authenticate_with_password/<restriction id>/` (pages add `<page id>/`),
 * under any template a project gives it.
 */
export function isWagtailPasswordForm(html: string): boolean {
  const $ = cheerio.load(html);
  const posts = $('form[action*="authenticate_with_password/"]').toArray().some((form) => /\/authenticate_with_password\/\d+\/(?:\d+\/)?/.test($(form).attr('action') ?? ''));
  if (posts) return true;
  // The whole document's text: htmlparser2 (cheerio/slim) adds no <body> where the markup has none.
  return $('title').first().text().trim() === 'Password required' && /You need a password to access this (?:document|page)/i.test($.root().text());
}

/** A password field of anyone's: a login wall (SSO, a proxy) that is not Wagtail's own refusal. */
export function hasPasswordField(html: string): boolean {
  return cheerio.load(html)('input[type="password" i]').length > 0;
}

/** The page's <title>, trimmed; null when it has none: names the page a refusal did not hide. */
export function htmlTitle(html: string): string | null {
  const title = cheerio.load(html)('title').first().text().trim();
  return title === '' ? null : title;
}

// The monitor session's own cookie jar: name=value pairs from the Set-Cookie
// lines of the site's answers to the session, sent back as one Cookie header.
// It holds one site's cookies only (the session sends nothing to any other
// origin: src/session/session.ts), so domain and path need no bookkeeping.

import { parseSetCookie } from '../signals/cookies.js';

export class CookieJar {
  private readonly cookies = new Map<string, string>();

  /** Keeps what the answer set; a deletion (Max-Age=0, an expiry in 1970: Django's logout) removes the cookie. */
  absorb(setCookies: readonly string[]): void {
    for (const line of setCookies) {
      const pair = line.split(';', 1)[0] ?? '';
      const equals = pair.indexOf('=');
      if (equals <= 0) continue;
      const name = pair.slice(0, equals).trim();
      if (parseSetCookie(line).deletion) this.cookies.delete(name);
      else this.cookies.set(name, pair.slice(equals + 1).trim());
    }
  }

  has(name: string): boolean {
    return this.cookies.has(name);
  }

  get(name: string): string | undefined {
    return this.cookies.get(name);
  }

  /** The Cookie header's value, or null when the jar is empty. */
  header(): string | null {
    if (this.cookies.size === 0) return null;
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  }
}

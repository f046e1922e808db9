// What a Set-Cookie line says: the cookie's name and the attributes a
// deployment check judges (Secure, HttpOnly, SameSite), and whether it sets a
// cookie at all or deletes one.

/** Parsed Set-Cookie: name and the attributes that matter here. */
export interface CookieFacts {
  readonly name: string;
  readonly secure: boolean;
  readonly httpOnly: boolean;
  readonly sameSite: string | null;
  /** An expired cookie is a deletion (Django's logout and CSRF rotation), not a cookie being set. */
  readonly deletion: boolean;
}

export function parseSetCookie(line: string): CookieFacts {
  const [pair = '', ...attributes] = line.split(';');
  const name = pair.split('=')[0]?.trim() ?? '';
  const attrs = attributes.map((a) => a.trim().toLowerCase());
  const value = (key: string): string | null => {
    const found = attrs.find((a) => a.startsWith(`${key}=`));
    return found === undefined ? null : found.slice(key.length + 1).trim();
  };
  const maxAge = value('max-age');
  const expires = value('expires');
  return {
    name,
    secure: attrs.includes('secure'),
    httpOnly: attrs.includes('httponly'),
    sameSite: value('samesite'),
    deletion: (maxAge !== null && Number(maxAge) <= 0) || (expires !== null && /1970/.test(expires)),
  };
}

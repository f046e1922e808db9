// The user's secrets: Basic auth credentials, tokens and cookies given as
// headers. They are sent to the target's exact origin only (src/http/headers.ts)
// and masked by value in everything the tool writes: every report, the pretty
// output, the -v log and error lines, including where the site echoes a secret
// back (a Location, a Server header, a page).

export const MASK = '***';

/**
 * Secrets shorter than this are masked in the recorded request headers only,
 * not by value: masking every "1" or "on" in a report would hide real facts
 * and protect nothing worth the name.
 */
export const MIN_MASKED_LENGTH = 4;

export interface BasicCredentials {
  readonly user: string;
  readonly password: string;
}

/** `Basic <base64(user:password)>` (RFC 7617, UTF-8). */
export function basicAuthorization({ user, password }: BasicCredentials): string {
  return `Basic ${Buffer.from(`${user}:${password}`, 'utf8').toString('base64')}`;
}

/** Every form in which a secret header value could appear: the value, each cookie's value, the Basic password. */
export function secretValues(headers: Readonly<Record<string, string>>, credentials: BasicCredentials | null): string[] {
  const values = new Set<string>();
  for (const [name, value] of Object.entries(headers)) {
    values.add(value);
    if (name.toLowerCase() === 'cookie') {
      for (const pair of value.split(';')) values.add(pair.slice(pair.indexOf('=') + 1).trim());
    }
    const token = /^(?:Bearer|Token|Basic)\s+(.+)$/i.exec(value)?.[1];
    if (token) values.add(token);
  }
  if (credentials) {
    values.add(credentials.password);
    values.add(encodeURIComponent(credentials.password));
    values.add(basicAuthorization(credentials).slice('Basic '.length));
  }
  return [...values].filter((v) => v.length >= MIN_MASKED_LENGTH);
}

export interface Redactor {
  /** The text with every secret masked. */
  text(text: string): string;
  /** A deep copy of plain data (JSON-like) with every string masked; the same object when there is nothing to mask. */
  value<T>(value: T): T;
}

export function createRedactor(secrets: readonly string[]): Redactor {
  // Longest first, so a secret that contains another is masked whole.
  const ordered = [...new Set(secrets)].filter((s) => s.length >= MIN_MASKED_LENGTH).sort((a, b) => b.length - a.length);
  const text = (input: string): string => {
    let out = input;
    for (const secret of ordered) if (out.includes(secret)) out = out.split(secret).join(MASK);
    return out;
  };
  const deep = (input: unknown): unknown => {
    if (typeof input === 'string') return text(input);
    if (Array.isArray(input)) return input.map(deep);
    if (input !== null && typeof input === 'object') {
      return Object.fromEntries(Object.entries(input).map(([key, v]) => [text(key), deep(v)]));
    }
    return input;
  };
  return {
    text: ordered.length === 0 ? (input) => input : text,
    value: <T>(input: T): T => (ordered.length === 0 ? input : (deep(input) as T)),
  };
}

/** The URL as safe to echo: `user:***@` in place of a password in its userinfo. */
export function withoutPassword(url: string): string {
  return url.replace(/^([a-z][a-z0-9+.-]*:\/\/)([^/@:?#]*):([^/@?#]*)@/i, (_whole, scheme: string, user: string) => `${scheme}${user}:${MASK}@`);
}

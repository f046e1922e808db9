// What a Strict-Transport-Security header says (RFC 6797): how long a browser
// keeps to https, and the includeSubDomains and preload flags.

export interface HstsFacts {
  /** The max-age directive in seconds; null when absent or not a number. */
  readonly maxAge: number | null;
  readonly includeSubDomains: boolean;
  readonly preload: boolean;
}

export function parseHsts(value: string): HstsFacts {
  const parts = value.split(';').map((p) => p.trim().toLowerCase());
  const maxAge = parts.find((p) => p.startsWith('max-age'))?.split('=')[1]?.replace(/"/g, '').trim();
  return {
    maxAge: maxAge !== undefined && /^\d+$/.test(maxAge) ? Number(maxAge) : null,
    includeSubDomains: parts.includes('includesubdomains'),
    preload: parts.includes('preload'),
  };
}

// HTTP-date (RFC 9110 §5.6.7) parsed strictly. Date.parse is not used because
// it accepts things HTTP does not ("0" becomes the year 2000 in V8), and
// RFC 9111 §5.3 says an invalid Expires, "0" above all, means "already expired".

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const DAY_NAMES = '(?:mon|tue|wed|thu|fri|sat|sun)';
const LONG_DAY_NAMES = '(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)';
const MONTH = '(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)';
const TIME = '(\\d{2}):(\\d{2}):(\\d{2})';

/** Sun, 06 Nov 1994 08:49:37 GMT (the one servers should send) */
const IMF_FIXDATE = new RegExp(`^${DAY_NAMES}, (\\d{2}) ${MONTH} (\\d{4}) ${TIME} GMT$`, 'i');
/** Sunday, 06-Nov-94 08:49:37 GMT (obsolete, still accepted) */
const RFC850_DATE = new RegExp(`^${LONG_DAY_NAMES}, (\\d{2})-${MONTH}-(\\d{2}) ${TIME} GMT$`, 'i');
/** Sun Nov  6 08:49:37 1994 (C asctime, obsolete, still accepted) */
const ASCTIME_DATE = new RegExp(`^${DAY_NAMES} ${MONTH} ([ \\d]\\d) ${TIME} (\\d{4})$`, 'i');

/** Milliseconds since the epoch, or null when the value is not an HTTP-date. */
export function parseHttpDate(value: string | undefined): number | null {
  if (value === undefined) return null;
  const text = value.trim();
  let m = IMF_FIXDATE.exec(text);
  if (m) return utc({ year: num(m, 3), month: str(m, 2), day: num(m, 1), hour: num(m, 4), minute: num(m, 5), second: num(m, 6) });
  m = RFC850_DATE.exec(text);
  if (m) {
    // Two-digit years: 70-99 are 19xx, 00-69 are 20xx. RFC 9110 asks for "not
    // more than 50 years ahead of now", which needs a clock; this fixed pivot
    // agrees with it until 2039 and keeps the function pure.
    const yy = num(m, 3);
    const year = yy < 70 ? 2000 + yy : 1900 + yy;
    return utc({ year, month: str(m, 2), day: num(m, 1), hour: num(m, 4), minute: num(m, 5), second: num(m, 6) });
  }
  m = ASCTIME_DATE.exec(text);
  if (m) return utc({ year: num(m, 6), month: str(m, 1), day: num(m, 2), hour: num(m, 3), minute: num(m, 4), second: num(m, 5) });
  return null;
}

interface DateParts {
  readonly year: number;
  readonly month: string;
  readonly day: number;
  readonly hour: number;
  readonly minute: number;
  readonly second: number;
}

function utc(parts: DateParts): number | null {
  const month = MONTHS.indexOf(parts.month.toLowerCase());
  if (parts.hour > 23 || parts.minute > 59 || parts.second > 60) return null;
  // A leap second (":60") is a real HTTP-date; count it as the second before.
  const time = Date.UTC(parts.year, month, parts.day, parts.hour, parts.minute, Math.min(parts.second, 59));
  // Date.UTC rolls 31 Feb over into March: a day that does not exist is not a date.
  if (parts.day === 0 || new Date(time).getUTCDate() !== parts.day) return null;
  return time;
}

function str(match: RegExpExecArray, group: number): string {
  return match[group] ?? '';
}

function num(match: RegExpExecArray, group: number): number {
  return Number(str(match, group).trim());
}

// Small text helpers the reporters share. Findings carry strings the site chose
// (URLs, header values, body prefixes): none may reach a terminal, an XML or an
// HTML document with its control characters intact.

/**
 * Characters a report must never emit raw: C0 controls except tab and newline,
 * DEL, C1 controls, lone surrogates, and the non-characters XML 1.0 forbids.
 * (With the u flag a lone surrogate is matched on its own; a valid pair is not.)
 */
const UNSAFE = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\uD800-\uDFFF\uFFFE\uFFFF]/gu;

/** Replaces unsafe characters with a visible `\xNN` / `\uNNNN` escape; everything else is kept. */
export function visible(text: string): string {
  return text.replace(UNSAFE, (char) => {
    const code = char.charCodeAt(0);
    return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
  });
}

/** For places that must stay on one line (a terminal line, a TAP description). */
export function oneLine(text: string): string {
  return visible(text).replace(/\r\n|\r|\n/g, '\\n').replace(/\t/g, ' ');
}

/** First line of a multi-line message (an error's stack starts with its message). */
export function firstLine(text: string): string {
  return text.split(/\r?\n/, 1)[0] ?? '';
}

export function plural(count: number, singular: string, pluralForm = `${singular}s`): string {
  return `${count} ${count === 1 ? singular : pluralForm}`;
}

/** "850 ms", "4.2 s", "3 min 5 s": what an operator reads at a glance. */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const minutes = Math.floor(ms / 60_000);
  return `${minutes} min ${Math.round((ms - minutes * 60_000) / 1000)} s`;
}

/** Seconds with millisecond precision, as JUnit and Prometheus want them. */
export function seconds(ms: number): string {
  return (ms / 1000).toFixed(3);
}

/** The end of the run as an ISO string, from its start and duration (never the clock); null when the start is unreadable. */
export function endedAt(startedAt: string, durationMs: number): string | null {
  const start = Date.parse(startedAt);
  return Number.isNaN(start) ? null : new Date(start + durationMs).toISOString();
}

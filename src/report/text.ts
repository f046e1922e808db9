// Small text helpers the reporters share. Findings carry strings the site chose
// (URLs, header values, body prefixes): none may reach a terminal, an XML or an
// HTML document with its control characters intact.

/**
 * Characters a report must never emit raw: C0 controls except tab and newline,
 * DEL, C1 controls, lone surrogates, and the non-characters XML 1.0 forbids.
 * (With the u flag a lone surrogate is matched on its own; a valid pair is not.)
 * Also the invisible and bidirectional formatting characters, which make text
 * display as something else (a right-to-left override shows
 * "invoice\u202efdp.exe" as "invoiceexe.pdf"): U+061C, U+200B–U+200F, the
 * separators U+2028–U+2029, the embeddings, overrides and isolates
 * U+202A–U+202E and U+2066–U+2069, U+2060–U+2064 and the BOM U+FEFF.
 */
const UNSAFE =
  /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u061C\u200B-\u200F\u2028-\u202E\u2060-\u2064\u2066-\u2069\uD800-\uDFFF\uFEFF\uFFFE\uFFFF]/gu;

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

// Evidence as an operator reads it: the one fact that decided a finding, the
// full list of facts, and a curl command that replays the request. Strings are
// returned raw; each format escapes them its own way.

import type { Evidence, Finding } from '../engine/finding.js';
import type { SentRequest } from '../http/types.js';

/** Quotes for a POSIX shell: single quotes, with embedded ones closed, escaped and reopened. */
export function shellQuote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

/** A curl command that sends the same request and prints the response headers. */
export function curlCommand(request: SentRequest): string {
  const parts = ['curl', '-sS', request.method === 'HEAD' ? '-I' : '-D - -o /dev/null'];
  for (const [name, value] of Object.entries(request.headers)) parts.push('-H', shellQuote(`${name}: ${value}`));
  parts.push(shellQuote(request.url));
  return parts.join(' ');
}

/** "302 → 200", "ERR_TIMEOUT": the statuses along the way. */
function statusChain(evidence: Evidence): string | null {
  const final = evidence.error ?? (evidence.status !== undefined ? String(evidence.status) : null);
  const hops = (evidence.hops ?? []).map((hop) => String(hop.status));
  if (final === null) return hops.length > 0 ? hops.join(' → ') : null;
  return [...hops, final].join(' → ');
}

/**
 * The fact that decided the finding, on one line: the status (with any redirect
 * hops) and the decisive header(s), from the first evidence that has them;
 * else the first note. Null when the evidence holds none of these.
 */
export function decisiveFact(finding: Finding): string | null {
  for (const evidence of finding.evidence) {
    const parts: string[] = [];
    const chain = statusChain(evidence);
    if (chain !== null) parts.push(chain);
    for (const [name, value] of Object.entries(evidence.headers ?? {})) parts.push(`${name}: ${value}`);
    if (parts.length > 0) return parts.join(' · ');
  }
  return finding.evidence.find((e) => e.note !== undefined)?.note ?? null;
}

export interface Fact {
  readonly label: string;
  readonly value: string;
}

/** Every fact of one evidence item, in the order an operator would replay it. */
export function evidenceFacts(evidence: Evidence): Fact[] {
  const facts: Fact[] = [];
  const add = (label: string, value: string | undefined): void => {
    if (value !== undefined) facts.push({ label, value });
  };
  if (evidence.request) {
    add('request', `${evidence.request.method} ${evidence.request.url}`);
    for (const [name, value] of Object.entries(evidence.request.headers)) add('sent', `${name}: ${value}`);
  }
  for (const hop of evidence.hops ?? []) add('hop', `${hop.status} ${hop.url} → ${hop.location ?? '(no Location)'}`);
  add('status', evidence.status !== undefined ? String(evidence.status) : undefined);
  add('error', evidence.error);
  for (const [name, value] of Object.entries(evidence.headers ?? {})) add('header', `${name}: ${value}`);
  add('body', evidence.bodyPrefix);
  add('referrer', evidence.referrer);
  add('note', evidence.note);
  if (evidence.request) add('curl', curlCommand(evidence.request));
  return facts;
}

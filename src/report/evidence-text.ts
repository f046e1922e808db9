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

function hasStatusOrHeaders(evidence: Evidence): boolean {
  return statusChain(evidence) !== null || Object.keys(evidence.headers ?? {}).length > 0;
}

/**
 * The observation that decided the finding, by the first rule that finds one:
 * 1. the evidence the probe marked `decisive`;
 * 2. the evidence that best agrees with the message: its final status (or
 *    error code) is the `status` the finding's data names (2 points), its
 *    request URL is a URL the data names (1 point); the highest score wins, the
 *    first on a tie (a leak's file URL and its 200, not the serve URL's login
 *    redirect or password form listed before it);
 * 3. the first evidence with a status or headers.
 * Null when no evidence has a status or headers (a finding of notes only).
 */
export function decisiveEvidence(finding: Pick<Finding, 'evidence' | 'data'>): Evidence | null {
  const candidates = finding.evidence.filter(hasStatusOrHeaders);
  const marked = candidates.find((e) => e.decisive === true);
  if (marked) return marked;
  const status = finding.data['status'];
  const named = new Set(Object.values(finding.data).map(String));
  let best: Evidence | null = null;
  let bestScore = 0;
  for (const evidence of candidates) {
    const agrees = status !== undefined && String(evidence.status ?? evidence.error) === String(status) ? 2 : 0;
    const score = agrees + (evidence.request !== undefined && named.has(evidence.request.url) ? 1 : 0);
    if (score > bestScore) [best, bestScore] = [evidence, score];
  }
  return best ?? candidates[0] ?? null;
}

/**
 * The fact that decided the finding, on one line: the status (with any redirect
 * hops) and the decisive header(s) of `decisiveEvidence`; else the first note.
 * Null when the evidence holds none of these.
 */
export function decisiveFact(finding: Pick<Finding, 'evidence' | 'data'>): string | null {
  const evidence = decisiveEvidence(finding);
  if (evidence === null) return finding.evidence.find((e) => e.note !== undefined)?.note ?? null;
  const parts: string[] = [];
  const chain = statusChain(evidence);
  if (chain !== null) parts.push(chain);
  for (const [name, value] of Object.entries(evidence.headers ?? {})) parts.push(`${name}: ${value}`);
  return parts.join(' · ');
}

/**
 * The URL whose answer decided the finding: the decisive evidence's request
 * (where its redirect chain starts, what one replays with curl), else the
 * finding's own URL. For a grouped finding this is a real member of the group,
 * never the site root the finding may be filed under.
 */
export function decisiveUrl(finding: Pick<Finding, 'evidence' | 'data' | 'url'>): string {
  const evidence = decisiveEvidence(finding);
  return evidence?.request?.url ?? evidence?.hops?.[0]?.url ?? finding.url;
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

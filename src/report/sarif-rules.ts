// What a SARIF rule says about one probe message, in the words GitHub code
// scanning shows: a description without the message template's `{placeholders}`,
// help from the probe's docs, and, for the rules that are about security, a
// `security-severity` score. Pure functions of the catalog entry.

import type { Severity } from '../engine/options.js';

/** GitHub's documented length limits on a rule (reportingDescriptor). */
export const RULE_NAME_MAX = 255;
export const RULE_DESCRIPTION_MAX = 1024;

/** Cuts text to at most `max` characters, at a word where it can, with an ellipsis. */
export function clip(text: string, max: number): string {
  const chars = [...text];
  if (chars.length <= max) return text;
  const cut = chars.slice(0, max - 1).join('');
  const space = cut.lastIndexOf(' ');
  return `${(space > max / 2 ? cut.slice(0, space) : cut).replace(/[\s,;:.]+$/u, '')}…`;
}

/** "document-privacy" + "privateFileExposed" → "DocumentPrivacyPrivateFileExposed": a unique Pascal-case rule name. */
export function pascalName(...parts: readonly string[]): string {
  const words = parts.flatMap((part) => part.split(/[^A-Za-z0-9]+/).flatMap((w) => w.split(/(?<=[a-z0-9])(?=[A-Z])/)));
  return clip(words.filter((w) => w !== '').map((w) => w[0]!.toUpperCase() + w.slice(1)).join(''), RULE_NAME_MAX);
}

// Placeholder names the message templates use, as words that read in their place:
// [mid-sentence, at the start of the text]. A name not listed becomes "…".
const WORDS: Readonly<Record<string, readonly [string, string]>> = {
  url: ['URL', 'A URL'],
  fileUrl: ['a file URL', 'A file URL'],
  what: ['a resource', 'A resource'],
  status: ['an unexpected status', 'An unexpected status'],
  cause: ['an error status', 'An error status'],
  count: ['some', 'Some'],
  read: ['some', 'Some'],
  skipped: ['some', 'Some'],
  total: ['the', 'The'],
  sampled: ['them', 'Them'],
  kind: ['media files', 'Media files'],
  server: ['a detected server', 'A detected server'],
  page: ['a page', 'A page'],
  pages: ['the pages', 'The pages'],
  header: ['a header', 'A header'],
  manifest: ['the manifest', 'The manifest'],
  name: ['a name', 'A name'],
  origin: ['another origin', 'Another origin'],
  response: ['response', 'The response'],
  type: ['an active', 'An active'],
  target: ['its URL', 'Its URL'],
  how: ['are protected', 'Are protected'],
  limit: ['the limit', 'The limit'],
  maxAge: ['a number of', 'A number of'],
  includeSubDomains: ['on or off', 'On or off'],
  preload: ['on or off', 'On or off'],
  got: ['the wrong type', 'The wrong type'],
  contentType: ['the wrong type', 'The wrong type'],
  expectedFor: ['file of that kind', 'File of that kind'],
  expected: ['another type', 'Another type'],
  body: ['something else', 'Something else'],
  md5: ['different', 'Different'],
  hash: ['otherwise', 'Otherwise'],
  problem: ['is broken', 'Is broken'],
  doc: ['a document', 'A document'],
  docs: ['some documents', 'Some documents'],
  hint: ['', ''],
  versioned: ['', ''],
};

/** Phrases read better rewritten whole than word by word. */
const PHRASES: ReadonlyArray<readonly [RegExp, string]> = [
  [/\bprivate \{what\}/g, 'a private page or document'],
  [/\bgoes to \{location\}/g, 'goes elsewhere'],
  [/\bfor up to \{seconds\} s\b/g, 'for long'],
];
/** A placeholder right after the noun it names ("document {doc}", "Cookie {cookie}") says nothing more. */
const NAMED = /\b(document|page|URL|file|[Cc]ookie|host|ETag|header|folder|value)\s+\{\w+\}/g;
/** "at {url}", "on {url}", "under {section}": where, which the result's own message says. */
const WHERE = /\s+(?:at|on|from|for|to|in|under)\s+\{(?:url|fileUrl|apiUrl|bucketUrl|section|base|rendition|page)\}/g;

/**
 * A rule's description from its message template, without `{placeholders}`:
 * parentheses and trailing clauses that only hold data go, a placeholder after
 * the noun it names goes, and the rest become words that read in their place.
 * "Private document {doc} is readable without permission at its file URL
 * {fileUrl} ({status}, {type})" → "Private document is readable without
 * permission at its file URL". The result's own message keeps the data.
 */
export function placeholderFree(template: string): string {
  let text = template.replace(/\s*\([^()]*\{\w+\}[^()]*\)/g, '');
  for (const [pattern, replacement] of PHRASES) text = text.replace(pattern, replacement);
  for (let before = ''; before !== text; ) {
    before = text;
    // A clause that is only data: ": {docs}", ". {advice}" (at the end or before more punctuation).
    text = text.replace(/\s*[:;.,]\s*\{\w+\}(?=\s*(?:[:;.,]|$))/g, '');
  }
  text = text.replace(/\{(\w+)\}\s+\{\w+\}/g, '{$1}').replace(NAMED, '$1').replace(WHERE, '');
  text = text.replace(/\{(\w+)\}/g, (_whole, name: string, offset: number) => {
    const words = WORDS[name];
    if (words === undefined) return '…';
    return offset === 0 ? words[1] : words[0];
  });
  text = text.replace(/\s+/g, ' ').replace(/\s+([,:;.])/g, '$1').replace(/([,:;])(?=[,:;.])/g, '').trim();
  return text.length > 0 ? text[0]!.toUpperCase() + text.slice(1) : text;
}

/** Markdown as plain text: code spans, emphasis and links unwrapped. */
export function markdownToText(markdown: string): string {
  return markdown
    .replace(/\[([^\]]+)\]\(([^)]+)\)/g, '$1 ($2)')
    .replace(/`([^`]*)`/g, '$1')
    .replace(/(\*\*|__)(.+?)\1/g, '$2')
    .replace(/(^|[\s(])[*_]([^*_\s][^*_]*)[*_](?=[\s).,;:]|$)/g, '$1$2');
}

/**
 * The security rules and their GitHub `security-severity` score (GitHub: 9.0
 * and over critical, 7.0–8.9 high, 4.0–6.9 medium, 0.1–3.9 low), by probe and
 * the rule's severity. Info messages are facts, never security alerts.
 *  - privacy and leaks (document-privacy, page-privacy, cache-privacy): private
 *    content or a shared token reaches anonymous visitors: error 8.0 (high),
 *    warning 5.0 (medium);
 *  - deploy-checks (Django's `check --deploy`): error 7.0 (high), warning 4.0 (medium);
 *  - media-offload's exposures only (a directory listing, a signature the image
 *    serve view ignores, public originals): error 7.0, warning 4.0.
 * Every other rule (assets, caching, crawl coverage) is a quality rule: no score.
 */
const SECURITY_SCORES: Readonly<Record<string, { readonly score: Readonly<Record<Exclude<Severity, 'info'>, string>>; readonly only?: readonly string[] }>> = {
  'document-privacy': { score: { error: '8.0', warning: '5.0' } },
  'page-privacy': { score: { error: '8.0', warning: '5.0' } },
  'cache-privacy': { score: { error: '8.0', warning: '5.0' } },
  'deploy-checks': { score: { error: '7.0', warning: '4.0' } },
  'media-offload': { score: { error: '7.0', warning: '4.0' }, only: ['directoryListing', 'imageServeSignatureIgnored', 'originalsExposed'] },
};

/** The rule's `security-severity` ("0.1"–"10.0"), or null for a rule that is not about security. */
export function securitySeverity(probe: string, messageId: string, severity: Severity): string | null {
  const entry = SECURITY_SCORES[probe];
  if (entry === undefined || severity === 'info') return null;
  if (entry.only !== undefined && !entry.only.includes(messageId)) return null;
  return entry.score[severity];
}

/** GitHub's `problem.severity` for a rule: error, warning or recommendation. */
export function problemSeverity(severity: Severity): 'error' | 'warning' | 'recommendation' {
  return severity === 'info' ? 'recommendation' : severity;
}

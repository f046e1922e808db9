// HTML or SVG shown inline from the site's own origin runs as the site's own
// page: anyone who can upload a document can run script as the site (stored
// XSS), unless it is sent as an attachment or under a CSP that forbids script.

import type { SiteModel } from '../../src/probe-kit/index.js';
import { sniffBody } from '../../src/signals/body-sniff.js';
import { isHtmlType } from './answers.js';
import { answerEvidence, docName } from './evidence.js';
import type { Answer, Examined } from './facts.js';
import type { Report } from './messages.js';

/** Content a browser would run as the site's own page when shown inline. */
function activeType(file: Answer): 'HTML' | 'SVG' | null {
  const type = (file.headers['content-type'] ?? '').toLowerCase();
  if (isHtmlType(type)) return 'HTML';
  if (type.includes('image/svg+xml')) return 'SVG';
  // Without nosniff a browser may sniff what the header does not say.
  if (file.headers['x-content-type-options']?.toLowerCase().includes('nosniff')) return null;
  const sniffed = file.prefixBase64 === null ? null : sniffBody(file.prefixBase64).type;
  return sniffed === 'html' ? 'HTML' : sniffed === 'svg' ? 'SVG' : null;
}

function isRestrictiveCsp(csp: string | undefined): boolean {
  if (csp === undefined) return false;
  const value = csp.toLowerCase();
  return /(^|;)\s*sandbox\b/.test(value) || /default-src\s+'none'/.test(value) || /script-src\s+'none'/.test(value);
}

export function reportInlineActiveContent(report: Report, site: SiteModel, examined: readonly Examined[]): void {
  for (const e of examined) {
    if (e.file === null || e.verdict.kind === 'password') continue;
    if (!site.origins.includes(new URL(e.file.url).origin)) continue; // another origin cannot script this site
    const type = activeType(e.file);
    if (type === null) continue;
    const disposition = (e.file.headers['content-disposition'] ?? '').trim().toLowerCase();
    if (disposition.startsWith('attachment') || isRestrictiveCsp(e.file.headers['content-security-policy'])) continue;
    report('inlineActiveContent', { type, doc: docName(e.doc), fileUrl: e.file.url }, [
      answerEvidence(e.file, e.doc, ['content-type', 'content-disposition', 'content-security-policy', 'x-content-type-options'], 'a stored-XSS risk: anyone who can upload a document can run script as the site'),
    ], { url: e.file.url });
  }
}

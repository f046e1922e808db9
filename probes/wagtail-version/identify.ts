// The release the admin's files point at: exact, the smallest set of releases
// that ship the same files, or why it could not be told. The evidence names
// each file that decided, with the releases that ship its content, then each
// confirming file asked and its answer.

import { evidenceFrom, type Evidence, type SiteModel } from '../../src/probe-kit/index.js';
import { describeCandidates, inseparableReason, type FileMatch, type VersionVerdict } from '../../src/wagtail/version-fingerprint.js';
import type { FingerprintData, Release } from '../../src/wagtail/wagtail-data.js';
import type { AskedFile, Confirmation } from './confirm.js';
import type { Report } from './messages.js';
import type { SeenFiles } from './observe.js';

/** Files shown as evidence: the ones that narrowed the most first. */
const MAX_EVIDENCE = 6;

/**
 * Reports what the files say; the releases it leaves (one for an exact match),
 * or none when it cannot tell. `confirmation` is what the confirming files
 * answered where the login page left several releases (null: none was asked).
 */
export function reportRelease(verdict: VersionVerdict, confirmation: Confirmation | null, seen: SeenFiles, site: SiteModel, data: FingerprintData, report: Report): readonly Release[] {
  const evidence = fileEvidence(verdict.evidence, seen, data);
  const url = site.adminLoginUrl;
  if ('exact' in verdict) {
    const how = verdict.versionQuery !== undefined
      ? `its ?v=${verdict.versionQuery} is the one Wagtail ${verdict.exact} gives a project with the template's INSTALLED_APPS, and ${verdict.evidence.length} admin file(s) agree`
      : `${verdict.evidence.length} admin file(s) carry content only Wagtail ${verdict.exact} ships (e.g. ${firstPath(verdict.evidence)})`;
    report('releaseIdentified', { release: verdict.exact, how }, evidence, { url });
    return [verdict.exact];
  }
  if ('candidates' in verdict) {
    const left = confirmation?.left ?? verdict.candidates;
    const asked = (confirmation?.asked ?? []).map((a) => askedEvidence(a, data));
    const fromLogin = `the login page's files leave ${describeCandidates(verdict.candidates, data)}`;
    const only = left[0];
    if (left.length === 1 && only !== undefined && confirmation !== null && confirmation.stopped === null && !hasForeign(verdict.evidence)) {
      const how = `${fromLogin}, and ${confirmation.asked.length} confirming file(s) decide: ${confirmation.asked.map(answerText).join('; ')}`;
      report('releaseIdentified', { release: only, how }, [...evidence, ...asked], { url });
      return left;
    }
    const why = [verdict.reason, confirmingReason(verdict.candidates, confirmation, data)].join('; ');
    report('releaseNarrowed', { candidates: describeCandidates(left, data), reason: why }, [...evidence, ...asked], { url });
    return left;
  }
  report('releaseUnknown', { reason: unknownReason(verdict.unknown, seen, site) }, evidence, { url, inconclusive: true });
  return [];
}

/** Why nothing was learned, from the login page's side first: the usual cause is that the crawl never saw the admin's files. */
function unknownReason(verdictReason: string, seen: SeenFiles, site: SiteModel): string {
  const login = seen.login;
  if (seen.wagtailFiles === 0) {
    if (login === null) return `the admin login page ${site.adminLoginUrl} was not crawled (set adminPath if the admin lives elsewhere)`;
    if (!login.response.ok) return `the admin login page ${site.adminLoginUrl} could not be fetched (${login.response.error.code}), and no page referenced Wagtail's static files`;
    if (login.response.status !== 200) return `the admin login page ${site.adminLoginUrl} answered ${login.response.status}, not 200 (set adminPath if the admin lives elsewhere), and no page referenced Wagtail's static files`;
    return `the admin login page ${site.adminLoginUrl} references no file under a wagtailadmin/ directory: a custom storage or CDN rewrites the static paths`;
  }
  if (seen.observations.length === 0) {
    return `${seen.wagtailFiles} Wagtail static file(s) were seen, but none has a content hash in its name or a body read whole to hash (a storage or CDN without hashed names, or files not fetched)`;
  }
  return verdictReason;
}

/** Why the confirming files left more than one release. */
function confirmingReason(candidates: readonly Release[], confirmation: Confirmation | null, data: FingerprintData): string {
  if (confirmation === null) return 'no confirming file was asked: no STATIC_URL is known to ask under';
  const after = confirmation.asked.length > 0 ? `after ${confirmation.asked.length} confirming request(s) (${confirmation.asked.map(answerText).join('; ')}), ` : '';
  if (confirmation.stopped !== null) return `${after}a confirming request could not be used: ${confirmation.stopped}`;
  if (confirmation.left.length === 1) return `${after}the confirming files name ${confirmation.left[0]}, but the login page's files do not all match it`;
  const inseparable = inseparableReason(confirmation.left, data);
  if (inseparable !== null) return `${after}${inseparable}`;
  if (confirmation.asked.length >= data.maxConfirmingRequests) return `${after}the ${data.maxConfirmingRequests} confirming requests allowed did not separate them`;
  return `${after}no confirming file tells ${describeCandidates(candidates, data)} apart`;
}

/** One confirming answer, short: `wagtailadmin/js/draftail.<hash>.js 404 (not 8.0.1)`. */
function answerText(asked: AskedFile): string {
  const { answer, url } = asked;
  const name = url.slice(url.lastIndexOf('/') + 1);
  const status = answer.kind === 'file' ? '200' : answer.kind === 'missing' ? (asked.response.ok ? String(asked.response.status) : 'missing') : answer.why;
  return `${asked.question.path.slice(0, asked.question.path.lastIndexOf('/') + 1)}${name} ${status}`;
}

function askedEvidence(asked: AskedFile, data: FingerprintData): Evidence {
  const { question, answer } = asked;
  const what = question.hash !== null
    ? `${question.path} with the content ${question.hash} (shipped by ${describeCandidates((data.confirmingFiles[question.path]?.[question.hash] ?? []), data)})`
    : `${question.path} under its plain name`;
  const said = answer.kind === 'file'
    ? `200, MD5 ${answer.md5.slice(0, 12)}`
    : answer.kind === 'missing' ? 'not there' : answer.why;
  return evidenceFrom(asked.response, ['content-type', 'content-length', 'etag'], { note: `confirming file: ${what}: ${said}; candidates left: ${describeCandidates(asked.left, data)}` });
}

function hasForeign(matches: readonly FileMatch[]): boolean {
  return matches.some((m) => m.releases.length === 0);
}

function firstPath(matches: readonly FileMatch[]): string {
  return [...matches].sort((a, b) => a.releases.length - b.releases.length)[0]?.observation.path ?? '';
}

function fileEvidence(matches: readonly FileMatch[], seen: SeenFiles, data: FingerprintData): Evidence[] {
  // The files that tell the most first; those no release ships first of all (they explain a failed match).
  const ordered = [...matches].sort((a, b) => (a.releases.length || -1) - (b.releases.length || -1));
  return ordered.slice(0, MAX_EVIDENCE).map((match) => {
    const { observation } = match;
    const how = observation.source === 'name' ? `hash ${observation.hash} in its name` : `MD5 of its body starts ${observation.hash}`;
    const shippedBy = match.releases.length === 0 ? 'no release in the data ships this content' : `shipped by ${describeCandidates(match.releases, data)}`;
    const note = `${observation.path}: ${how}, ${shippedBy}`;
    const response = seen.resources.get(observation.url)?.response ?? null;
    return response === null ? { note: `${observation.url} (not fetched; the name alone decides) ${note}` } : evidenceFrom(response, ['content-type', 'etag'], { note });
  });
}

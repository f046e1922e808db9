// Findings and the evidence behind them: what a probe says about a site, with
// enough facts that an operator can reproduce it with curl from the report alone.

import type { HeaderMap, Hop, SentRequest } from '../http/types.js';
import type { Severity } from './options.js';
import { withStableNotFoundPath } from '../probe-kit/shared-requests.js';
import { isSignedUrl, unsignedForm } from '../signals/storage-urls.js';
import { compareText } from '../text-order.js';

/** One observation behind a finding: a request and what came back, or a plain fact. */
export interface Evidence {
  /** What was sent (method, URL, the headers that matter). */
  readonly request?: SentRequest;
  /** Status of the final response, or the error code when it failed. */
  readonly status?: number;
  readonly error?: string;
  /** Only the response headers that decided the finding, as received. */
  readonly headers?: HeaderMap;
  readonly hops?: readonly Hop[];
  /** The page that referenced the URL. */
  readonly referrer?: string;
  /** First bytes of the body, described (e.g. "%PDF-1.4", "<!DOCTYPE html>"). */
  readonly bodyPrefix?: string;
  /** A short human note: what was compared, which signal decided. */
  readonly note?: string;
  /**
   * This is the observation that decided the finding (the file URL's 200 of a
   * leak, not the serve URL's login redirect before it): reports show it as
   * the finding's fact. Unmarked, reports pick the evidence whose status the
   * finding's data names, else the first with a status or headers.
   */
  readonly decisive?: true;
}

export interface Finding {
  readonly probe: string;
  readonly messageId: string;
  readonly severity: Severity;
  /** True when the probe could not decide: reported, never counted as a pass. */
  readonly inconclusive: boolean;
  /** The URL the finding is about (the asset, the document, the page). */
  readonly url: string;
  /** The message template with its data filled in. */
  readonly message: string;
  readonly data: Readonly<Record<string, string | number>>;
  readonly evidence: readonly Evidence[];
  /** Stable identity for baselines: probe, message id and url, nothing that varies run to run. */
  readonly fingerprint: string;
}

export function findingFingerprint(probe: string, messageId: string, url: string): string {
  return `${probe}/${messageId} ${withoutSignature(withStableNotFoundPath(url))}`;
}

/** A signed storage URL is signed anew on every page view: its fingerprint is the object's, not the signature's. */
function withoutSignature(url: string): string {
  try {
    const parsed = new URL(url);
    return isSignedUrl(parsed) ? unsignedForm(parsed).href : url;
  } catch {
    return url; // a finding's URL may be a label (a folder, "(a public page)"): kept as it is
  }
}

/** Fills `{name}` placeholders; unknown placeholders stay visible rather than vanish. */
export function formatMessage(template: string, data: Readonly<Record<string, string | number>>): string {
  return template.replace(/\{(\w+)\}/g, (whole, key: string) =>
    Object.prototype.hasOwnProperty.call(data, key) ? String(data[key]) : whole,
  );
}

const SEVERITY_RANK: Readonly<Record<Severity, number>> = { error: 3, warning: 2, info: 1 };

export function severityRank(severity: Severity): number {
  return SEVERITY_RANK[severity];
}

/** Most severe first, then by probe, message id and url, so reports are stable. */
export function compareFindings(a: Finding, b: Finding): number {
  return (
    severityRank(b.severity) - severityRank(a.severity) ||
    compareText(a.probe, b.probe) ||
    compareText(a.messageId, b.messageId) ||
    compareText(a.url, b.url)
  );
}

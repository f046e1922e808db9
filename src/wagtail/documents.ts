// Wagtail's document serve URL, `…/documents/<id>/<filename>`, wherever the
// project mounts it (wagtail.documents.urls). One pattern for the crawler,
// the command line (telling document canaries from page canaries) and the probes.

import { decodeUrlComponent } from '../signals/url-decoding.js';

const SERVE_PATH = /\/documents\/(\d+)\/([^/]+)$/;

export interface DocumentServeUrl {
  readonly id: number;
  /** The file name as the URL gives it, percent-decoded (never throws on a bad escape). */
  readonly filename: string;
}

/** The id and file name of a serve URL, or null when the URL (or path) is not one. */
export function parseDocumentServeUrl(urlOrPath: string): DocumentServeUrl | null {
  let path: string;
  try {
    path = new URL(urlOrPath, 'http://path.invalid').pathname;
  } catch {
    return null;
  }
  const match = SERVE_PATH.exec(path);
  if (!match) return null;
  return { id: Number(match[1]), filename: decodeUrlComponent(match[2] as string) };
}

export function isDocumentServeUrl(urlOrPath: string): boolean {
  return parseDocumentServeUrl(urlOrPath) !== null;
}

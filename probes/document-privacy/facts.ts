// What the rules judge: each document found, the answers its serve URL gave,
// and the verdict they came to.

import type { FetchResult, HeaderMap, SentRequest } from '../../src/probe-kit/index.js';
import type { SharedCacheReplay } from '../../src/signals/shared-cache.js';

export interface DocumentRef {
  /** Absolute URL: the serve URL, or the file URL for a page's direct link. */
  readonly url: string;
  /** The serve URL's document id; null for a file URL. */
  readonly id: number | null;
  /** Last path segment as it appears in the URL (percent-encoded): the file URL is built from it. */
  readonly filename: string;
  /** Named in the config as a private document. */
  canary: boolean;
  /** A page links the file itself (MEDIA_URL documents/…): the `direct` method. */
  readonly linkedFile: boolean;
  readonly referrer: string | undefined;
  /** The crawler's record (redirects followed, hops recorded), or null. */
  readonly crawled: FetchResult | null;
}

/** One response as received, redirects NOT followed. */
export interface Answer {
  readonly request: SentRequest;
  readonly url: string;
  readonly status: number;
  readonly headers: HeaderMap;
  /** Location resolved against the URL, or null. */
  readonly location: string | null;
  /** First body bytes (base64), or null for a hop whose body was not read. */
  readonly prefixBase64: string | null;
  readonly text?: string;
}

/** The file handed out: by the serve view itself, or by a redirect to the file's storage URL. */
export type FileVerdict =
  | { readonly kind: 'served' } // 2xx with the file: the serve view
  | { readonly kind: 'redirect'; readonly target: string }; // to the file's storage URL

export type Verdict =
  | FileVerdict
  /**
   * A canary's file (or redirect to it) replayed by a shared cache: what the
   * origin told an earlier, perhaps authorised, request. The serve view's check
   * did not run for this one, so it says nothing of how the origin answers.
   */
  | { readonly kind: 'replayed'; readonly cache: SharedCacheReplay; readonly stored: FileVerdict }
  | { readonly kind: 'direct' } // a page links the file itself
  | { readonly kind: 'login'; readonly target: string }
  | { readonly kind: 'password' }
  | { readonly kind: 'unrecognised'; readonly reason: string } // a 200 that is neither the file nor the form
  | { readonly kind: 'not-served'; readonly reason: string };

/** A verdict still open: the redirect only changed scheme/host/slash, or a 200 whose body must be read. */
export type Provisional = Verdict | { readonly kind: 'transport'; readonly target: string } | { readonly kind: 'needs-body' };

export interface Examined {
  readonly doc: DocumentRef;
  readonly verdict: Verdict;
  /** The response that decided the verdict, or null when nothing answered. */
  readonly answer: Answer | null;
  /** Every answer seen for the serve URL (crawl and re-check), for cache and ETag signals. */
  readonly answers: readonly Answer[];
  /** The response that carried the file itself, when one did (for inline and nosniff checks). */
  readonly file: Answer | null;
  readonly error?: string;
}

/** MEDIA_URL as the file URL tests use it, and where it was learned (said in the evidence). */
export interface MediaUrl {
  readonly url: string;
  readonly source: string;
}

/** Protected: the serve URL refused us (the login redirect or the password form). */
export function isProtected(e: Examined): boolean {
  return e.verdict.kind === 'login' || e.verdict.kind === 'password';
}

/** Private: protected, or named private by the operator. */
export function isPrivate(e: Examined): boolean {
  return e.doc.canary || isProtected(e);
}

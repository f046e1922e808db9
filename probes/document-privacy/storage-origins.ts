// Which origins hold the documents' files in object storage, learned during
// the run. A bucket on a custom domain, behind a CNAME or on a path-style
// S3-compatible endpoint has a name that says nothing: the config may name it
// (storageOrigins), and any answer from it that carries a store's signs
// (src/signals/object-storage.ts) makes its origin storage for the rest of the run.

import type { HeaderMap } from '../../src/probe-kit/index.js';
import { describeClues, storageClues } from '../../src/signals/object-storage.js';
import { isKnownStorageHost, isSignedUrl } from '../../src/signals/storage-urls.js';
import type { Answer, Examined } from './facts.js';

export class StorageOrigins {
  /** Origin -> how it is known to be storage (said in the evidence). */
  private readonly known = new Map<string, string>();

  constructor(configured: readonly string[]) {
    for (const origin of configured) this.known.set(origin, 'named in the config (storageOrigins)');
  }

  /** Whether the URL is on storage: a well-known store's host, a signed URL, or an origin learned or configured. */
  has(url: URL): boolean {
    return this.how(url) !== null;
  }

  /** How the URL is known to be on storage, or null. */
  how(url: URL): string | null {
    if (isKnownStorageHost(url)) return `${url.hostname} is an object store's host`;
    const learned = this.known.get(url.origin);
    if (learned !== undefined) return learned;
    return isSignedUrl(url) ? 'the URL carries a storage signature' : null;
  }

  /**
   * Learn from one answer: a store's signs in it make its origin storage.
   * Returns how the URL is known to be storage afterwards, or null.
   */
  learn(url: string, headers: HeaderMap, body = ''): string | null {
    const parsed = new URL(url);
    if (!this.known.has(parsed.origin)) {
      const clues = storageClues(headers, body);
      if (clues.length > 0) this.known.set(parsed.origin, `its answers come from object storage (${describeClues(clues)})`);
    }
    return this.how(parsed);
  }
}

/** An answer's body prefix as text, for the XML error check. */
export function prefixText(answer: Pick<Answer, 'prefixBase64' | 'text'>): string {
  if (answer.text !== undefined) return answer.text;
  return answer.prefixBase64 === null ? '' : Buffer.from(answer.prefixBase64, 'base64').toString('latin1');
}

/** What the crawl already fetched: a redirect followed to the file answers from wherever the file lives. */
export function learnFromExamined(storage: StorageOrigins, examined: readonly Examined[]): void {
  for (const e of examined) {
    if (e.verdict.kind !== 'redirect' || e.file === null) continue;
    storage.learn(e.file.url, e.file.headers, prefixText(e.file));
  }
}

// How much of a body a probe's request reads, by name: a probe says what it
// needs to see, not a byte count of its own (and equal needs share the run's memo).

import type { BodyPolicy } from '../http/types.js';

export const READ = {
  /** Status and headers only; the body is discarded unread. */
  headers: { read: 'none' },
  /** The two bytes a Range probe asks for, and a little more when a server ignores Range. */
  range: { read: 'prefix', maxBytes: 64 },
  /** Enough to sniff a file's type and show its first bytes. */
  sniff: { read: 'prefix', maxBytes: 4096 },
  /** A folder's answer, far enough to see whether it lists its contents (src/signals/listings.ts). */
  listing: { read: 'whole', maxBytes: 4096, keepText: true },
  /** A page whose markup the probe reads (a password form, a CSRF token, an error page). */
  page: { read: 'whole', maxBytes: 512 * 1024, keepText: true },
  /** A JSON document (the manifest, an API listing). */
  json: { read: 'whole', maxBytes: 4 * 1024 * 1024, keepText: true },
} as const satisfies Readonly<Record<string, BodyPolicy>>;

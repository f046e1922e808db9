// One copy of strings that repeat across responses. A crawl keeps every
// page's response headers, and most of their values are the same on every
// page (Server, Content-Type, Cache-Control, Vary, Date within a second):
// undici gives each response its own copies. Interning only saves memory:
// an interned string is equal to the one it replaces.

/** Distinct strings kept at most: cleared when full, as the pool only saves memory. */
const MAX_ENTRIES = 20_000;
/** Longer strings are rarely repeated and would fill the pool. */
const MAX_LENGTH = 256;

const pool = new Map<string, string>();

/** An equal string, the same one for every equal input while it stays in the pool. */
export function intern(text: string): string {
  if (text.length > MAX_LENGTH) return text;
  const known = pool.get(text);
  if (known !== undefined) return known;
  if (pool.size >= MAX_ENTRIES) pool.clear();
  pool.set(text, text);
  return text;
}

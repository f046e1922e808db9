// The order of strings in reports, samples and plans: by UTF-16 code units,
// as Array.prototype.sort orders strings by default. Not localeCompare: its
// order is ICU's collation (case and punctuation weighed, and free to change
// between ICU versions, so the same site could be reported in another order),
// and its first call pages in ICU's collation data, about 3 MB of RSS at the
// end of every run (measured on Node 20).

/** Negative, zero or positive, as a sort comparator wants: a before b, equal, after. */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

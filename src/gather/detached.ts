// Strings the crawl keeps past a page's extraction must not keep the page.
// V8 gives substrings of a long string (htmlparser2's attribute values and
// tag names, split tokens) as "sliced strings" that point into the parent: a
// form's input name or a cache key kept from a 30 KB page keeps all 30 KB
// alive. `detached` returns an equal string that owns its characters.

/** An equal string that holds no reference to the string it was cut from. */
export function detached(text: string): string {
  // Concatenation makes a new (cons or short flat) string; slicing it flattens a copy of just these characters.
  return (' ' + text).slice(1);
}

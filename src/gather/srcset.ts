// A srcset parser that follows the HTML standard's algorithm "parse a srcset
// attribute" (https://html.spec.whatwg.org/#parse-a-srcset-attribute), so the
// probe sees the same candidate URLs a browser would choose from. Splitting on
// commas is wrong: a URL may contain commas (`a.jpg?crop=1,2`,
// `data:image/png;base64,AAA=`) and a descriptor may contain them inside
// parentheses.

export interface SrcsetCandidate {
  /** The URL exactly as written (unresolved); data: URIs included, the caller drops them. */
  readonly url: string;
  /** The descriptors as written, joined by one space ('400w', '1.5x'); null when none. */
  readonly descriptor: string | null;
}

const isWhitespace = (ch: string | undefined): boolean =>
  ch === ' ' || ch === '\t' || ch === '\n' || ch === '\f' || ch === '\r';

const NON_NEGATIVE_INTEGER = /^\d+$/;
const FLOATING_POINT = /^-?(?:\d+|\d*\.\d+)(?:[eE][-+]?\d+)?$/;

/**
 * Candidates in source order. Never throws: malformed input yields fewer
 * candidates. As in a browser, a candidate whose descriptors are invalid
 * ('2q', '100w 2x', '0w') is dropped.
 */
export function parseSrcset(value: string): SrcsetCandidate[] {
  const candidates: SrcsetCandidate[] = [];
  const end = value.length;
  let position = 0;

  // Each pass reads one candidate; every pass consumes at least one character
  // (a URL or a separator), so the loop ends after at most `end` passes.
  while (position < end) {
    while (position < end && (isWhitespace(value[position]) || value[position] === ',')) position++;
    if (position >= end) break;

    const urlStart = position;
    while (position < end && !isWhitespace(value[position])) position++;
    let url = value.slice(urlStart, position);

    const descriptors: string[] = [];
    if (url.endsWith(',')) {
      // "a.jpg, b.jpg": the comma ends the candidate, there are no descriptors.
      url = url.replace(/,+$/, '');
    } else {
      position = readDescriptors(value, position, descriptors);
    }

    if (url !== '' && descriptorsAreValid(descriptors)) {
      candidates.push({ url, descriptor: descriptors.length > 0 ? descriptors.join(' ') : null });
    }
  }
  return candidates;
}

/**
 * The standard's descriptor tokeniser: whitespace separates descriptors, a
 * comma outside parentheses ends the candidate. Returns the position after it.
 */
function readDescriptors(value: string, start: number, out: string[]): number {
  let position = start;
  while (isWhitespace(value[position])) position++;
  let current = '';
  let inParens = false;
  const flush = (): void => {
    if (current !== '') out.push(current);
    current = '';
  };
  for (; position < value.length; position++) {
    const ch = value[position] as string;
    if (inParens) {
      current += ch;
      if (ch === ')') inParens = false;
    } else if (isWhitespace(ch)) {
      flush();
    } else if (ch === ',') {
      flush();
      return position + 1;
    } else {
      current += ch;
      if (ch === '(') inParens = true;
    }
  }
  flush();
  return position;
}

/** The standard's rules: at most one of w / x, h only with w, positive w and h, non-negative x. */
function descriptorsAreValid(descriptors: readonly string[]): boolean {
  let width = false;
  let density = false;
  let height = false;
  for (const descriptor of descriptors) {
    const unit = descriptor.slice(-1);
    const number = descriptor.slice(0, -1);
    if (unit === 'w') {
      if (width || density || !NON_NEGATIVE_INTEGER.test(number) || Number(number) === 0) return false;
      width = true;
    } else if (unit === 'x') {
      if (width || density || height || !FLOATING_POINT.test(number) || Number(number) < 0) return false;
      density = true;
    } else if (unit === 'h') {
      if (height || density || !NON_NEGATIVE_INTEGER.test(number) || Number(number) === 0) return false;
      height = true;
    } else {
      return false;
    }
  }
  return !height || width;
}

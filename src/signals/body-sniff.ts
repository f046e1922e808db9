// What the first bytes of a body are, whatever the headers claim: the type
// they show and a safe excerpt to show an operator. (Pages a probe must
// recognise are src/wagtail's: Django's DEBUG pages, Wagtail's password form.)

export type SniffedType =
  | 'pdf'
  | 'html'
  | 'svg'
  | 'xml'
  | 'png'
  | 'jpeg'
  | 'gif'
  | 'webp'
  | 'avif'
  | 'zip'
  | 'json'
  | 'text'
  | 'binary'
  | 'empty';

export interface SniffResult {
  readonly type: SniffedType;
  /** A short printable excerpt of the start (`%PDF-1.7`, `<!DOCTYPE html>`), non-printables escaped. */
  readonly describe: string;
}

/** Longest excerpt shown for a text body, in characters. */
const TEXT_EXCERPT_CHARS = 40;
/** Bytes shown for a binary body. */
const BINARY_EXCERPT_BYTES = 16;

/** Sniffs a body prefix as recorded in BodyFacts.prefixBase64. */
export function sniffBody(prefixBase64: string): SniffResult {
  const bytes = Buffer.from(prefixBase64, 'base64');
  if (bytes.length === 0) return { type: 'empty', describe: '(empty)' };
  const binaryType = magicType(bytes);
  if (binaryType) return { type: binaryType, describe: describeBytes(bytes) };
  if (hasControlBytes(bytes)) return { type: 'binary', describe: describeBytes(bytes) };
  const text = new TextDecoder('utf-8').decode(bytes).replace(/^\uFEFF/, '').trimStart();
  return { type: textType(text), describe: describeText(text) };
}

const startsWith = (bytes: Buffer, signature: string, at = 0): boolean =>
  bytes.subarray(at, at + signature.length).toString('latin1') === signature;

function magicType(bytes: Buffer): SniffedType | null {
  if (startsWith(bytes, '\x89PNG\r\n\x1a\n')) return 'png';
  if (startsWith(bytes, '\xff\xd8\xff')) return 'jpeg';
  if (startsWith(bytes, 'GIF87a') || startsWith(bytes, 'GIF89a')) return 'gif';
  if (startsWith(bytes, 'RIFF') && startsWith(bytes, 'WEBP', 8)) return 'webp';
  if (isAvif(bytes)) return 'avif';
  if (['PK\x03\x04', 'PK\x05\x06', 'PK\x07\x08'].some((signature) => startsWith(bytes, signature))) return 'zip';
  return null;
}

/** An ISO-BMFF `ftyp` box whose major or compatible brands include avif/avis. */
function isAvif(bytes: Buffer): boolean {
  if (bytes.length < 12 || !startsWith(bytes, 'ftyp', 4)) return false;
  const boxEnd = Math.min(bytes.readUInt32BE(0), bytes.length);
  for (let at = 8; at + 4 <= boxEnd; at += 4) {
    if (at === 12) continue; // minor version, not a brand
    if (startsWith(bytes, 'avif', at) || startsWith(bytes, 'avis', at)) return true;
  }
  return false;
}

/** Control bytes other than tab, newline, form feed and carriage return never occur in text. */
function hasControlBytes(bytes: Buffer): boolean {
  return bytes.some((b) => (b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0c && b !== 0x0d) || b === 0x7f);
}

/** Tags that open an HTML document, after the WHATWG MIME sniffing list. */
const HTML_OPENINGS = /^<(?:!doctype html|html|head|script|iframe|h1|div|font|table|a|style|title|b|body|br|p|meta|link)[\s>]/i;
const HTML_COMMENT = /^<!--[\s\S]*?-->\s*/;

function textType(text: string): SniffedType {
  if (text.startsWith('%PDF-')) return 'pdf';
  let rest = text;
  // Editors put comments before an <svg> (e.g. "<!-- Generator: Adobe Illustrator -->"); look past a few.
  for (let i = 0; i < 5 && HTML_COMMENT.test(rest); i++) rest = rest.replace(HTML_COMMENT, '');
  const lower = rest.toLowerCase();
  if (lower.startsWith('<?xml')) return lower.includes('<svg') ? 'svg' : 'xml';
  if (/^<svg[\s>]/.test(lower) || lower.startsWith('<!doctype svg')) return 'svg';
  // Opening with a comment and no svg after it: HTML, as browsers sniff "<!--".
  if (rest !== text || HTML_OPENINGS.test(text)) return 'html';
  if (/^\{\s*["}]/.test(text) || text.startsWith('[')) return 'json';
  return 'text';
}

function describeText(text: string): string {
  const firstLine = text.split(/[\r\n]/, 1)[0] ?? '';
  const chars = [...firstLine];
  const excerpt = chars.slice(0, TEXT_EXCERPT_CHARS).map(escapeChar).join('');
  return chars.length > TEXT_EXCERPT_CHARS ? `${excerpt}…` : excerpt;
}

const NAMED_ESCAPES: Readonly<Record<number, string>> = { 0x09: '\\t', 0x0a: '\\n', 0x0d: '\\r', 0x5c: '\\\\' };

/** Printable ASCII and Unicode as is; controls as \t \n \r or \xNN; a backslash doubled. */
function escapeCode(code: number): string {
  const named = NAMED_ESCAPES[code];
  if (named) return named;
  if (code < 0x20 || (code >= 0x7f && code <= 0x9f)) return `\\x${code.toString(16).padStart(2, '0')}`;
  if (code === 0xfffd) return '\\ufffd'; // bytes that were not UTF-8
  return String.fromCodePoint(code);
}

function escapeChar(ch: string): string {
  return escapeCode(ch.codePointAt(0) ?? 0);
}

function describeBytes(bytes: Buffer): string {
  return [...bytes.subarray(0, BINARY_EXCERPT_BYTES)].map((b) => (b >= 0x80 ? `\\x${b.toString(16)}` : escapeCode(b))).join('');
}

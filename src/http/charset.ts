// Turning page bytes into text the way a browser would, in the simple cases:
// a byte-order mark, then the Content-Type charset, then a <meta> in the first
// KB, else UTF-8. Decoding never throws: broken bytes become U+FFFD.

import { TextDecoder } from 'node:util';

const META_SCAN_BYTES = 1024;

/** Label of the charset parameter of a Content-Type, e.g. `text/html; charset="ISO-8859-1"`. */
export function charsetFromContentType(contentType: string | undefined): string | null {
  if (contentType === undefined) return null;
  const match = /;\s*charset\s*=\s*(?:"([^"]*)"|([^;\s]*))/i.exec(contentType);
  const label = (match?.[1] ?? match?.[2] ?? '').trim();
  return label === '' ? null : label;
}

/** `<meta charset=x>` or `<meta http-equiv="Content-Type" content="...; charset=x">` in the first KB. */
export function charsetFromMeta(bytes: Uint8Array): string | null {
  // latin1 maps every byte to one char, so ASCII markup is found whatever the real charset.
  const head = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.byteLength, META_SCAN_BYTES)).toString('latin1');
  const match = /<meta\b[^>]*?\bcharset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)/i.exec(head);
  return match?.[1] ?? null;
}

function charsetFromBom(bytes: Uint8Array): string | null {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return 'utf-8';
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return 'utf-16be';
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf-16le';
  return null;
}

/** A decoder for a label TextDecoder knows (WHATWG Encoding names: latin1 means windows-1252), else null. */
function decoderFor(label: string | null): TextDecoder | null {
  if (label === null) return null;
  try {
    return new TextDecoder(label, { fatal: false });
  } catch {
    return null; // unknown label: fall through to the next source
  }
}

export interface DecodedText {
  readonly text: string;
  /** The canonical name of the encoding used (TextDecoder's `encoding`, e.g. "windows-1252"). */
  readonly charset: string;
}

export function decodeText(bytes: Uint8Array, contentType: string | undefined): DecodedText {
  const decoder =
    decoderFor(charsetFromBom(bytes)) ??
    decoderFor(charsetFromContentType(contentType)) ??
    decoderFor(charsetFromMeta(bytes)) ??
    new TextDecoder('utf-8', { fatal: false });
  return { text: decoder.decode(bytes), charset: decoder.encoding };
}

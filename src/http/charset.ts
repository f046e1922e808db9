// Turning page bytes into text the way a browser does: the encoding chosen by
// the WHATWG encoding sniffing algorithm (html-encoding-sniffer: a BOM, then
// the Content-Type charset, then a <meta> prescan of the first 1024 bytes),
// decoded with Node's TextDecoder. Decoding never throws: broken bytes become U+FFFD.

import { TextDecoder } from 'node:util';
import htmlEncodingSniffer from 'html-encoding-sniffer';

/**
 * Where nothing decides. The algorithm leaves it to the locale (windows-1252
 * for English); Django and Wagtail emit UTF-8 and say so nearly always, so a
 * page that says nothing is far likelier UTF-8.
 */
const DEFAULT_ENCODING = 'UTF-8';

/** Label of the charset parameter of a Content-Type, e.g. `text/html; charset="ISO-8859-1"`. */
export function charsetFromContentType(contentType: string | undefined): string | null {
  if (contentType === undefined) return null;
  const match = /;\s*charset\s*=\s*(?:"([^"]*)"|([^;\s]*))/i.exec(contentType);
  const label = (match?.[1] ?? match?.[2] ?? '').trim();
  return label === '' ? null : label;
}

/** The encoding name the WHATWG algorithm picks for these bytes; utf-8 where it cannot run. */
export function sniffEncoding(bytes: Uint8Array, contentType: string | undefined): string {
  try {
    const label = charsetFromContentType(contentType);
    return htmlEncodingSniffer(bytes, {
      ...(label !== null ? { transportLayerEncodingLabel: label } : {}),
      defaultEncoding: DEFAULT_ENCODING,
    });
  } catch {
    return DEFAULT_ENCODING;
  }
}

export interface DecodedText {
  readonly text: string;
  /** The canonical name of the encoding used, lower-cased as TextDecoder spells it (e.g. "windows-1252"). */
  readonly charset: string;
}

/** WHATWG x-user-defined: ASCII as is, bytes 0x80-0xFF to U+F780-U+F7FF. Node's TextDecoder lacks it. */
function decodeUserDefined(bytes: Uint8Array): string {
  let text = '';
  for (const byte of bytes) text += String.fromCharCode(byte < 0x80 ? byte : 0xf780 + byte - 0x80);
  return text;
}

/** WHATWG's windows-1252 bytes 0x80-0x9F (the rest is latin1). */
const WINDOWS_1252_C1 =
  '\u20AC\u0081\u201A\u0192\u201E\u2026\u2020\u2021\u02C6\u2030\u0160\u2039\u0152\u008D\u017D\u008F' +
  '\u0090\u2018\u2019\u201C\u201D\u2022\u2013\u2014\u02DC\u2122\u0161\u203A\u0153\u009D\u017E\u0178';

/**
 * Node's TextDecoder decodes windows-1252 (and so latin1 and iso-8859-1) as
 * plain latin1, turning 0x80-0x9F into C1 controls instead of € ' " – and the
 * like (nodejs/node#56542). Checked once: a fixed Node is used as it is.
 */
const NODE_WINDOWS_1252_IS_LATIN1 = new TextDecoder('windows-1252').decode(Uint8Array.of(0x80)) !== '\u20AC';

function decodeWindows1252(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
    .toString('latin1')
    .replace(/[\u0080-\u009F]/g, (c1) => WINDOWS_1252_C1[c1.charCodeAt(0) - 0x80] ?? c1);
}

/**
 * One decoder per encoding for the run: decode() without `stream` keeps no
 * state between calls, and each TextDecoder holds a converter of its own
 * outside the JS heap (one per page was malloc churn on every page).
 */
const decoders = new Map<string, TextDecoder>();

function decoderFor(encoding: string): TextDecoder {
  let decoder = decoders.get(encoding);
  if (decoder === undefined) {
    try {
      decoder = new TextDecoder(encoding, { fatal: false });
    } catch {
      // An encoding Node's TextDecoder lacks (iso-8859-16, even with full ICU): UTF-8, and say so.
      decoder = new TextDecoder('utf-8', { fatal: false });
    }
    decoders.set(encoding, decoder);
  }
  return decoder;
}

export function decodeText(bytes: Uint8Array, contentType: string | undefined): DecodedText {
  const encoding = sniffEncoding(bytes, contentType);
  // Two WHATWG encodings Node's TextDecoder does not know, both simple enough to do here.
  // (replacement stands for labels like iso-2022-kr that are unsafe to decode: one U+FFFD.)
  if (encoding === 'replacement') return { text: bytes.length === 0 ? '' : '\uFFFD', charset: 'replacement' };
  if (encoding === 'x-user-defined') return { text: decodeUserDefined(bytes), charset: 'x-user-defined' };
  if (encoding === 'windows-1252' && NODE_WINDOWS_1252_IS_LATIN1) return { text: decodeWindows1252(bytes), charset: 'windows-1252' };
  const decoder = decoderFor(encoding);
  return { text: decoder.decode(bytes), charset: decoder.encoding };
}

import t from 'tap';
import { charsetFromContentType, decodeText, sniffEncoding } from '../../src/http/charset.js';

t.test('charset from Content-Type', async (t) => {
  const cases: Array<[string | undefined, string | null]> = [
    ['text/html; charset=utf-8', 'utf-8'],
    ['text/html;charset=ISO-8859-1', 'ISO-8859-1'],
    ['text/css; charset="utf-8"', 'utf-8'], // WhiteNoise quotes it
    ['text/html; Charset = windows-1252 ; foo=bar', 'windows-1252'],
    ['text/html', null],
    ['text/html; charset=', null],
    ['text/html; charset=""', null],
    [undefined, null],
  ];
  for (const [header, expected] of cases) t.equal(charsetFromContentType(header), expected, String(header));
});

t.test('a <meta> in the first 1024 bytes, as the WHATWG prescan reads it', async (t) => {
  const cases: Array<[string, string]> = [
    ['<meta charset="iso-8859-1">', 'windows-1252'],
    ["<META CHARSET='Shift_JIS'>", 'shift_jis'],
    ['<meta charset=utf-8>', 'utf-8'],
    ['<meta charset="latin1">', 'windows-1252'], // latin1 is a label of windows-1252
    ['<meta http-equiv="Content-Type" content="text/html; charset=windows-1252">', 'windows-1252'],
    ['<meta name="description" content="charset in prose"><p>charset=latin1</p>', 'utf-8'],
    ['<p>no meta</p>', 'utf-8'],
    [`${' '.repeat(1100)}<meta charset="iso-8859-1">`, 'utf-8'], // beyond the first 1024 bytes
    [`${' '.repeat(990)}<meta charset="iso-8859-1">`, 'windows-1252'], // within them
    [`${' '.repeat(1000)}<meta charset="iso-8859-1">`, 'utf-8'], // starts within, ends beyond: not used
    // UTF-16 in a meta cannot be true (the meta itself was read as ASCII): it means UTF-8.
    ['<meta charset=utf-16>', 'utf-8'],
    ['<meta charset="utf-16le">', 'utf-8'],
    ['<meta charset="UTF-16BE">', 'utf-8'],
    ['<meta charset="x-user-defined">', 'windows-1252'],
    ['<meta charset="no-such-label">', 'utf-8'], // unknown: falls through to the default
    // Where the old regex scan was wrong by the algorithm:
    ['<meta content="text/html; charset=iso-8859-2">', 'utf-8'], // charset in content needs http-equiv=content-type
    ['<!-- <meta charset="iso-8859-2"> --><p>x</p>', 'utf-8'], // inside a comment
    ['<meta http-equiv="Content-Type" content="text/html; charset=iso-8859-2"><meta charset="koi8-r">', 'iso-8859-2'], // the first wins
  ];
  for (const [html, expected] of cases) {
    t.equal(sniffEncoding(Buffer.from(html), undefined).toLowerCase(), expected, html.trim().slice(0, 70));
    t.equal(decodeText(Buffer.from(html), 'text/html').charset, expected, `decodeText: ${html.trim().slice(0, 60)}`);
  }
});

t.test('decodeText: BOM, then Content-Type, then meta, then UTF-8', async (t) => {
  const latin1 = Buffer.from('café', 'latin1');
  const cases: Array<{ name: string; bytes: Buffer; contentType?: string; text: string; charset: string }> = [
    { name: 'Content-Type latin1', bytes: latin1, contentType: 'text/html; charset=iso-8859-1', text: 'café', charset: 'windows-1252' },
    {
      name: 'meta latin1 when the header is silent',
      bytes: Buffer.concat([Buffer.from('<meta charset="latin1">'), latin1]),
      contentType: 'text/html',
      text: '<meta charset="latin1">café',
      charset: 'windows-1252',
    },
    {
      name: 'header wins over meta',
      bytes: Buffer.from('<meta charset="latin1">café'),
      contentType: 'text/html; charset=utf-8',
      text: '<meta charset="latin1">café',
      charset: 'utf-8',
    },
    {
      name: 'unknown label falls through to meta',
      bytes: Buffer.concat([Buffer.from('<meta charset="iso-8859-1">'), latin1]),
      contentType: 'text/html; charset=no-such-charset',
      text: '<meta charset="iso-8859-1">café',
      charset: 'windows-1252',
    },
    { name: 'UTF-8 by default', bytes: Buffer.from('café ✓'), text: 'café ✓', charset: 'utf-8' },
    { name: 'broken UTF-8 becomes U+FFFD', bytes: Buffer.from([0x61, 0xc3, 0x28, 0xff]), text: 'a\uFFFD(\uFFFD', charset: 'utf-8' },
    {
      name: 'a UTF-8 BOM beats a wrong header',
      bytes: Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('café')]),
      contentType: 'text/html; charset=iso-8859-1',
      text: 'café',
      charset: 'utf-8',
    },
    { name: 'UTF-16LE BOM', bytes: Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('hé', 'utf16le')]), text: 'hé', charset: 'utf-16le' },
    { name: 'UTF-16BE BOM', bytes: Buffer.from([0xfe, 0xff, 0x00, 0x68, 0x00, 0xe9]), text: 'hé', charset: 'utf-16be' },
    { name: 'empty body', bytes: Buffer.alloc(0), text: '', charset: 'utf-8' },
    {
      name: 'a UTF-16LE BOM beats a Content-Type saying utf-8',
      bytes: Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('hé', 'utf16le')]),
      contentType: 'text/html; charset=utf-8',
      text: 'hé',
      charset: 'utf-16le',
    },
    {
      name: 'Content-Type beats a meta naming another charset',
      bytes: Buffer.concat([Buffer.from('<meta charset="utf-8">'), latin1]),
      contentType: 'text/html; charset=iso-8859-1',
      text: '<meta charset="utf-8">café',
      charset: 'windows-1252',
    },
    {
      name: 'latin1 means windows-1252: 0x80 is the euro sign, not a C1 control',
      bytes: Buffer.from([0x80, 0x20, 0xe9]),
      contentType: 'text/html; charset=latin1',
      text: '€ é',
      charset: 'windows-1252',
    },
    {
      name: 'windows-1252 all through 0x80-0x9F (Node alone decodes them as C1 controls)',
      bytes: Buffer.from([0x80, 0x82, 0x85, 0x8a, 0x8d, 0x91, 0x92, 0x93, 0x94, 0x96, 0x97, 0x99, 0x9f, 0xff]),
      contentType: 'text/html; charset=windows-1252',
      text: '€‚…Š\u008D‘’“”–—™Ÿÿ',
      charset: 'windows-1252',
    },
    {
      name: 'utf-16 from the transport layer is honoured (only a meta cannot say it)',
      bytes: Buffer.from('hé', 'utf16le'),
      contentType: 'text/html; charset=utf-16le',
      text: 'hé',
      charset: 'utf-16le',
    },
    {
      name: 'x-user-defined from Content-Type (Node lacks it): ASCII kept, high bytes to U+F780..',
      bytes: Buffer.from([0x41, 0x80, 0xff]),
      contentType: 'text/html; charset=x-user-defined',
      text: 'A\uF780\uF7FF',
      charset: 'x-user-defined',
    },
    {
      name: 'a label for the replacement encoding (iso-2022-kr): one U+FFFD, nothing decoded',
      bytes: Buffer.from('<p>not decoded</p>'),
      contentType: 'text/html; charset=iso-2022-kr',
      text: '\uFFFD',
      charset: 'replacement',
    },
    {
      name: 'an encoding Node cannot decode (iso-8859-16): UTF-8, and said so',
      bytes: Buffer.from('café'),
      contentType: 'text/html; charset=iso-8859-16',
      text: 'café',
      charset: 'utf-8',
    },
    {
      name: 'unknown labels everywhere: UTF-8',
      bytes: Buffer.from('<meta charset="klingon">café'),
      contentType: 'text/html; charset=also-unknown',
      text: '<meta charset="klingon">café',
      charset: 'utf-8',
    },
  ];
  for (const { name, bytes, contentType, text, charset } of cases) {
    t.same(decodeText(bytes, contentType), { text, charset }, name);
  }
});

import t from 'tap';
import { charsetFromContentType, charsetFromMeta, decodeText } from '../../src/http/charset.js';

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

t.test('charset from a <meta> in the first KB', async (t) => {
  const cases: Array<[string, string | null]> = [
    ['<meta charset="iso-8859-1">', 'iso-8859-1'],
    ["<META CHARSET='Shift_JIS'>", 'Shift_JIS'],
    ['<meta charset=utf-8>', 'utf-8'],
    ['<meta http-equiv="Content-Type" content="text/html; charset=windows-1252">', 'windows-1252'],
    ['<meta name="description" content="charset in prose"><p>charset=latin1</p>', null],
    ['<p>no meta</p>', null],
    [`${' '.repeat(1100)}<meta charset="iso-8859-1">`, null], // beyond the first KB
  ];
  for (const [html, expected] of cases) t.equal(charsetFromMeta(Buffer.from(html)), expected, html.trim().slice(0, 60));
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
  ];
  for (const { name, bytes, contentType, text, charset } of cases) {
    t.same(decodeText(bytes, contentType), { text, charset }, name);
  }
});

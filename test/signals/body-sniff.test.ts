import t from 'tap';
import { sniffBody } from '../../src/signals/body-sniff.js';
import type { SniffResult } from '../../src/signals/body-sniff.js';

const b64 = (bytes: string | number[]): string =>
  (typeof bytes === 'string' ? Buffer.from(bytes, 'latin1') : Buffer.from(bytes)).toString('base64');
const utf8 = (text: string): string => Buffer.from(text, 'utf8').toString('base64');

t.test('sniffBody names the type of the first bytes and shows them', async (t) => {
  const cases: { name: string; prefix: string; expected: SniffResult }[] = [
    { name: 'PDF', prefix: b64('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj'), expected: { type: 'pdf', describe: '%PDF-1.7' } },
    { name: 'PDF with CR line ends', prefix: b64('%PDF-1.4\r%\xe2\xe3'), expected: { type: 'pdf', describe: '%PDF-1.4' } },
    { name: 'PNG', prefix: b64('\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00'), expected: { type: 'png', describe: '\\x89PNG\\r\\n\\x1a\\n\\x00\\x00\\x00\\rIHDR' } },
    { name: 'JPEG', prefix: b64('\xff\xd8\xff\xe0\x00\x10JFIF\x00'), expected: { type: 'jpeg', describe: '\\xff\\xd8\\xff\\xe0\\x00\\x10JFIF\\x00' } },
    { name: 'GIF89a', prefix: b64('GIF89a\x01\x00\x01\x00'), expected: { type: 'gif', describe: 'GIF89a\\x01\\x00\\x01\\x00' } },
    { name: 'GIF87a', prefix: b64('GIF87a'), expected: { type: 'gif', describe: 'GIF87a' } },
    { name: 'WebP', prefix: b64('RIFF\x24\x00\x00\x00WEBPVP8 '), expected: { type: 'webp', describe: 'RIFF$\\x00\\x00\\x00WEBPVP8 ' } },
    { name: 'AVIF, major brand', prefix: b64('\x00\x00\x00\x1cftypavif\x00\x00\x00\x00avifmif1miaf'), expected: { type: 'avif', describe: '\\x00\\x00\\x00\\x1cftypavif\\x00\\x00\\x00\\x00' } },
    { name: 'AVIF, compatible brand only', prefix: b64('\x00\x00\x00\x18ftypmif1\x00\x00\x00\x00mif1avif'), expected: { type: 'avif', describe: '\\x00\\x00\\x00\\x18ftypmif1\\x00\\x00\\x00\\x00' } },
    { name: 'HEIC is not AVIF', prefix: b64('\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic'), expected: { type: 'binary', describe: '\\x00\\x00\\x00\\x18ftypheic\\x00\\x00\\x00\\x00' } },
    { name: '"avif" as a minor version is not a brand', prefix: b64('\x00\x00\x00\x10ftypheicavif'), expected: { type: 'binary', describe: '\\x00\\x00\\x00\\x10ftypheicavif' } },
    { name: 'a short ftyp', prefix: b64('\x00\x00\x00\x08ftyp'), expected: { type: 'binary', describe: '\\x00\\x00\\x00\\x08ftyp' } },
    { name: 'ZIP (a .docx)', prefix: b64('PK\x03\x04\x14\x00\x06\x00'), expected: { type: 'zip', describe: 'PK\\x03\\x04\\x14\\x00\\x06\\x00' } },
    { name: 'empty ZIP', prefix: b64('PK\x05\x06\x00\x00'), expected: { type: 'zip', describe: 'PK\\x05\\x06\\x00\\x00' } },
    { name: 'HTML doctype', prefix: utf8('<!DOCTYPE html>\n<html lang="en">'), expected: { type: 'html', describe: '<!DOCTYPE html>' } },
    { name: "Wagtail's password form (uppercase doctype)", prefix: utf8('<!DOCTYPE HTML>\n<html>\n<head><title>Password required</title>'), expected: { type: 'html', describe: '<!DOCTYPE HTML>' } },
    { name: 'HTML after a BOM and blank lines', prefix: utf8('\uFEFF\n\n  <html><head>'), expected: { type: 'html', describe: '<html><head>' } },
    { name: 'HTML fragment', prefix: utf8('<div class="x">hi</div>'), expected: { type: 'html', describe: '<div class="x">hi</div>' } },
    { name: 'HTML opening with a comment', prefix: utf8('<!-- page --><html>'), expected: { type: 'html', describe: '<!-- page --><html>' } },
    { name: 'a long line is cut', prefix: utf8(`<html>${'x'.repeat(60)}`), expected: { type: 'html', describe: `<html>${'x'.repeat(34)}…` } },
    { name: 'SVG', prefix: utf8('<svg xmlns="http://www.w3.org/2000/svg">'), expected: { type: 'svg', describe: '<svg xmlns="http://www.w3.org/2000/svg">' } },
    { name: 'SVG with XML declaration', prefix: utf8('<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg">'), expected: { type: 'svg', describe: '<?xml version="1.0"?>' } },
    { name: 'SVG after an editor comment', prefix: utf8('<!-- Generator: Adobe Illustrator -->\n<svg version="1.1">'), expected: { type: 'svg', describe: '<!-- Generator: Adobe Illustrator -->' } },
    { name: 'SVG doctype', prefix: utf8('<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN">'), expected: { type: 'svg', describe: '<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.…' } },
    { name: 'S3 bucket listing', prefix: utf8('<?xml version="1.0" encoding="UTF-8"?>\n<ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/">'), expected: { type: 'xml', describe: '<?xml version="1.0" encoding="UTF-8"?>' } },
    { name: 'JSON object', prefix: utf8('{\n  "paths": {"a.css": "a.0123456789ab.css"}'), expected: { type: 'json', describe: '{' } },
    { name: 'JSON empty object', prefix: utf8('{}'), expected: { type: 'json', describe: '{}' } },
    { name: 'JSON array', prefix: utf8('[1, 2]'), expected: { type: 'json', describe: '[1, 2]' } },
    { name: 'CSS is text', prefix: utf8('{ color: red }'), expected: { type: 'text', describe: '{ color: red }' } },
    { name: 'JavaScript is text', prefix: utf8('(()=>{"use strict";\tvar a=1})()'), expected: { type: 'text', describe: '(()=>{"use strict";\\tvar a=1})()' } },
    { name: 'text with a backslash and non-ASCII', prefix: utf8('Grüße C:\\temp'), expected: { type: 'text', describe: 'Grüße C:\\\\temp' } },
    { name: 'Latin-1 text (not UTF-8)', prefix: b64('caf\xe9 cr\xe8me'), expected: { type: 'text', describe: 'caf\\ufffd cr\\ufffdme' } },
    { name: 'a C1 control character is escaped', prefix: utf8('a\u0085b'), expected: { type: 'text', describe: 'a\\x85b' } },
    { name: 'binary with NUL', prefix: b64([0x00, 0x01, 0x5c, 0x41, 0x7f]), expected: { type: 'binary', describe: '\\x00\\x01\\\\A\\x7f' } },
    { name: 'DEL byte makes it binary', prefix: b64('abc\x7f'), expected: { type: 'binary', describe: 'abc\\x7f' } },
    { name: 'empty', prefix: '', expected: { type: 'empty', describe: '(empty)' } },
  ];
  for (const c of cases) t.same(sniffBody(c.prefix), c.expected, c.name);
});

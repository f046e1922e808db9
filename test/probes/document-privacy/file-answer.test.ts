// document-privacy, file answers: a 2xx is the document's file unless it is an
// HTML page at a name that is not HTML (a CDN's error page, an app's fallback).

import t from 'tap';
import { isFileAnswer } from '../../../probes/document-privacy/file-answer.js';
import { response } from '../../helpers/site-kit.js';

t.test('isFileAnswer', async (t) => {
  const at = (status: number, body: string) => response({ url: 'https://media.test/documents/x', status, body });
  const cases: [string, number, string, string, boolean][] = [
    ['a PDF', 200, '%PDF-1.7\n', 'report.pdf', true],
    ['a CSV', 200, 'name,salary\n', 'salaries.csv', true],
    ['an HTML page at a PDF\'s name', 200, '<!DOCTYPE html><title>Not found</title>', 'report.pdf', false],
    ['an HTML document is HTML', 200, '<!DOCTYPE html><title>Brochure</title>', 'brochure.html', true],
    ['an SVG (its text may look like markup)', 200, '<svg xmlns="http://www.w3.org/2000/svg"></svg>', 'logo.svg', true],
    ['a percent-encoded HTML name', 200, '<html></html>', 'caf%C3%A9.HTM', true],
    ['a refusal', 403, '<Error><Code>AccessDenied</Code></Error>', 'report.pdf', false],
    ['a redirect', 302, '', 'report.pdf', false],
  ];
  for (const [name, status, body, filename, expected] of cases) t.equal(isFileAnswer(at(status, body), filename), expected, name);
});

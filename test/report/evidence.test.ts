import t from 'tap';
import type { Evidence } from '../../src/engine/finding.js';
import { curlCommand, decisiveFact, evidenceFacts, shellQuote } from '../../src/report/evidence-text.js';
import { finding } from './fixtures.js';

const withEvidence = (...evidence: Evidence[]) => finding('p', 'm', 'warning', 'https://x/', 'msg', evidence);

t.test('the decisive fact: statuses along the way and the deciding headers, else a note', async (t) => {
  const hop = { url: 'https://x/a', status: 301, location: 'https://x/b', headers: {} };
  const cases: Array<[string, Evidence[], string | null]> = [
    ['status alone', [{ status: 404 }], '404'],
    ['hops then status', [{ hops: [hop, { ...hop, status: 302 }], status: 200 }], '301 → 302 → 200'],
    ['hops then an error', [{ hops: [hop], error: 'ERR_TOO_MANY_REDIRECTS' }], '301 → ERR_TOO_MANY_REDIRECTS'],
    ['hops alone', [{ hops: [hop] }], '301'],
    ['headers alone', [{ headers: { 'cache-control': 'no-store', vary: 'Cookie' } }], 'cache-control: no-store · vary: Cookie'],
    ['the first evidence with a status wins over a later one', [{ note: 'first' }, { status: 500 }, { status: 200 }], '500'],
    ['only notes', [{ referrer: 'https://x/' }, { note: 'compared two hashes' }], 'compared two hashes'],
    ['nothing decisive', [{ referrer: 'https://x/' }], null],
    ['no evidence', [], null],
  ];
  for (const [name, evidence, expected] of cases) t.equal(decisiveFact(withEvidence(...evidence)), expected, name);
});

t.test('every fact of an evidence item, in replay order', async (t) => {
  const facts = evidenceFacts({
    request: { method: 'GET', url: 'https://x/doc.pdf', headers: { range: 'bytes=0-1' } },
    hops: [{ url: 'https://x/doc.pdf', status: 302, location: null, headers: {} }],
    status: 206,
    headers: { 'content-range': 'bytes 0-1/100' },
    bodyPrefix: '%PDF',
    referrer: 'https://x/',
    note: 'ranged',
  });
  t.same(facts.map((f) => `${f.label}: ${f.value}`), [
    'request: GET https://x/doc.pdf',
    'sent: range: bytes=0-1',
    'hop: 302 https://x/doc.pdf → (no Location)',
    'status: 206',
    'header: content-range: bytes 0-1/100',
    'body: %PDF',
    'referrer: https://x/',
    'note: ranged',
    "curl: curl -sS -D - -o /dev/null -H 'range: bytes=0-1' 'https://x/doc.pdf'",
  ]);
  t.same(evidenceFacts({ error: 'ERR_DNS' }), [{ label: 'error', value: 'ERR_DNS' }]);
});

t.test('curl commands quote for a POSIX shell', async (t) => {
  t.equal(shellQuote(`it's $HOME; rm -rf /`), `'it'\\''s $HOME; rm -rf /'`);
  t.equal(curlCommand({ method: 'HEAD', url: "https://x/a'b", headers: { host: 'evil.example' } }), `curl -sS -I -H 'host: evil.example' 'https://x/a'\\''b'`);
});

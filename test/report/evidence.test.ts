import t from 'tap';
import type { Evidence } from '../../src/engine/finding.js';
import { curlCommand, decisiveEvidence, decisiveFact, decisiveUrl, evidenceFacts, shellQuote } from '../../src/report/evidence-text.js';
import { exposedFinding, finding, groupedFinding, markedFinding, passwordExposedFinding } from './fixtures.js';

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

t.test('the evidence that decided: marked, else the one agreeing with the message, else the first with a status', async (t) => {
  const get = (url: string) => ({ method: 'GET' as const, url, headers: {} });
  const a: Evidence = { request: get('https://x/serve'), status: 302, headers: { location: '/login/' } };
  const b: Evidence = { request: get('https://x/file'), status: 200 };
  const c: Evidence = { request: get('https://x/other'), status: 200 };
  const data = (extra: Record<string, string | number>) => (f: ReturnType<typeof withEvidence>) => ({ ...f, data: { ...f.data, ...extra } });
  const cases: Array<[string, ReturnType<typeof withEvidence>, Evidence | null]> = [
    ['unmarked, no status in the data: the first with a status', withEvidence(a, b), a],
    ['the status the data names', data({ status: 200 })(withEvidence(a, b)), b],
    ['two agree on the status: the one at a URL the data names', data({ status: 200, fileUrl: 'https://x/other' })(withEvidence(a, b, c)), c],
    ['marked decisive beats everything', data({ status: 302 })(withEvidence(a, { ...c, decisive: true })), { ...c, decisive: true }],
    ['a marked note without status or headers is not a response', withEvidence({ note: 'n', decisive: true }, a), a],
    ['an error code the data names', data({ status: 'ERR_TIMEOUT' })(withEvidence(a, { request: get('https://x/t'), error: 'ERR_TIMEOUT' })), { request: get('https://x/t'), error: 'ERR_TIMEOUT' }],
    ['notes only', withEvidence({ note: 'n' }), null],
  ];
  for (const [name, f, expected] of cases) t.same(decisiveEvidence(f), expected, name);
  t.equal(decisiveUrl(exposedFinding), 'https://www.example.org/media/documents/board-minutes.pdf', "a leak: the file URL, not the serve URL the finding is filed under");
  t.equal(decisiveUrl(passwordExposedFinding), 'https://www.example.org/media/documents/board-minutes.pdf', 'the same behind a password form that also answers 200');
  t.equal(decisiveUrl(markedFinding), 'https://www.example.org/contact/?second');
  t.equal(decisiveUrl(groupedFinding), 'https://www.example.org/static/css/site.0123abcd.css', 'a grouped finding: a member, not the site root');
  t.equal(decisiveUrl(withEvidence({ status: 200 })), 'https://x/', "evidence without a request: the finding's URL");
  t.equal(decisiveFact(exposedFinding), '200 · content-type: application/pdf');
});

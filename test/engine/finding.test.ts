import t from 'tap';
import { formatMessage, compareFindings, findingFingerprint } from '../../src/engine/finding.js';
import type { Finding } from '../../src/engine/finding.js';

t.test('formatMessage fills placeholders and keeps unknown ones visible', async (t) => {
  t.equal(formatMessage('doc {doc} at {url}', { doc: 'a.pdf', url: '/m/a.pdf' }), 'doc a.pdf at /m/a.pdf');
  t.equal(formatMessage('{missing} stays', {}), '{missing} stays');
  t.equal(formatMessage('{n} items', { n: 0 }), '0 items');
});

t.test('a fingerprint is the same on every run, even for the run-specific missing-page URL', async (t) => {
  t.equal(findingFingerprint('p', 'm', 'https://x.test/a/'), 'p/m https://x.test/a/');
  t.equal(
    findingFingerprint('performance', 'legacyOnlyRenditions', 'https://media.test/b/images/a.width-800.png?X-Amz-Date=20261202T045603Z&X-Amz-Expires=300&X-Amz-Signature=4048'),
    'performance/legacyOnlyRenditions https://media.test/b/images/a.width-800.png',
    'a signed storage URL, signed anew on every page view: the object\'s fingerprint',
  );
  t.equal(findingFingerprint('p', 'm', 'https://x.test/search/?q=a b'), 'p/m https://x.test/search/?q=a b', 'an unsigned URL is kept as written');
  t.equal(findingFingerprint('p', 'm', '(a public page)'), 'p/m (a public page)', 'a label is kept');
  t.equal(
    findingFingerprint('deploy-checks', 'debugPage', 'https://x.test/wagtail-probe-0123456789ab/'),
    findingFingerprint('deploy-checks', 'debugPage', 'https://x.test/wagtail-probe-ba9876543210/'),
  );
});

t.test('compareFindings puts the most severe first, then sorts stably', async (t) => {
  const make = (severity: Finding['severity'], probe: string, url: string): Finding => ({
    probe, messageId: 'm', severity, inconclusive: false, url, message: '', data: {}, evidence: [],
    fingerprint: findingFingerprint(probe, 'm', url),
  });
  const sorted = [make('info', 'a', '/1'), make('error', 'b', '/2'), make('warning', 'a', '/3'), make('error', 'a', '/4')].sort(compareFindings);
  t.same(sorted.map((f) => `${f.severity}:${f.probe}${f.url}`), ['error:a/4', 'error:b/2', 'warning:a/3', 'info:a/1']);
});

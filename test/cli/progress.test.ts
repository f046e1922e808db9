import t from 'tap';
import { ProgressLine } from '../../src/cli/progress.js';

function sink(): { out: { write(s: string): void }; text: () => string } {
  let buffer = '';
  return { out: { write: (s: string) => void (buffer += s) }, text: () => buffer };
}

t.test('not a TTY and not verbose: nothing at all is written', async (t) => {
  const s = sink();
  const line = new ProgressLine(s.out, false, false);
  line.update({ type: 'started', target: 'https://x.test/' });
  line.update({ type: 'fetched', url: 'https://x.test/', status: 200, pages: 1, queued: 3 });
  line.update({ type: 'retry', url: 'https://x.test/a', reason: '503' });
  line.update({ type: 'probe', id: 'deploy-checks', status: 'pass' });
  line.done();
  t.equal(s.text(), '');
});

t.test('on a TTY: one line redrawn in place, cleared at the end', async (t) => {
  const s = sink();
  const line = new ProgressLine(s.out, true, false);
  line.update({ type: 'fetched', url: 'https://x.test/', status: null, error: 'ERR_TIMEOUT', pages: 1, queued: 2 });
  t.match(s.text(), /^\r\x1b\[2Kwagtail-probe: pages · 1 pages · 2 queued · 1 errors · \d+\.\ds$/);
  line.update({ type: 'phase', phase: 'resources', queued: 40 });
  t.match(line.text(), /resources · 1 pages · 40 queued/);
  line.update({ type: 'probe', id: 'static-assets', status: 'fail' });
  t.match(line.text(), /^wagtail-probe: probes/);
  line.done();
  t.ok(s.text().endsWith('\r\x1b[2K'), 'the line is cleared');
});

t.test('verbose: every request, retry and probe is logged on its own line', async (t) => {
  const s = sink();
  const line = new ProgressLine(s.out, false, true);
  line.update({ type: 'response', method: 'GET', url: 'https://x.test/a', status: 404, ms: 12 });
  line.update({ type: 'fetched', url: 'https://x.test/a', status: 404, pages: 1, queued: 0 });
  line.update({ type: 'response', method: 'HEAD', url: 'https://cdn.x.test/b.css', status: null, error: 'ERR_DNS: no such host', ms: 3 });
  line.update({ type: 'retry', url: 'https://x.test/c', reason: 'status 503' });
  line.update({ type: 'probe', id: 'cache-privacy', status: 'pass' });
  line.update({ type: 'finished', pages: 2, resources: 0, durationMs: 5 });
  t.same(s.text().split('\n').filter(Boolean), [
    'GET 404 12ms https://x.test/a',
    'HEAD ERR_DNS: no such host 3ms https://cdn.x.test/b.css',
    'retry https://x.test/c: status 503',
    'probe cache-privacy: pass',
  ], 'a page is logged once, as the request it was; resources and probe requests too');
});

t.test('verbose on a TTY: a log line first clears the progress line', async (t) => {
  const s = sink();
  const line = new ProgressLine(s.out, true, true);
  line.update({ type: 'phase', phase: 'pages', queued: 1 });
  line.update({ type: 'retry', url: 'https://x.test/c', reason: '429' });
  t.match(s.text(), /\r\x1b\[2Kretry https:\/\/x\.test\/c: 429\n/);
});

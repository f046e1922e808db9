// performance's messages as the reports read them: a SARIF rule description
// without placeholders for each, within GitHub's lengths; template syntax
// that is Wagtail's own ({% picture %}, format-{avif,webp,jpeg}) left as text.

import t from 'tap';
import { formatMessage } from '../../../src/engine/finding.js';
import { placeholderFree } from '../../../src/report/sarif-rules.js';
import { formatBytes, formatCount, formatMs, MESSAGES } from '../../../probes/performance/messages.js';

t.test('every message reads as a SARIF rule description', async (t) => {
  for (const [id, spec] of Object.entries(MESSAGES)) {
    const description = placeholderFree(spec.text);
    t.notMatch(description, /\{\w+\}/, `${id}: ${description}`);
    t.ok(description.length > 20 && description.length <= 1024, `${id}: length ${description.length}`);
    t.not(spec.severity, 'error', `${id}: performance is never an error`);
  }
});

t.test("Wagtail's template syntax in a message is not a placeholder", async (t) => {
  const text = formatMessage(MESSAGES.noModernImageFormats.text, { count: 2, formats: 'JPEG', example: 'https://site.test/media/images/a.width-800.jpg' });
  t.match(text, /`\{% picture image format-\{avif,webp,jpeg\} … %\}`/);
  t.match(text, /^2 renditions are JPEG and no crawled page/);
});

t.test('numbers as the messages write them', async (t) => {
  const bytes: [number, string][] = [[512, '512 B'], [14_200, '14.2 kB'], [3_100_000, '3.1 MB']];
  for (const [n, text] of bytes) t.equal(formatBytes(n), text);
  const times: [number, string][] = [[80.4, '80 ms'], [999, '999 ms'], [1900, '1.90 s']];
  for (const [ms, text] of times) t.equal(formatMs(ms), text);
  const counts: [number, string][] = [[0, '0'], [999, '999'], [1000, '1,000'], [1_440_000, '1,440,000'], [12_345_678, '12,345,678']];
  for (const [n, text] of counts) t.equal(formatCount(n), text);
});

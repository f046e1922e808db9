import t from 'tap';
import { defineProbe } from '../../src/engine/probe.js';
import { REPORT_FORMATS, catalogFromMetas, isReportFormat, render } from '../../src/report/index.js';
import { renderHtml } from '../../src/report/html.js';
import { renderJson } from '../../src/report/json.js';
import { renderJunit } from '../../src/report/junit.js';
import { renderPretty } from '../../src/report/pretty.js';
import { renderPrometheus } from '../../src/report/prometheus.js';
import { renderSarif } from '../../src/report/sarif.js';
import { renderTap } from '../../src/report/tap.js';
import { catalog, deepFreeze, fixtureResult } from './fixtures.js';

t.test('the seven formats, and a guard for names from the command line', async (t) => {
  t.same([...REPORT_FORMATS], ['pretty', 'json', 'junit', 'tap', 'sarif', 'prometheus', 'html']);
  for (const format of REPORT_FORMATS) t.ok(isReportFormat(format), format);
  t.notOk(isReportFormat('xml'));
  t.notOk(isReportFormat('PRETTY'));
});

t.test('render dispatches each format to its own module, passing only what that format uses', async (t) => {
  const result = deepFreeze(fixtureResult());
  const now = new Date('2025-05-02T08:00:00Z');
  const expected = {
    pretty: renderPretty(result, { color: true }),
    json: renderJson(result),
    junit: renderJunit(result),
    tap: renderTap(result),
    sarif: renderSarif(result, catalog),
    prometheus: renderPrometheus(result),
    html: renderHtml(result, { now, catalog }),
  };
  for (const format of REPORT_FORMATS) {
    t.equal(render(format, result, { color: true, now, catalog }), expected[format], format);
  }
  t.equal(render('html', result, { color: false }), renderHtml(result), 'html without a time');
  t.equal(render('sarif', result, { color: false }), renderSarif(result), 'sarif without a catalog');
});

t.test('reporters are pure: the same result gives the same text, and is left as it was', async (t) => {
  const result = deepFreeze(fixtureResult());
  const before = JSON.stringify(result);
  for (const format of REPORT_FORMATS) {
    const options = { color: false, catalog };
    t.equal(render(format, result, options), render(format, result, options), `${format} is deterministic`);
  }
  t.equal(JSON.stringify(result), before, 'the result is unchanged (it is frozen too: a write would have thrown)');
});

t.test('a catalog is made from probe metadata', async (t) => {
  const probe = defineProbe({
    meta: {
      id: 'example',
      title: 'An example',
      docs: 'Why it matters.',
      messages: { broken: { text: '{url} is broken', severity: 'error' } },
      maxRequests: 0,
    },
    async run() {},
  });
  t.same(catalogFromMetas([probe.meta]), {
    example: { title: 'An example', docs: 'Why it matters.', messages: { broken: { text: '{url} is broken', severity: 'error' } } },
  });
  t.same(catalogFromMetas([]), {});
});

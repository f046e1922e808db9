// `wagtail-probe init`: a starter config that explains itself. JSON with
// comments (the config reader strips them), every key at its default.

import { CONFIG_SCHEMA, DEFAULTS } from './config.js';
import type { Probe } from '../engine/probe.js';

export function starterConfig(probes: readonly Probe[]): string {
  const doc = (key: string): string => {
    const [top, sub] = key.split('.') as [string, string | undefined];
    const spec = CONFIG_SCHEMA[top];
    if (sub === undefined || spec?.type !== 'object') return spec?.doc ?? '';
    return spec.fields[sub]?.doc ?? '';
  };
  const line = (key: string, value: unknown, indent = '  ', last = false): string =>
    `${indent}// ${doc(key)}\n${indent}${JSON.stringify(key.split('.').pop())}: ${JSON.stringify(value)}${last ? '' : ','}\n`;
  const messageIds = probes.flatMap((p) => Object.entries(p.meta.messages).map(([id, spec]) => `//     ${p.meta.id}/${id} (${spec.severity})`));

  return [
    '// wagtail-probe configuration. JSON; comments like this one are allowed.',
    '// Every key is optional; a command-line flag wins over the same key here.',
    '{',
    line('target', 'https://www.example.com/').trimEnd(),
    line('adminPath', DEFAULTS.adminPath).trimEnd(),
    line('mediaUrl', null).trimEnd(),
    line('staticUrl', null).trimEnd(),
    line('plainHttpUrl', null).trimEnd(),
    '  // Canaries: create one private document per restriction type in the Wagtail admin',
    '  // (a collection with "private, accessible to logged-in users" and one with a',
    '  // password), upload a small file to each, and list their /documents/<id>/<file> URLs.',
    '  "private": {',
    line('private.documents', [], '    ').trimEnd(),
    line('private.pages', [], '    ', true).trimEnd(),
    '  },',
    line('storageOrigins', []).trimEnd(),
    line('originalsPrivate', DEFAULTS.originalsPrivate).trimEnd(),
    line('probes', []).trimEnd(),
    line('skipProbes', []).trimEnd(),
    line('severity', {}).trimEnd(),
    '  // Message ids you can silence or re-grade:',
    ...messageIds,
    line('silenced', []).trimEnd(),
    line('failOn', DEFAULTS.failOn).trimEnd(),
    line('baseline', null).trimEnd(),
    line('reports', [{ format: 'pretty' }]).trimEnd(),
    '  "http": {',
    line('http.timeout', DEFAULTS.http.timeout, '    ').trimEnd(),
    line('http.connectTimeout', DEFAULTS.http.connectTimeout, '    ').trimEnd(),
    line('http.headers', {}, '    ').trimEnd(),
    line('http.ca', null, '    ').trimEnd(),
    line('http.insecure', false, '    ').trimEnd(),
    line('http.maxRedirects', DEFAULTS.http.maxRedirects, '    ').trimEnd(),
    line('http.retries', DEFAULTS.http.retries, '    ', true).trimEnd(),
    '  },',
    '  "crawl": {',
    line('crawl.maxPages', DEFAULTS.crawl.maxPages, '    ').trimEnd(),
    line('crawl.maxDepth', DEFAULTS.crawl.maxDepth, '    ').trimEnd(),
    line('crawl.concurrency', DEFAULTS.crawl.concurrency, '    ').trimEnd(),
    line('crawl.rate', DEFAULTS.crawl.rate, '    ').trimEnd(),
    line('crawl.include', [], '    ').trimEnd(),
    line('crawl.exclude', [], '    ').trimEnd(),
    line('crawl.seeds', [], '    ').trimEnd(),
    line('crawl.maxMediaSamples', DEFAULTS.crawl.maxMediaSamples, '    ', true).trimEnd(),
    '  }',
    '}',
    '',
  ].join('\n');
}

// SARIF results point at the config file's line that names the target, so
// GitHub code scanning shows each alert on a file of the checkout.

import t from 'tap';
import { join } from 'node:path';
import { configFileLocation, parseSarifLocation } from '../../src/config/config-location.js';

const cwd = '/repo';

t.test('the "target" property of the config file, by line and columns', async (t) => {
  const text = '{\n  // the site\n  "target": "https://www.example.org/",\n  "probes": []\n}\n';
  t.same(configFileLocation(join(cwd, 'sites', 'www.jsonc'), text, cwd), { uri: 'sites/www.jsonc', startLine: 3, startColumn: 3, endColumn: 39 });
});

t.test('a file that does not name the target: its first line', async (t) => {
  t.same(configFileLocation(join(cwd, 'wagtail-probe.config.json'), '{ "probes": ["static-assets"] }', cwd), { uri: 'wagtail-probe.config.json', startLine: 1 });
});

t.test('an empty file, and a target on the last line without a newline', async (t) => {
  t.same(configFileLocation(join(cwd, 'c.json'), '', cwd), { uri: 'c.json', startLine: 1 });
  t.same(configFileLocation(join(cwd, 'c.json'), '{"target": "https://a.example/"}', cwd), { uri: 'c.json', startLine: 1, startColumn: 2, endColumn: 32 });
});

t.test('a target property spread over lines is marked on its first line only', async (t) => {
  const location = configFileLocation(join(cwd, 'c.json'), '{"target":\n  "https://a.example/"}', cwd);
  t.same(location, { uri: 'c.json', startLine: 1, startColumn: 2, endColumn: 11 });
});

t.test('a config file outside the working directory is in no repository', async (t) => {
  t.equal(configFileLocation('/etc/wagtail-probe.json', '{"target": "https://a.example/"}', cwd), null);
  t.equal(configFileLocation('/repo', '{}', cwd), null, 'the directory itself is not a file in it');
});

t.test('--sarif-location FILE[:LINE]', async (t) => {
  const cases: [string, ReturnType<typeof parseSarifLocation>][] = [
    ['sites/www.json', { uri: 'sites/www.json', startLine: 1 }],
    ['sites/www.json:7', { uri: 'sites/www.json', startLine: 7 }],
    ['C:x', { uri: 'C:x', startLine: 1 }], // not a line number: part of the name (the CLI then refuses it as not a repository path)
    ['sites/www.json:0', null],
    [':3', null],
    ['', null],
  ];
  for (const [value, expected] of cases) t.same(parseSarifLocation(value), expected, JSON.stringify(value));
});

// `wagtail-probe data`: the dates and extent of the Wagtail data this copy
// ships, so an operator can tell what it cannot know of.

import t from 'tap';
import { describeWagtailData } from '../../src/cli/data-command.js';
import { ADVISORIES, FINGERPRINTS } from '../../src/wagtail/wagtail-data.js';
import { VERSION } from '../../src/version.js';
import { cli } from '../helpers/cli.js';

t.test('each data set with its compile date and extent', async (t) => {
  const text = describeWagtailData(
    { ...FINGERPRINTS, compiledAt: '2026-12-02T01:37:25Z', releases: ['4.1', '4.1.1', '8.0.1'] },
    {
      compiledAt: '2026-12-02',
      advisories: [],
      schedule: [
        { series: '4.1', lts: true, released: '2022-11-01', featureSupportEnds: '2023-11-01', securitySupportEnds: '2024-05-01' },
        { series: '8.0', lts: false, released: '2026-08-01', featureSupportEnds: null, securitySupportEnds: null },
      ],
    },
    '9.9.9',
  );
  t.equal(
    text,
    [
      'Wagtail data shipped with wagtail-probe 9.9.9:',
      '  release fingerprints  compiled 2026-12-02T01:37:25Z: 3 releases, 4.1 to 8.0.1',
      '  security advisories   compiled 2026-12-02: 0 advisories',
      '  support schedule      compiled 2026-12-02: series 4.1 to 8.0 (LTS: 4.1), security support end known for 1 of 2',
      'Releases after 8.0.1 and advisories published after 2026-12-02 are unknown to this copy: upgrade wagtail-probe to refresh its data.',
      '',
    ].join('\n'),
  );
});

t.test('the built command prints the data it ships', async (t) => {
  const ran = await cli(['data']);
  t.equal(ran.code, 0, ran.stderr);
  t.equal(ran.stdout, describeWagtailData(FINGERPRINTS, ADVISORIES, VERSION));
  t.match(ran.stdout, new RegExp(`${FINGERPRINTS.releases.length} releases, 4\\.1 to `));
});

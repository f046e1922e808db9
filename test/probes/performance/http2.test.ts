// HTTP/2 on https, as a specification, with the TLS handshake answered from a
// table (test/http/alpn.test.ts holds negotiateAlpn to real servers).

import t from 'tap';
import type { AlpnOutcome, AlpnTarget } from '../../../src/http/alpn.js';
import { checkHttp2, tlsEndpoint } from '../../../probes/performance/http2.js';
import { options, runOn, site } from '../../helpers/site-kit.js';
import { ruleProbe } from './kit.js';

async function check(target: string, outcome: AlpnOutcome, pageUrl: string | null = null) {
  const asked: AlpnTarget[] = [];
  const run = await runOn(
    ruleProbe(0, async (m, ctx) =>
      checkHttp2(ctx, m, pageUrl, async (to) => {
        asked.push(to);
        return outcome;
      }),
    ),
    site({ target }),
    [],
    options({ target }),
  );
  return { run, asked, ids: run.findings.map((f) => `${f.inconclusive ? '?' : ''}${f.messageId}`) };
}

t.test('ALPN outcomes', async (t) => {
  const cases: [AlpnOutcome, string[]][] = [
    [{ state: 'negotiated', protocol: 'h2' }, []],
    [{ state: 'negotiated', protocol: 'http/1.1' }, ['http2NotOffered']],
    [{ state: 'not-negotiated' }, ['http2NotOffered']],
    [{ state: 'failed', code: 'ERR_TLS', message: 'self-signed certificate' }, ['?checkFailed']],
  ];
  for (const [outcome, expected] of cases) t.same((await check('https://site.test/', outcome)).ids, expected, JSON.stringify(outcome));
});

t.test('the handshake goes to the origin the pages came from, with the run\'s TLS options', async (t) => {
  const { asked } = await check('https://site.test/', { state: 'negotiated', protocol: 'h2' }, 'https://www.site.test:8443/home/');
  t.same(asked, [{ host: 'www.site.test', port: 8443, timeoutMs: 1000, ca: null, insecure: false }]);
});

t.test('plain http: no handshake', async (t) => {
  const { asked, ids } = await check('http://site.test/', { state: 'not-negotiated' });
  t.same([asked, ids], [[], []]);
});

t.test('tlsEndpoint', async (t) => {
  t.same(tlsEndpoint('https://site.test'), { host: 'site.test', port: 443 });
  t.same(tlsEndpoint('https://[::1]:8443'), { host: '::1', port: 8443 });
  t.equal(tlsEndpoint('http://site.test'), null);
});

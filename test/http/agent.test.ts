// The TLS server name the agent's connector passes on: always the URL's host
// (a DNS name as SNI), never a Host header's, and none for an IP literal.

import t from 'tap';
import type { buildConnector } from 'undici';
import { serverNameFromUrl } from '../../src/http/agent.js';

t.test('the server name comes from the URL, never from the Host header', async (t) => {
  const cases: { hostname: string; fromHostHeader: string | undefined; sent: string | undefined }[] = [
    { hostname: 'www.example.org', fromHostHeader: 'wagtail-probe-bogus-host.invalid', sent: 'www.example.org' },
    { hostname: 'localhost', fromHostHeader: undefined, sent: 'localhost' },
    { hostname: '127.0.0.1', fromHostHeader: 'localhost', sent: undefined },
    { hostname: '[::1]', fromHostHeader: 'localhost', sent: undefined },
    { hostname: '[2001:db8::1]', fromHostHeader: undefined, sent: undefined },
  ];
  for (const { hostname, fromHostHeader, sent } of cases) {
    let seen: buildConnector.Options | undefined;
    const connect = serverNameFromUrl(((options: buildConnector.Options) => void (seen = options)) as unknown as buildConnector.connector);
    connect({ hostname, host: hostname, protocol: 'https:', port: '443', ...(fromHostHeader !== undefined ? { servername: fromHostHeader } : {}) } as buildConnector.Options, () => {});
    t.equal(seen?.servername, sent, `${hostname} (Host ${fromHostHeader ?? 'none'})`);
  }
});

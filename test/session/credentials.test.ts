import t from 'tap';
import { monitorAccount, monitorSecrets } from '../../src/session/credentials.js';

t.test('where the monitor account comes from', async (t) => {
  const cases: { name: string; config?: { usernameEnv?: string; passwordEnv?: string }; env: Record<string, string>; stdin?: string; expected: unknown }[] = [
    { name: 'nothing asked: none', env: {}, expected: null },
    { name: 'the default variables', env: { WAGTAIL_PROBE_USERNAME: 'monitor', WAGTAIL_PROBE_PASSWORD: 's3cret-pass' }, expected: { username: 'monitor', password: 's3cret-pass' } },
    { name: 'the password from stdin wins', env: { WAGTAIL_PROBE_USERNAME: 'monitor', WAGTAIL_PROBE_PASSWORD: 'env-pass' }, stdin: 'stdin-pass', expected: { username: 'monitor', password: 'stdin-pass' } },
    { name: 'variables the config names', config: { usernameEnv: 'MON_USER', passwordEnv: 'MON_PASS' }, env: { MON_USER: 'm', MON_PASS: 'p4ssword', WAGTAIL_PROBE_USERNAME: 'other' }, expected: { username: 'm', password: 'p4ssword' } },
  ];
  for (const c of cases) {
    t.same(monitorAccount(c.config, { env: c.env, ...(c.stdin !== undefined ? { monitorPasswordFromStdin: c.stdin } : {}) }), c.expected, c.name);
  }
});

t.test('asked for but incomplete is a usage error, never an anonymous run', async (t) => {
  t.throws(() => monitorAccount(undefined, { env: { WAGTAIL_PROBE_USERNAME: 'monitor' } }), { code: 'ERR_CONFIG', message: /no password: set WAGTAIL_PROBE_PASSWORD or pipe it in with --monitor-password-stdin/ });
  t.throws(() => monitorAccount({ usernameEnv: 'MON_USER' }, { env: {} }), { message: /no user name: set MON_USER$/ });
  t.throws(() => monitorAccount(undefined, { env: {}, monitorPasswordFromStdin: 'p4ssword' }), { message: /no user name: set WAGTAIL_PROBE_USERNAME/ });
});

t.test('every written form of both values is a secret', async (t) => {
  t.same(monitorSecrets({ username: 'mon itor', password: 'p&ss wörd' }).sort(), ['mon itor', 'mon%20itor', 'mon+itor', 'p&ss wörd', 'p%26ss%20w%C3%B6rd', 'p%26ss+w%C3%B6rd'].sort());
});

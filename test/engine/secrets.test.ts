import t from 'tap';
import { basicAuthorization, createRedactor, MASK, withoutPassword } from '../../src/engine/secrets.js';

t.test('a redactor masks every secret wherever it stands, longest first', async (t) => {
  const redact = createRedactor(['hunter22', 'hunter22-and-more']);
  t.equal(redact.text('Location: /?pw=hunter22-and-more&x=hunter22'), `Location: /?pw=${MASK}&x=${MASK}`);
  t.same(
    redact.value({ url: 'https://s/?t=hunter22', headers: { server: 'echo hunter22' }, list: ['hunter22', 3, null], hunter22: true }),
    { url: `https://s/?t=${MASK}`, headers: { server: `echo ${MASK}` }, list: [MASK, 3, null], [MASK]: true },
  );
});

t.test('with nothing to mask, values pass through untouched', async (t) => {
  const value = { a: 'b' };
  t.equal(createRedactor([]).value(value), value);
  t.equal(createRedactor(['ab']).text('ab'), 'ab', 'secrets too short to mask by value are left to the recorded headers');
});

t.test('withoutPassword keeps the user and masks the password of a URL', async (t) => {
  t.equal(withoutPassword('https://ops:s3cret@staging.example.com/x?y#z'), `https://ops:${MASK}@staging.example.com/x?y#z`);
  t.equal(withoutPassword('https://staging.example.com/a:b@c'), 'https://staging.example.com/a:b@c', 'an @ in the path is no userinfo');
  t.equal(withoutPassword('https://ops@staging.example.com/'), 'https://ops@staging.example.com/');
});

t.test('Basic authorization is base64 of user:password in UTF-8 (RFC 7617)', async (t) => {
  t.equal(basicAuthorization({ user: 'Aladdin', password: 'open sesame' }), 'Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==');
  t.equal(basicAuthorization({ user: 'ops', password: 'pässword' }), `Basic ${Buffer.from('ops:pässword', 'utf8').toString('base64')}`);
});

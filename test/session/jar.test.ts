import t from 'tap';
import { CookieJar } from '../../src/session/jar.js';

t.test('the jar keeps what the site sets and forgets what it deletes', async (t) => {
  const jar = new CookieJar();
  t.equal(jar.header(), null, 'empty: no Cookie header');
  jar.absorb(['csrftoken=abc; expires=Wed, 01 Dec 2027 02:37:04 GMT; Max-Age=31449600; Path=/; SameSite=Lax', 'sessionid=s1; HttpOnly; Path=/']);
  t.equal(jar.header(), 'csrftoken=abc; sessionid=s1');
  jar.absorb(['csrftoken=rotated; Path=/']);
  t.equal(jar.get('csrftoken'), 'rotated', 'rotation replaces');
  jar.absorb(['sessionid=""; expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0; Path=/', 'garbage-without-equals']);
  t.notOk(jar.has('sessionid'), "Django's logout deletes the session cookie");
  t.equal(jar.header(), 'csrftoken=rotated');
});

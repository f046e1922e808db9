import t from 'tap';
import { parseSetCookie } from '../../src/signals/cookies.js';

t.test('parseSetCookie reads the attributes that matter', async (t) => {
  t.same(parseSetCookie('sessionid=abc; expires=Tue, 01 Dec 2026 00:00:00 GMT; HttpOnly; Max-Age=1209600; Path=/; SameSite=Lax; Secure'), {
    name: 'sessionid', secure: true, httpOnly: true, sameSite: 'lax', deletion: false,
  });
  t.equal(parseSetCookie('csrftoken=; Max-Age=0').deletion, true);
});

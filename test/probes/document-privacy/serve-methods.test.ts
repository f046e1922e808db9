// document-privacy, serve-methods: one info finding per serve method, with the
// evidence that decided each document.

import t from 'tap';
import probe from '../../../probes/document-privacy/index.js';
import { SITE, site } from '../../helpers/site-kit.js';
import { doc, hardenedCanned, hardenedSite, notFound, PASSWORDED, PUBLIC_PDF, runCases, runOn, SECRET, servedByView, withCanaries } from './fixtures/site.js';

runCases([
  {
    name: 'serve_view with login and password canaries refused and their files denied: serve methods only',
    site: hardenedSite,
    canned: hardenedCanned,
    canaries: [SECRET, PASSWORDED],
    expected: [`loginProtected ${SITE}`, `passwordProtected ${SITE}`, `servedByView ${SITE}`],
    outcome: 'pass',
  },
  {
    name: 'a public document that is gone is listed as not served; nothing else',
    site: site({ resources: [doc(PUBLIC_PDF, notFound(PUBLIC_PDF))] }),
    canned: [],
    expected: [`notServed ${SITE}`],
    outcome: 'pass',
  },
]);

t.test('serve method findings list the documents with the evidence that decided each', async (t) => {
  const run = await runOn(probe, hardenedSite, hardenedCanned, withCanaries(SECRET, PASSWORDED));
  const password = run.findings.find((f) => f.messageId === 'passwordProtected');
  t.equal(password?.data['count'], 1);
  t.equal(password?.data['docs'], '/documents/8/salaries.csv');
  t.equal(password?.evidence[0]?.status, 200, 'a 200 that is not access');
  t.match(password?.evidence[0]?.note, /password form/);
  const login = run.findings.find((f) => f.messageId === 'loginProtected');
  t.match(login?.evidence[0]?.note, /_util\/login\/\?next=/);
});

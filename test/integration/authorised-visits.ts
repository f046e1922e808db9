// Authorised visits to every private document of a profile, through its front,
// as real visitors make them: the monitor account for login-restricted
// documents, the password form for password-restricted ones. A cache in front
// that ignores cookies (the varnish profile) then holds the files for everyone;
// the integration tests of the cache rules start from that state, whichever
// test file ran first (a second visit finds the file already stored).

import { adminFetch, adminLogin, adminLogout, fetchFrom, sha1, unlockPasswordDocument } from '../stack/http.js';
import type { PrivateDocument, StackProfile } from '../stack/profiles.js';

/** Fetches every private document with its rights (unless a cache already answers it to anyone); throws unless each answered with its own bytes. */
export async function visitPrivateDocumentsAuthorised(profile: StackProfile): Promise<void> {
  const session = await adminLogin(profile, profile.monitor);
  try {
    for (const doc of profile.private.documents) {
      // An earlier visit (another test file's) may have stored it already: then the cache answers anyone with the file.
      const anonymous = await fetchFrom(profile, doc.url);
      if (anonymous.status === 200 && sha1(anonymous.body) === doc.sha1) continue;
      const file = doc.restriction === 'password' ? (await unlockPasswordDocument(profile, doc as PrivateDocument & { restriction: 'password' })).file : await adminFetch(session, doc.url);
      if (file.status !== 200 || sha1(file.body) !== doc.sha1) throw new Error(`${doc.url}: the authorised visit got HTTP ${file.status}, not the file`);
    }
  } finally {
    await adminLogout(session);
  }
}

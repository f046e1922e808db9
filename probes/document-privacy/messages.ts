// The probe's messages: one fault, one id. Severity is the default; the config may change it.

import type { ProbeContext } from '../../src/probe-kit/index.js';

export const messages = {
  servedByView: {
    text: "{count} document(s) served by Wagtail's serve view (serve method serve_view): {docs}",
    severity: 'info',
  },
  servedByRedirect: {
    text: '{count} document(s) redirect anonymous clients to their file (serve method redirect): {docs}',
    severity: 'info',
  },
  linkedDirectly: {
    text: 'Pages link {count} document file(s) themselves (serve method direct: no privacy check on these links): {docs}',
    severity: 'info',
  },
  loginProtected: {
    text: '{count} private document(s) redirect anonymous clients to the login page: {docs}',
    severity: 'info',
  },
  passwordProtected: {
    text: '{count} private document(s) answer anonymous clients with the password form: {docs}',
    severity: 'info',
  },
  notServed: {
    text: '{count} document(s) are not served to anonymous clients (missing or failing): {docs}',
    severity: 'info',
  },
  checksCapped: {
    text: '{count} document(s) were not checked: more than {limit} needed a request of their own',
    severity: 'info',
  },
  privateFileExposed: {
    text: 'Private document {doc} is readable without permission at its file URL {fileUrl} ({status}, {type})',
    severity: 'error',
  },
  canaryNotProtected: {
    text: 'Private document {doc} is not protected: anonymous clients get {what}',
    severity: 'error',
  },
  privateDocumentCached: {
    text: 'The {response} of private document {doc} was replayed by {cache}: {signs}',
    severity: 'error',
  },
  etagOnProtectedResponse: {
    text: 'The {response} of private document {doc} carries ETag {etag}, a fingerprint of the private file ({advisory})',
    severity: 'error',
  },
  privateObjectPublic: {
    text: "Private document {doc}'s stored object is readable anonymously at {fileUrl} ({status}, {type}); the storage is known by {how}. Fix: make the bucket private (no public-read ACL or policy: AWS_DEFAULT_ACL = None), sign its links (AWS_QUERYSTRING_AUTH = True), or serve private collections with WAGTAILDOCS_SERVE_METHOD = \"serve_view\"",
    severity: 'error',
  },
  storageBucketListable: {
    text: 'The storage bucket at {bucketUrl} lists its keys to anonymous clients. Fix: drop s3:ListBucket for everyone from the bucket policy and public-read from its ACL',
    severity: 'error',
  },
  storageSignatureIgnored: {
    text: "The object store does not check signatures: document {doc}'s signed link with its signature altered, {url}, still answered {status}, so its objects are public whatever the signature says. Fix: make the bucket and its objects private (no public-read ACL or policy)",
    severity: 'error',
  },
  storageSignatureUnchecked: {
    text: 'Whether the object store checks signatures could not be tried at {url}: {reason}',
    severity: 'warning',
  },
  privateDocumentSharesFile: {
    text: "Private document(s) {private} and public document(s) {public} share one stored file ({basis}): the public link serves whichever upload came last, perhaps the private bytes. Fix: AWS_S3_FILE_OVERWRITE = False (a taken name then gets a suffix) and upload the affected documents again",
    severity: 'error',
  },
  documentsShareFile: {
    text: "{count} documents share one stored file ({basis}): {docs}; the later upload replaced the earlier's bytes. Fix: AWS_S3_FILE_OVERWRITE = False (a taken name then gets a suffix) and upload them again",
    severity: 'warning',
  },
  apiListsPrivateDocument: {
    text: 'The documents API lists private document {doc} (id {id}) at {apiUrl} ({advisories})',
    severity: 'error',
  },
  documentsFolderServed: {
    text: "The documents folder is served directly: {fileUrl} answered {status} while documents go through Wagtail's serve view, so a document made private would still be readable at its file URL",
    severity: 'warning',
  },
  inlineActiveContent: {
    text: "{type} document {doc} is served inline from the site's own origin at {fileUrl} without Content-Disposition: attachment or a restrictive Content-Security-Policy",
    severity: 'warning',
  },
  missingNosniff: {
    text: "{count} document(s) served by Wagtail's serve view without X-Content-Type-Options: nosniff: {docs}",
    severity: 'warning',
  },
  longSignedUrl: {
    text: 'Signed storage URLs of {count} document(s) stay valid for up to {seconds} s (more than {limit} s): a shared link keeps working long after access is revoked',
    severity: 'warning',
  },
  canaryUnchecked: {
    text: 'Private document {doc} could not be checked: {reason}',
    severity: 'warning',
  },
  fileUrlUnknown: {
    text: 'The file URLs of {count} private document(s) could not be tried: MEDIA_URL is unknown (set mediaUrl in the config)',
    severity: 'warning',
  },
  fileUrlsUntried: {
    text: 'The file URLs of {count} private document(s) were not tried: the probe\'s document requests ran out (many canaries or protected documents); fewer canaries, or a run per collection, checks them all',
    severity: 'warning',
  },
} as const;

export type MessageId = keyof typeof messages;
export type Context = ProbeContext<MessageId>;
/** How a rule that only judges reports: it gets this, never the context, so it cannot fetch. */
export type Report = Context['report'];

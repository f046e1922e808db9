// What a folder's answer lists: a web server's autoindex page or an object
// store's bucket listing, from real bodies; anything else is no listing.

import t from 'tap';
import { listingIn, type ListingKind } from '../../src/signals/listings.js';

const cases: { name: string; status?: number; body: string; kind: ListingKind | null }[] = [
  { name: 'nginx autoindex', body: '<html>\r\n<head><title>Index of /media/images/</title></head>\r\n<body>\r\n<h1>Index of /media/images/</h1><hr><pre><a href="../">../</a>', kind: 'autoindex' },
  { name: 'Apache mod_autoindex', body: '<!DOCTYPE HTML PUBLIC "-//W3C//DTD HTML 3.2 Final//EN">\n<html>\n <head>\n  <title>Index of /media/documents</title>', kind: 'autoindex' },
  { name: "Python's http.server", body: '<!DOCTYPE HTML>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n<title>Directory listing for /media/</title>', kind: 'autoindex' },
  { name: 'a bare parent link', body: '<pre><a href="../">../</a>\n<a href="photo.jpg">photo.jpg</a>', kind: 'autoindex' },
  { name: 'S3 (and MinIO, Ceph, R2)', body: '<?xml version="1.0" encoding="UTF-8"?>\n<ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Name>acme-media</Name>', kind: 'bucket' },
  { name: 'Azure container listing', body: '<?xml version="1.0" encoding="utf-8"?><EnumerationResults ServiceEndpoint="https://acme.blob.core.windows.net/" ContainerName="media">', kind: 'bucket' },
  { name: "GCS's JSON API", body: '{\n  "kind": "storage#objects",\n  "items": [', kind: 'bucket' },
  { name: "S3's refusal", status: 403, body: '<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>AccessDenied</Code>', kind: null },
  { name: 'a listing body on a non-200 (an error page quoting one) is not a listing', status: 404, body: '<title>Index of /media/</title>', kind: null },
  { name: "Wagtail's 404 page", body: '<!DOCTYPE html><html><head><title>Page not found</title>', kind: null },
  { name: 'an empty body', body: '', kind: null },
];

for (const { name, status = 200, body, kind } of cases) {
  t.equal(listingIn(status, body)?.kind ?? null, kind, name);
}

t.test('the marker that matched is given as evidence', async (t) => {
  t.match(listingIn(200, '<ListBucketResult>')?.marker, /ListBucketResult/);
});

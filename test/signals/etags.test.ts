// What an ETag's shape says about who made it, from real servers' ETags.

import t from 'tap';
import { etagShape, isFileServerEtag, type EtagShape } from '../../src/signals/etags.js';

t.test('ETag shapes, from the servers that make them', async (t) => {
  const cases: { etag: string; shape: EtagShape | null; why: string }[] = [
    { etag: '"695b8ba0-1a2b"', shape: 'mtime-size', why: 'nginx: hex mtime seconds, hex size (WhiteNoise the same)' },
    { etag: 'W/"695b8ba0-1a2b"', shape: 'mtime-size', why: 'nginx, weakened by gzip' },
    { etag: '"1a2b-647a11f422800"', shape: 'apache', why: 'Apache 2.4 default FileETag MTime Size: hex size, hex mtime in microseconds' },
    { etag: '"22e360-1a2b-647a11f422800"', shape: 'apache', why: 'Apache FileETag INode MTime Size' },
    { etag: '"1901-647a11f422800-gzip"', shape: 'apache', why: "Apache with mod_deflate's suffix" },
    { etag: 'W/"37-6619ca664e94d"', shape: 'apache', why: 'Apache, weak within a second of the mtime' },
    { etag: '"t8dyg0563"', shape: 'caddy', why: 'Caddy up to 2.7: base-36 mtime seconds then base-36 size' },
    { etag: '"dfgkghiejgg0563"', shape: 'caddy', why: 'Caddy 2.8+: base-36 mtime nanoseconds then base-36 size' },
    { etag: '"dfgkghiejgg0563-gzip"', shape: 'caddy', why: "Caddy 2.8+ with its encoder's suffix" },
    { etag: '"3f786850e387550fdab836ed7e6dc881de23001b"', shape: 'sha1', why: "Wagtail's document serve view" },
    { etag: '"9e107d9d372bb6826bd81d3542a419d6"', shape: 'md5', why: 'S3, or ConditionalGetMiddleware' },
    { etag: '"9e107d9d372bb6826bd81d3542a419d6-12"', shape: 's3-multipart', why: 'S3 multipart upload' },
    { etag: '"a1b2c3d4e5f6a7b8c9"', shape: null, why: 'an application hash: hex only, never read as base 36' },
    { etag: '"0123456789abcdef"', shape: null, why: 'an application hash' },
    { etag: '"00000gxyz"', shape: null, why: 'base 36, but no plausible date (1970)' },
    { etag: '"T8DYG0563"', shape: null, why: 'Caddy writes lower case only' },
  ];
  for (const c of cases) t.equal(etagShape(c.etag), c.shape, `${c.etag}: ${c.why}`);
});

t.test("a file server's ETag: nginx's, Apache's and Caddy's shapes, never a digest", async (t) => {
  for (const etag of ['"695b8ba0-1a2b"', '"1a2b-647a11f422800"', '"t8dyg0563"']) t.ok(isFileServerEtag(etag), etag);
  for (const etag of ['"3f786850e387550fdab836ed7e6dc881de23001b"', '"9e107d9d372bb6826bd81d3542a419d6"', '"0123456789abcdef"']) t.notOk(isFileServerEtag(etag), etag);
});

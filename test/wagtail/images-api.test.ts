// Wagtail's images API, as a specification: the listing's download_url is the
// original's URL, whatever the site's JSON holds around it.

import t from 'tap';
import { IMAGES_API_PATH, imagesApiUrl, MAX_LISTED_IMAGES, parseImagesApiListing } from '../../src/wagtail/images-api.js';

const LISTING = 'https://site.test/api/v2/images/';

/** An item as ImagesAPIViewSet lists it (listing_default_fields: id, meta.type, meta.detail_url, meta.tags, meta.download_url, title). */
function item(id: unknown, downloadUrl: unknown, title = 'photo'): Record<string, unknown> {
  return { id, meta: { type: 'wagtailimages.Image', detail_url: `http://site.test/api/v2/images/${String(id)}/`, tags: [], download_url: downloadUrl }, title };
}

function listing(items: unknown[], totalCount = items.length): string {
  return JSON.stringify({ meta: { total_count: totalCount }, items });
}

t.test('imagesApiUrl: the endpoint at the site root, no ?limit= (Wagtail pages by min(20, WAGTAILAPI_LIMIT_MAX) itself)', async (t) => {
  t.equal(IMAGES_API_PATH, '/api/v2/images/');
  t.equal(imagesApiUrl('https://site.test/'), LISTING);
  t.equal(imagesApiUrl('https://site.test/en/blog/'), LISTING, 'the API sits at the root whatever page the target is');
  t.equal(imagesApiUrl('http://127.0.0.1:8000'), 'http://127.0.0.1:8000/api/v2/images/');
});

t.test('parseImagesApiListing: the originals a listing names', async (t) => {
  const table: [name: string, json: string, expected: ReturnType<typeof parseImagesApiListing>][] = [
    [
      'local storage: download_url relative to the site, resolved against the listing',
      listing([item(1, '/media/original_images/photo-01.jpg'), item(2, '/media/original_images/summer-festival-2024-main-stage-crowd-at-sunset-panorama-wide-angle-final-.jpg')]),
      [
        { id: 1, downloadUrl: 'https://site.test/media/original_images/photo-01.jpg' },
        { id: 2, downloadUrl: 'https://site.test/media/original_images/summer-festival-2024-main-stage-crowd-at-sunset-panorama-wide-angle-final-.jpg' },
      ],
    ],
    [
      'object storage: absolute, a signed query kept as published',
      listing([item(7, 'https://bucket.s3.amazonaws.com/media/original_images/photo.jpg?X-Amz-Signature=abc&X-Amz-Expires=3600')]),
      [{ id: 7, downloadUrl: 'https://bucket.s3.amazonaws.com/media/original_images/photo.jpg?X-Amz-Signature=abc&X-Amz-Expires=3600' }],
    ],
    [
      'percent-encoded names stay encoded',
      listing([item(3, '/media/original_images/caf%C3%A9%20menu.png')]),
      [{ id: 3, downloadUrl: 'https://site.test/media/original_images/caf%C3%A9%20menu.png' }],
    ],
    ['an empty listing', listing([]), []],
    [
      'items without a usable download_url are left out; an id that is no integer is null',
      listing([
        item(1, null), item(2, 42), item(3, ''), item(4, 'javascript:alert(1)'), item(5, 'http://[bad'),
        { id: 6, title: 'no meta' }, { id: 7, meta: 'not an object' }, null, 'text', 8,
        item('9', '/media/original_images/a.jpg'), item(1.5, '/media/original_images/b.jpg'), { meta: { download_url: '/media/original_images/c.jpg' } },
      ]),
      [
        { id: null, downloadUrl: 'https://site.test/media/original_images/a.jpg' },
        { id: null, downloadUrl: 'https://site.test/media/original_images/b.jpg' },
        { id: null, downloadUrl: 'https://site.test/media/original_images/c.jpg' },
      ],
    ],
    ['not JSON (an HTML page under the API path)', '<!DOCTYPE html><html><title>Page not found</title></html>', null],
    ['JSON, but no listing (an API error)', JSON.stringify({ message: 'limit cannot be higher than 10' }), null],
    ['items that are no array', JSON.stringify({ meta: { total_count: 1 }, items: { id: 1 } }), null],
    ['JSON null', 'null', null],
    ['a JSON array', '[]', null],
  ];
  for (const [name, json, expected] of table) t.same(parseImagesApiListing(json, LISTING), expected, name);
});

t.test(`parseImagesApiListing reads ${MAX_LISTED_IMAGES} items at most, whatever the page holds`, async (t) => {
  const many = Array.from({ length: 500 }, (_, i) => item(i + 1, `/media/original_images/p${i + 1}.jpg`));
  const parsed = parseImagesApiListing(listing(many, 500), LISTING);
  t.equal(parsed?.length, MAX_LISTED_IMAGES);
  t.same(parsed?.[0], { id: 1, downloadUrl: 'https://site.test/media/original_images/p1.jpg' }, "in the listing's order");
});

// Wagtail's rendition names, as a specification: the grammar, where Wagtail
// may have cut the original's stem, and the names the original may have.
//
// The long names below are what Wagtail 5.2 to 8.0 writes: get_upload_to cuts
// the upload `summer-festival-2024-main-stage-crowd-at-sunset-panorama-wide-angle-final-edit.jpg`
// to `…-wide-angle-final-.jpg` (original_images/ + name under 95 characters),
// and generate_rendition_file cuts that stem to 59 - len("[<key>.]<spec>.<ext>").

import t from 'tap';
import { convertsFormat, isRenditionName, originalNameCandidates, parseRenditionName, RENDITION_NAME_LIMIT } from '../../src/wagtail/renditions.js';

t.test('parseRenditionName: stem, focal key, operations, extension, and whether the stem may be cut', async (t) => {
  const table: [name: string, expected: ReturnType<typeof parseRenditionName>][] = [
    ['photo.2e16d0ba.fill-300x200.jpg', { stem: 'photo', focalKey: '2e16d0ba', operations: ['fill-300x200'], extension: 'jpg', stemMayBeTruncated: false }],
    ['photo.width-400.format-webp.webp', { stem: 'photo', focalKey: null, operations: ['width-400', 'format-webp'], extension: 'webp', stemMayBeTruncated: false }],
    ['my.holiday.photo.max-1200x800.png', { stem: 'my.holiday.photo', focalKey: null, operations: ['max-1200x800'], extension: 'png', stemMayBeTruncated: false }],
    // A whole stem 1 short of the cut (59 characters): Wagtail kept it all.
    ['harbour-view-from-the-lighthouse-at-dawn-tide.width-800.jpg', {
      stem: 'harbour-view-from-the-lighthouse-at-dawn-tide', focalKey: null, operations: ['width-800'], extension: 'jpg', stemMayBeTruncated: false,
    }],
    // 60 characters: the stem is as long as Wagtail lets it be, so it may be cut.
    ['summer-festival-2024-main-stage-crowd-at-sunse.width-800.jpg', {
      stem: 'summer-festival-2024-main-stage-crowd-at-sunse', focalKey: null, operations: ['width-800'], extension: 'jpg', stemMayBeTruncated: true,
    }],
    // The same original, a longer filter spec: a shorter cut stem, still 60 characters.
    ['summer-festival-2024-main-stage-cr.2e16d0ba.fill-300x200.jpg', {
      stem: 'summer-festival-2024-main-stage-cr', focalKey: '2e16d0ba', operations: ['fill-300x200'], extension: 'jpg', stemMayBeTruncated: true,
    }],
    ['summer-festival-2024-main-stage-c.width-400.format-webp.webp', {
      stem: 'summer-festival-2024-main-stage-c', focalKey: null, operations: ['width-400', 'format-webp'], extension: 'webp', stemMayBeTruncated: true,
    }],
    // A clash on storage: Django added `_` and 7 characters to a cut name, past the limit.
    ['summer-festival-2024-main-stage-crowd-at-sunse_AbC1234.width-800.jpg', {
      stem: 'summer-festival-2024-main-stage-crowd-at-sunse_AbC1234', focalKey: null, operations: ['width-800'], extension: 'jpg', stemMayBeTruncated: true,
    }],
    // Not renditions
    ['photo.jpg', null],
    ['photo.thumbnail.jpg', null],
    ['width-100.png', null],
    ['photo.width-800.txt', null],
    ['images/photo.width-800.jpg', null],
  ];
  for (const [name, expected] of table) t.same(parseRenditionName(name), expected, name);
  t.equal(RENDITION_NAME_LIMIT, 60, "Wagtail's rendition names are 60 characters at most");
  t.ok(isRenditionName('photo.width-800.jpg'));
  t.notOk(isRenditionName('photo.jpg'));
});

t.test('convertsFormat: a format- operation anywhere in the spec', async (t) => {
  const table: [string, boolean][] = [
    ['photo.width-400.format-webp.webp', true],
    ['photo-01.format-jpeg.width-600.jpg', true],
    ['photo.width-400.format-webp-lossless.webp', true],
    ['photo.width-800.jpg', false],
    ['photo.fill-100x100-c50.jpegquality-40.jpg', false],
  ];
  for (const [name, expected] of table) {
    const parsed = parseRenditionName(name);
    if (parsed === null) throw new Error(`${name} should parse`);
    t.equal(convertsFormat(parsed), expected, name);
  }
});

t.test("originalNameCandidates: the original's likely names, likeliest first", async (t) => {
  const table: [name: string, max: number, expected: string[]][] = [
    // The rendition kept the original's format: JPEG as uploaded (.jpg, .jpeg, a camera's .JPG, .JPEG), or HEIC made JPEG.
    ['IMG_0042.width-800.jpg', 5, ['IMG_0042.jpg', 'IMG_0042.jpeg', 'IMG_0042.JPG', 'IMG_0042.JPEG', 'IMG_0042.heic']],
    // PNG as uploaded, or what Wagtail turns into PNG by default (an unanimated GIF, WebP and AVIF before 8.0, BMP).
    ['team.width-400.png', 6, ['team.png', 'team.gif', 'team.webp', 'team.PNG', 'team.bmp', 'team.avif']],
    ['team.width-400.png', 3, ['team.png', 'team.gif', 'team.webp']],
    ['icon.width-32.svg', 3, ['icon.svg', 'icon.SVG']],
    ['anim.width-400.gif', 3, ['anim.gif', 'anim.GIF']],
    // A format- operation: the rendition's extension first, then the usual ones, each once.
    ['photo.width-400.format-webp.webp', 3, ['photo.webp', 'photo.jpg', 'photo.png']],
    ['photo.width-400.format-png.png', 3, ['photo.png', 'photo.jpg', 'photo.jpeg']],
    ['diagram-01.format-jpeg.width-600.jpg', 4, ['diagram-01.jpg', 'diagram-01.png', 'diagram-01.jpeg']],
    // A whole long stem gives the original's name; a cut one gives a name the original does not have.
    ['harbour-view-from-the-lighthouse-at-dawn.width-800.jpg', 1, ['harbour-view-from-the-lighthouse-at-dawn.jpg']],
    ['summer-festival-2024-main-stage-crowd-at-sunse.width-800.jpg', 1, ['summer-festival-2024-main-stage-crowd-at-sunse.jpg']],
    ['photo.jpg', 3, []],
  ];
  for (const [name, max, expected] of table) t.same(originalNameCandidates(name, max), expected, `${name} (max ${max})`);
});

import t from 'tap';
import { imageServeSignature, imageServeStatusMeaning, isImageServePath, withTamperedSignature } from '../../src/wagtail/image-serve.js';

const SIGNATURE = 'Xk3vQ9a1b2c3d4e5f6g7h8i9j0k=';

t.test('imageServeSignature reads the signature segment of the serve URL', async (tt) => {
  const cases: [string, string | null][] = [
    [`/images/${SIGNATURE}/3/width-400/photo.jpg`, SIGNATURE],
    [`/cms/images/${SIGNATURE}/12/fill-300x200|format-webp/photo.jpg`, SIGNATURE],
    ['/images/Ab-_Q9a1b2c3d4e5f6g7h8i9j0k=/3/original/', 'Ab-_Q9a1b2c3d4e5f6g7h8i9j0k='],
    [`/images/${SIGNATURE.slice(1)}/3/width-400/photo.jpg`, null], // 26 characters: not an HMAC-SHA1
    [`/images/${SIGNATURE}/x/width-400/photo.jpg`, null], // the id is a number
    ['/media/images/photo.width-400.jpg', null],
  ];
  for (const [path, expected] of cases) tt.equal(imageServeSignature(path), expected, path);
});

t.test('withTamperedSignature changes one character, and only the signature', async (tt) => {
  tt.equal(
    withTamperedSignature(`https://site.test/images/${SIGNATURE}/3/width-400/photo.jpg?x=1`),
    `https://site.test/images/A${SIGNATURE.slice(1)}/3/width-400/photo.jpg?x=1`,
  );
  const startsWithA = `A${SIGNATURE.slice(1)}`;
  tt.equal(withTamperedSignature(`https://site.test/images/${startsWithA}/3/width-400/photo.jpg`), `https://site.test/images/B${SIGNATURE.slice(1)}/3/width-400/photo.jpg`);
  tt.equal(withTamperedSignature('https://site.test/media/images/photo.width-400.jpg'), null);
});

t.test("imageServeStatusMeaning: the view's own error statuses", async (tt) => {
  tt.match(imageServeStatusMeaning(410), /original file is missing/);
  tt.match(imageServeStatusMeaning(403), /signature does not match/);
  tt.equal(imageServeStatusMeaning(500), null);
  tt.equal(imageServeStatusMeaning(200), null);
});

t.test('isImageServePath: the whole path of the view, not a rendition under MEDIA_URL', async (t) => {
  t.ok(isImageServePath('/images/abcdefghijklmnopqrstuvwxyz0=/12/fill-300x200/photo.jpg'));
  t.notOk(isImageServePath('/media/images/photo.fill-300x200.jpg'));
  t.notOk(isImageServePath('/images/short=/12/fill-300x200/photo.jpg'));
});

// What every profile shares: one seeded database and MEDIA_ROOT, described
// alike in profiles.json, and the pages a crawler starts from. The storage
// profiles (s3-public, s3-private) run the same seed into databases and buckets
// of their own.
import t from 'tap';
import { closeStackAgents, loadStack, PROFILE_NAMES, type StackProfile } from '../profiles.js';
import { fetchFrom, referencedUrls } from '../http.js';

const stack = loadStack();
const profiles = PROFILE_NAMES.map((name) => [name, stack.profiles[name]] as const);
t.teardown(closeStackAgents);

const contentOf = (profile: StackProfile) => ({
  privateDocuments: profile.private.documents.map(({ id, filename, restriction, sha1 }) => ({ id, filename, restriction, sha1 })),
  publicDocuments: profile.public.documents.map(({ id, filename, contentType, sha1 }) => ({ id, filename, contentType, sha1 })),
  images: profile.public.images.map((image) => [new URL(image.original).pathname, image.renditions.map((url) => new URL(url).pathname)]),
  pages: profile.public.pages.map((url) => new URL(url).pathname),
});

t.test('profiles.json describes the pinned versions and every profile', async (t) => {
  t.match(stack.wagtailVersion, /^\d+\.\d+(\.\d+)?$/);
  t.match(stack.djangoVersion, /^\d+\.\d+\.\d+$/);
  t.same(Object.keys(stack.profiles).sort(), [...PROFILE_NAMES].sort());
  const origins = profiles.map(([, profile]) => new URL(profile.baseUrl).origin);
  t.equal(new Set(origins).size, origins.length, 'each profile on its own port');
});

t.test('every profile serves the same seeded content', async (t) => {
  const reference = contentOf(stack.profiles.hardened);
  t.equal(reference.publicDocuments.length, 4);
  t.same(reference.privateDocuments.map((d) => d.restriction).sort(), ['login', 'login', 'login', 'password', 'password']);
  t.equal(reference.images.length, 7);
  t.ok(reference.pages.length >= 29, `${reference.pages.length} public pages`);
  t.equal(stack.profiles.hardened.private.pages.length, 2);
  // wagtail-7.0 and wagtail-6.3 seed data directories of their own (their
  // report_<random>.pdf differs): specs/wagtail-versions.test.ts compares them;
  // the storage profiles seed their own databases (below).
  const sharingTheStacksData = profiles.filter(([, profile]) => profile.wagtailVersion === stack.wagtailVersion && profile.storage === null);
  t.ok(sharingTheStacksData.length >= 14);
  for (const [name, profile] of sharingTheStacksData) t.same(contentOf(profile), reference, name);
});

t.test('the storage profiles seed the same content into their buckets', async (t) => {
  const reference = contentOf(stack.profiles.hardened);
  const fileName = (url: string) => new URL(url).pathname.split('/').pop();
  const storageProfiles = profiles.filter(([, profile]) => profile.storage !== null);
  t.same(storageProfiles.map(([name]) => name), ['s3-public', 's3-private']);
  for (const [name, profile] of storageProfiles) {
    const content = contentOf(profile);
    const storage = profile.storage!;
    t.same(content.pages, reference.pages, `${name}: the same pages`);
    t.same(
      content.publicDocuments.map(({ id, contentType, sha1 }) => ({ id, contentType, sha1 })),
      reference.publicDocuments.map(({ id, contentType, sha1 }) => ({ id, contentType, sha1 })),
      `${name}: the same public documents (uploaded bytes)`,
    );
    t.same(
      content.privateDocuments.map(({ id, restriction, sha1 }) => ({ id, restriction, sha1 })),
      reference.privateDocuments.map(({ id, restriction, sha1 }) => ({ id, restriction, sha1 })),
      `${name}: the same private documents`,
    );
    t.same(
      profile.public.images.map((image) => [fileName(image.original), image.renditions.map(fileName)]),
      stack.profiles.hardened.public.images.map((image) => [fileName(image.original), image.renditions.map(fileName)]),
      `${name}: the same images and renditions, by name`,
    );
    for (const image of profile.public.images) t.ok(image.original.startsWith(`${storage.bucketUrl}original_images/`), image.original);
  }
  for (const [name, profile] of profiles) {
    if (name !== 's3-public' && name !== 's3-private') t.equal(profile.storage, null, `${name}: media on disk, no storage block`);
  }
});

t.test('every profile answers robots.txt and a sitemap on its own origin', async (t) => {
  for (const [name, profile] of profiles) {
    const robots = await fetchFrom(profile, '/robots.txt');
    t.equal(robots.status, 200, name);
    t.match(robots.text, `Sitemap: ${profile.baseUrl}sitemap.xml`, name);
    const sitemap = await fetchFrom(profile, '/sitemap.xml');
    t.equal(sitemap.status, 200, name);
    const listed = [...sitemap.text.matchAll(/<loc>([^<]+)<\/loc>/g)].map((match) => match[1]);
    t.same(listed.sort(), [...profile.public.pages].sort(), `${name}: public pages only, absolute on ${profile.baseUrl}`);
  }
});

t.test('content pages show images as img, srcset, picture and og:image', async (t) => {
  const profile = stack.profiles.hardened;
  const html = (await fetchFrom(profile, '/article-01/')).text;
  t.match(html, /<meta property="og:image" content="https:\/\/127\.0\.0\.1:\d+\/media\/images\/[^"]+\.fill-1200x630\.jpg">/);
  t.match(html, /<picture><source srcset="\/media\/images\/[^"]+\.format-webp\.width-600\.webp" type="image\/webp">/);
  t.match(html, /srcset="\/media\/images\/[^" ]+\.width-400\.jpg 400w, \/media\/images\/[^" ]+\.width-800\.jpg 800w"/);
  t.match(html, /class="richtext-image full-width"/);
  const renditions = new Set(profile.public.images.flatMap((image) => image.renditions.map((url) => new URL(url).pathname)));
  for (const url of referencedUrls(html, profile.mediaUrl)) {
    if (url.startsWith('/media/images/')) t.ok(renditions.has(url), `${url} was generated ahead of time`);
  }
});

t.test('a random path is a 404 from the site template where DEBUG is off and the manifest whole', async (t) => {
  for (const [name, profile] of profiles) {
    // apache answers 404s with its own page (ProxyErrorOverride): specs/apache.test.ts.
    if (name === 'debug' || name === 'missing-manifest' || name === 'apache') continue;
    const response = await fetchFrom(profile, `/no-such-page-${Date.now()}/`);
    t.equal(response.status, 404, name);
    t.match(response.text, /<h1>Page not found<\/h1>/, name);
  }
});

t.test("the long-name image: its renditions' names are cut, its original keeps its full name", async (t) => {
  const stem = 'harbour-at-dawn-from-the-old-lighthouse-panorama-1';
  const image = stack.profiles.hardened.public.images.find((candidate) => candidate.original.endsWith(`/${stem}.jpg`));
  if (image === undefined) throw new Error(`no seeded image named ${stem}.jpg`);
  t.ok(`original_images/${stem}.jpg`.length < 95, 'under the length at which Wagtail trims an original');
  t.equal(image.renditions.length, 8, 'every filter spec made ahead of time');
  for (const url of image.renditions) {
    const name = new URL(url).pathname.split('/').pop() ?? '';
    // Wagtail keeps at most 59 - len(".<key>.<spec>.<ext>") characters of the stem.
    const kept = name.split('.')[0] ?? '';
    t.ok(kept.length < stem.length && stem.startsWith(kept), `${name}: stem cut to ${kept.length} characters`);
    t.ok(name.length <= 60, `${name}: ${name.length} characters`);
  }
  const page = await fetchFrom(stack.profiles.hardened, '/article-02/');
  t.ok(referencedUrls(page.text, '/media/images/').some((url) => url.includes(stem.slice(0, 30))), 'article-02 shows it');
});

t.test('only apache mounts the images API', async (t) => {
  for (const [name, profile] of profiles) t.equal(profile.imagesApi, name === 'apache', name);
});

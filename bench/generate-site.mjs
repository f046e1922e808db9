// A deterministic synthetic Wagtail-like site for the benchmark: same seed,
// same bytes. Pages of ~30 KB HTML with a 20-link nav and ~10 body links, three
// Django-hashed static assets (names carry the first 12 hex of the content's
// MD5, so the integrity check passes), renditions under /media/images/, a few
// documents under /documents/<id>/<name>, an admin login page, a sitemap, and
// planted links to missing pages (about 1% of all links), recorded in the
// manifest so each tool's misreports can be counted.
//
// The sitemap and robots.txt hold absolute URLs, so they are written per
// origin by writeOriginFiles(); everything else is origin-free and cached.
//
//   node bench/generate-site.mjs --pages 2000 --out /tmp/site [--seed 1] [--origin http://127.0.0.1:8080]

import { createHash } from 'node:crypto';
import { mkdir, open, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';

/** Bump when the output changes, so a cached site is rebuilt. */
export const GENERATOR_VERSION = 3;

const SECTIONS = [
  'about', 'news', 'blog', 'events', 'services', 'people', 'research', 'projects', 'publications', 'careers',
  'contact', 'support', 'partners', 'press', 'history', 'locations', 'programmes', 'resources', 'faq', 'policies',
];
const WORDS = (
  'lorem ipsum dolor sit amet consectetur adipiscing elit sed do eiusmod tempor incididunt ut labore et dolore magna ' +
  'aliqua enim ad minim veniam quis nostrud exercitation ullamco laboris nisi aliquip ex ea commodo consequat duis aute ' +
  'irure in reprehenderit voluptate velit esse cillum fugiat nulla pariatur excepteur sint occaecat cupidatat non proident ' +
  'sunt culpa qui officia deserunt mollit anim id est laborum wagtail page editor streamfield snippet collection image'
).split(' ');
/** Tree links per page: they make every page reachable from / within a few hops. */
const TREE_CHILDREN = 5;
const BODY_LINKS = 10;
const NAV_LINKS = SECTIONS.length;
/** Share of all <a> links that point at a planted missing page. */
const BROKEN_LINK_SHARE = 0.01;
const TARGET_PAGE_BYTES = 30 * 1024;
const RENDITION_SPECS = ['fill-1200x600', 'width-400', 'width-800'];

/** mulberry32: small, fast, and the same sequence on every platform. */
export function seededRandom(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const md5 = (data) => createHash('md5').update(data).digest('hex');

function pick(random, list) {
  return list[Math.floor(random() * list.length)];
}

function int(random, min, max) {
  return min + Math.floor(random() * (max - min + 1));
}

function sentence(random, words) {
  const out = [];
  for (let i = 0; i < words; i++) out.push(pick(random, WORDS));
  const text = out.join(' ');
  return text[0].toUpperCase() + text.slice(1) + '.';
}

function randomBytes(random, length) {
  const bytes = Buffer.alloc(length);
  for (let i = 0; i < length; i++) bytes[i] = Math.floor(random() * 256);
  return bytes;
}

/** A Django-hashed static name: `site.css` with content -> `site.<12 hex>.css`. */
function hashedName(dir, stem, ext, content) {
  return `/static/${dir}/${stem}.${md5(content).slice(0, 12)}.${ext}`;
}

function pagePath(index) {
  if (index === 0) return '/';
  if (index <= SECTIONS.length) return `/${SECTIONS[index - 1]}/`;
  return `/${SECTIONS[index % SECTIONS.length]}/item-${index}/`;
}

const escapeHtml = (text) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;');

function staticAssets(random) {
  const css = `/* site styles */\n${Array.from({ length: 600 }, (_, i) => `.c${i}{margin:${i % 17}px;padding:${i % 5}px}`).join('\n')}\n`;
  const js = `// site script\n${Array.from({ length: 900 }, (_, i) => `function f${i}(a){return a*${i}+${int(random, 0, 999)};}`).join('\n')}\n`;
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 20"><title>Site</title><rect width="100" height="20" fill="#2e1f5e"/></svg>\n`;
  const adminCss = `/* wagtailadmin core */\n${'.w-panel{display:block}\n'.repeat(400)}`;
  const adminJs = `/* wagtailadmin core */\n${'window.wagtail=window.wagtail||{};\n'.repeat(300)}`;
  const vendorJs = `/* wagtailadmin vendor */\n${'(function(){})();\n'.repeat(500)}`;
  const files = [
    { original: 'css/site.css', url: hashedName('css', 'site', 'css', css), content: css },
    { original: 'js/site.js', url: hashedName('js', 'site', 'js', js), content: js },
    { original: 'img/logo.svg', url: hashedName('img', 'logo', 'svg', svg), content: svg },
    { original: 'wagtailadmin/css/core.css', url: hashedName('wagtailadmin/css', 'core', 'css', adminCss), content: adminCss },
    { original: 'wagtailadmin/js/core.js', url: hashedName('wagtailadmin/js', 'core', 'js', adminJs), content: adminJs },
    { original: 'wagtailadmin/js/vendor.js', url: hashedName('wagtailadmin/js', 'vendor', 'js', vendorJs), content: vendorJs },
  ];
  return { site: files.slice(0, 3), admin: files.slice(3), all: files };
}

function renditionsFor(imageCount) {
  return Array.from({ length: imageCount }, (_, i) => {
    const stem = `photo-${String(i).padStart(4, '0')}`;
    return RENDITION_SPECS.map((spec) => `/media/images/${stem}.${spec}.jpg`);
  });
}

function documentsFor(random) {
  const names = ['annual-report-2024.pdf', 'privacy-policy.pdf', 'board-minutes-march.pdf', 'accessibility-statement.pdf', 'price-list.pdf'];
  return names.map((name, i) => ({ url: `/documents/${i + 1}/${name}`, size: int(random, 10_000, 200_000) }));
}

/**
 * Plans the whole site (links, planted 404s) before writing a byte, so the
 * manifest is complete and the writer is a plain loop.
 */
export function planSite({ pages, seed }) {
  if (!Number.isInteger(pages) || pages < SECTIONS.length + 1) throw new RangeError(`pages must be an integer > ${SECTIONS.length}, got ${pages}`);
  const random = seededRandom(seed);
  const paths = Array.from({ length: pages }, (_, i) => pagePath(i));
  const assets = staticAssets(random);
  const images = renditionsFor(Math.max(50, Math.round(pages / 20)));
  const documents = documentsFor(random);
  const missingCount = Math.max(1, Math.round(pages / 100));
  const missing = Array.from({ length: missingCount }, (_, k) => ({
    path: `/${SECTIONS[k % SECTIONS.length]}/gone-${k}-${md5(`${seed}:${k}`).slice(0, 6)}/`,
    linkedFrom: [],
  }));

  // Every page: nav to the sections, tree children, random links to fill the body;
  // each random link is replaced by a planted 404 with the probability that makes
  // broken links BROKEN_LINK_SHARE of all <a> links.
  const randomLinksPerPage = BODY_LINKS - TREE_CHILDREN;
  const replaceChance = (BROKEN_LINK_SHARE * (NAV_LINKS + BODY_LINKS)) / randomLinksPerPage;
  const plans = paths.map((pagePathValue, i) => {
    const body = [];
    for (let c = 1; c <= TREE_CHILDREN; c++) {
      const child = i * TREE_CHILDREN + c;
      body.push(child < pages ? paths[child] : paths[int(random, 0, pages - 1)]);
    }
    for (let r = 0; r < randomLinksPerPage; r++) {
      if (i !== 0 && random() < replaceChance) {
        const planted = pick(random, missing);
        if (!planted.linkedFrom.includes(pagePathValue)) planted.linkedFrom.push(pagePathValue);
        body.push(planted.path);
      } else {
        body.push(paths[int(random, 0, pages - 1)]);
      }
    }
    const image = images[i % images.length];
    const document = i % 50 === 7 ? documents[Math.floor(i / 50) % documents.length] : null;
    return { path: pagePathValue, index: i, body, image, document, fillerSeed: int(random, 1, 2 ** 31) };
  });
  // A planted URL nobody links to would never be seen: give it a referrer.
  for (const [k, planted] of missing.entries()) {
    if (planted.linkedFrom.length > 0) continue;
    const page = plans[1 + ((k * 7919) % (pages - 1))];
    page.body[BODY_LINKS - 1] = planted.path;
    planted.linkedFrom.push(page.path);
  }
  return { pages, seed, paths, plans, assets, images, documents, missing };
}

function renderPage(plan, site) {
  const random = seededRandom(plan.fillerSeed);
  const [hero, small, medium] = plan.image;
  const title = plan.index === 0 ? 'Home' : `${plan.path.split('/').filter(Boolean).join(' / ')}`;
  const head = [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    `<title>${escapeHtml(title)} | Bench Site</title>`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<meta property="og:image" content="${hero}">`,
    `<link rel="stylesheet" href="${site.assets.site[0].url}">`,
    `<script defer src="${site.assets.site[1].url}"></script>`,
    '</head>',
    '<body class="template-standardpage">',
    `<header><a href="/"><img src="${site.assets.site[2].url}" alt="Bench Site" width="100" height="20"></a>`,
    '<nav><ul>',
    ...SECTIONS.map((s) => `<li><a href="/${s}/">${s[0].toUpperCase()}${s.slice(1)}</a></li>`),
    '</ul></nav></header>',
    '<main>',
    `<h1>${escapeHtml(title)}</h1>`,
    `<picture><img src="${hero}" srcset="${small} 400w, ${medium} 800w" sizes="(max-width: 800px) 100vw, 800px" alt="" width="1200" height="600"></picture>`,
  ];
  const links = plan.body.map((href, n) => `<li><a href="${href}">${escapeHtml(sentence(random, 3).slice(0, -1))} ${n + 1}</a></li>`);
  const tail = [
    '<h2>Related</h2>',
    `<ul class="related">${links.join('')}</ul>`,
    ...(plan.document ? [`<p>Download the <a href="${plan.document.url}">document (PDF)</a>.</p>`] : []),
    '</main>',
    '<footer><p>&copy; Bench Site. Built with Wagtail.</p></footer>',
    '</body>',
    '</html>',
    '',
  ];
  const fixed = head.join('\n').length + tail.join('\n').length;
  const target = Math.round(TARGET_PAGE_BYTES * (0.85 + random() * 0.3));
  const paragraphs = [];
  let size = fixed;
  // Links are spread through the text, as a rich-text body would have them.
  while (size < target) {
    const p = `<p>${sentence(random, int(random, 25, 60))} ${sentence(random, int(random, 10, 30))}</p>`;
    paragraphs.push(p);
    size += p.length + 1;
  }
  return [...head, ...paragraphs, ...tail].join('\n');
}

function renderAdminLogin(site) {
  const [css, js, vendor] = site.assets.admin;
  return [
    '<!DOCTYPE html>',
    '<html lang="en-gb" class="w-theme-system">',
    '<head><meta charset="utf-8"><title>Sign in - Wagtail</title>',
    `<link rel="stylesheet" href="${css.url}">`,
    `<script src="${vendor.url}"></script>`,
    `<script src="${js.url}"></script>`,
    '</head><body class="login">',
    '<main class="content-wrapper"><h1>Sign in to Wagtail</h1>',
    '<form class="login-form" action="/admin/login/" method="post" novalidate>',
    '<input type="hidden" name="csrfmiddlewaretoken" value="x">',
    '<input type="hidden" name="next" value="/admin/">',
    '<input type="text" name="username" autocomplete="username"><input type="password" name="password">',
    '<button type="submit">Sign in</button></form></main></body></html>',
    '',
  ].join('\n');
}

const NOT_FOUND_PAGE = '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>Page not found</title></head>\n<body><h1>Page not found</h1><p>Sorry, this page could not be found.</p></body></html>\n';

/** A JPEG-looking body: SOI and JFIF marker, then noise, so sniffing sees an image. */
function fakeJpeg(random) {
  const header = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00]);
  return Buffer.concat([header, randomBytes(random, int(random, 2_000, 20_000)), Buffer.from([0xff, 0xd9])]);
}

function fakePdf(random, size) {
  const header = Buffer.from('%PDF-1.4\n%\xe2\xe3\xcf\xd3\n', 'latin1');
  return Buffer.concat([header, randomBytes(random, size - header.length - 6), Buffer.from('\n%%EOF')]);
}

async function put(root, urlPath, content) {
  const file = path.join(root, urlPath.endsWith('/') ? `${urlPath}index.html` : urlPath);
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, content);
}

/** A file of `bytes` that takes no disk: ftruncate of an empty file leaves a hole. */
export async function writeSparseFile(file, bytes) {
  await mkdir(path.dirname(file), { recursive: true });
  const handle = await open(file, 'w');
  try {
    await handle.write(Buffer.from('%PDF-1.4\n'), 0, 9, 0);
    await handle.truncate(bytes);
  } finally {
    await handle.close();
  }
}

/** What nginx serves: the manifest sits beside it, never in it. */
export const wwwOf = (root) => path.join(root, 'www');

/** Writes the site under `root`/www (emptied first), the manifest beside it, and returns the manifest. */
export async function generateSite({ pages, seed, root }) {
  const site = planSite({ pages, seed });
  await rm(root, { recursive: true, force: true });
  const www = wwwOf(root);
  await mkdir(www, { recursive: true });
  const random = seededRandom(seed ^ 0x5eed);

  let pageBytes = 0;
  for (const plan of site.plans) {
    const html = renderPage(plan, site);
    pageBytes += Buffer.byteLength(html);
    await put(www, plan.path, html);
  }
  await put(www, '/admin/login/', renderAdminLogin(site));
  await put(www, '/404.html', NOT_FOUND_PAGE);
  for (const asset of site.assets.all) await put(www, asset.url, asset.content);
  const staticManifest = { paths: Object.fromEntries(site.assets.all.map((a) => [a.original, a.url.slice('/static/'.length)])), version: '1.1', hash: md5(JSON.stringify(site.assets.all.map((a) => a.url))).slice(0, 12) };
  await put(www, '/static/staticfiles.json', JSON.stringify(staticManifest));
  for (const image of site.images) for (const rendition of image) await put(www, rendition, fakeJpeg(random));
  for (const doc of site.documents) await put(www, doc.url, fakePdf(random, doc.size));

  const manifest = {
    generatorVersion: GENERATOR_VERSION,
    seed,
    pages: site.paths,
    averagePageBytes: Math.round(pageBytes / site.paths.length),
    /** Planted missing pages and the pages that link to each. */
    missing: site.missing,
    brokenLinkOccurrences: site.plans.reduce((n, p) => n + p.body.filter((href) => href.includes('/gone-')).length, 0),
    linkOccurrences: site.plans.length * (NAV_LINKS + BODY_LINKS),
    adminLogin: '/admin/login/',
    staticAssets: site.assets.all.map((a) => a.url),
    staticManifest: '/static/staticfiles.json',
    renditions: site.images.flat(),
    documents: site.documents.map((d) => d.url),
  };
  await writeFile(path.join(root, 'manifest.json'), JSON.stringify(manifest));
  return manifest;
}

/** robots.txt and sitemap.xml name the origin the site is served from. */
export async function writeOriginFiles(root, manifest, origin) {
  const base = origin.replace(/\/$/, '');
  await writeFile(path.join(wwwOf(root), 'robots.txt'), `User-agent: *\nDisallow: /admin/\n\nSitemap: ${base}/sitemap.xml\n`);
  const urls = manifest.pages.map((p) => `<url><loc>${base}${p}</loc></url>`).join('\n');
  await writeFile(path.join(wwwOf(root), 'sitemap.xml'), `<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n${urls}\n</urlset>\n`);
}

export async function readManifest(root) {
  return JSON.parse(await readFile(path.join(root, 'manifest.json'), 'utf8'));
}

/** Every URL path the site serves with 200, pages first: the list the ceiling is measured on. */
export function servedPaths(manifest) {
  return [...manifest.pages, manifest.adminLogin, ...manifest.staticAssets, manifest.staticManifest, ...manifest.renditions, ...manifest.documents];
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({ options: { pages: { type: 'string', default: '2000' }, seed: { type: 'string', default: '1' }, out: { type: 'string' }, origin: { type: 'string' } } });
  if (!values.out) throw new Error('--out <dir> is required');
  const manifest = await generateSite({ pages: Number(values.pages), seed: Number(values.seed), root: values.out });
  if (values.origin) await writeOriginFiles(values.out, manifest, values.origin);
  process.stdout.write(`${manifest.pages.length} pages (~${manifest.averagePageBytes} B), ${manifest.missing.length} planted 404s in ${manifest.brokenLinkOccurrences} of ${manifest.linkOccurrences} links, written to ${values.out}\n`);
}

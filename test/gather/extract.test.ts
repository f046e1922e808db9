import { readFileSync } from 'node:fs';
import t from 'tap';
import { DEFAULT_MAX_REFERENCES, extractPage, ResolutionCache } from '../../src/gather/extract.js';
import type { ReferenceVia } from '../../src/gather/model.js';

const fixture = (name: string): string => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');
const site = 'https://127.0.0.1:8443';
const page = `${site}/blog/bread-and-roses/`;

/** References as compact rows, `via rel url`, to compare with tables. */
const rows = (html: string, url = page): string[] =>
  extractPage(html, url).references.map((r) => [r.via, r.rel, r.url].filter((x) => x !== undefined).join(' '));

t.test('Wagtail 8 admin login page', async (t) => {
  const result = extractPage(fixture('wagtail8-admin-login.html'), `${site}/admin/login/?next=/admin/`);
  const s = `${site}/static/wagtailadmin`;
  t.same(
    result.references.map((r) => [r.via, r.rel, r.url].filter((x) => x !== undefined).join(' ')),
    [
      `link stylesheet ${s}/css/core.3c7b2a1f9d0e.css`,
      `link shortcut icon ${s}/images/favicon.8e1f0c5a2b3d.ico`,
      `script ${s}/js/icons.5d2e7f1a9c04.js`,
      // the <noscript> link to enable-javascript.com is text to a parser with scripting on, as in a browser
      `script ${s}/js/vendor/jquery-3.6.0.min.1c2d3e4f5a6b.js`,
      `script ${s}/js/vendor/jquery-ui-1.13.2.min.6b5a4f3e2d1c.js`,
      `script ${s}/js/vendor/jquery.datetimepicker.0f1e2d3c4b5a.js`,
      `script ${s}/js/vendor/bootstrap-transition.9a8b7c6d5e4f.js`,
      `script ${s}/js/vendor/bootstrap-modal.4f5e6d7c8b9a.js`,
      `script ${s}/js/vendor/tag-it.a1b2c3d4e5f6.js`,
      `script ${site}/admin/jsi18n/`,
      `script ${s}/js/core.0a1b2c3d4e5f.js`,
      `script ${s}/js/vendor.f6e5d4c3b2a1.js`,
      `script ${s}/js/wagtailadmin.1f2e3d4c5b6a.js`,
      `script ${s}/js/sidebar.6a5b4c3d2e1f.js`,
      `script ${s}/js/modal-workflow.2b3c4d5e6f7a.js`,
      `script ${s}/js/privacy-switch.7a6f5e4d3c2b.js`,
      // the skip link '#main' is the page itself: not a reference
      `a ${site}/admin/password_reset/`,
    ],
  );
  t.same(result.facts, {
    title: 'Sign in - Wagtail',
    forms: [
      {
        action: `${site}/admin/login/`,
        method: 'POST',
        inputNames: ['csrfmiddlewaretoken', 'next', 'username', 'password', 'remember'],
      },
    ],
    hasWagtailUserbar: false,
    hasDjangoDebugPage: false,
    outgoingReferences: 17,
  });
  t.equal(result.baseHref, null);
  t.equal(result.truncated, false);
  t.equal(result.unsafeLinksSkipped, 0);
});

t.test('Wagtail content page with {% image %}, srcset, <picture> and documents', async (t) => {
  const result = extractPage(fixture('wagtail-content-page.html'), page);
  const m = `${site}/media/images`;
  const expected: [via: ReferenceVia, url: string, rel?: string][] = [
    ['og:image', `${m}/bread.2e16d0ba.fill-1200x630.format-jpeg.jpg`], // twitter:image repeats it
    ['a', page, 'canonical'],
    ['a', `${site}/fr/blog/pain-et-roses/`, 'alternate'],
    // preconnect and dns-prefetch name origins, not resources
    ['link', `${site}/static/img/favicon-32x32.5b1c9e0d7a3f.png`, 'icon'],
    ['link', `${site}/static/img/apple-touch-icon.8d2f4a6b1c3e.png`, 'apple-touch-icon'],
    ['link', `${site}/static/site.a9b8c7d6e5f4.webmanifest`, 'manifest'],
    ['link', `${site}/static/fonts/inter-var.3e4f5a6b7c8d.woff2`, 'preload'],
    ['link', `${site}/static/css/main.3f2a1b0c9d8e.css`, 'stylesheet'],
    ['link', 'https://fonts.googleapis.com/css2?family=Inter:wght@400;700&display=swap', 'stylesheet'],
    ['style', `${m}/bread.2e16d0ba.fill-1920x600.jpg`],
    ['style', `${site}/static/img/pattern.0c1d2e3f4a5b.svg`],
    // the data: url() is dropped
    ['style', `${site}/static/css/print.7e8f9a0b1c2d.css`],
    ['a', `${site}/`],
    ['img', `${site}/static/img/logo.4a5b6c7d8e9f.svg`],
    ['a', `${site}/breads/`],
    ['a', `${site}/locations/`],
    ['a', `${site}/blog/`],
    ['a', `${site}/gallery/`],
    ['a', `${site}/contact-us/`],
    // /accounts/logout/ is never followed
    ['style', `${m}/roses.9f8e7d6c.fill-1920x600.jpg`],
    ['img', `${m}/bread.2e16d0ba.fill-300x200.jpg`],
    ['img', `${m}/pied-wagtail.width-400.jpg`],
    ['srcset', `${m}/pied-wagtail.width-800.jpg`],
    ['srcset', `${m}/pied-wagtail.width-400.format-avif.avif`],
    ['srcset', `${m}/pied-wagtail.width-800.format-avif.avif`],
    ['srcset', `${m}/pied-wagtail.width-400.format-webp.webp`],
    ['srcset', `${m}/pied-wagtail.width-800.format-webp.webp`],
    ['a', `${site}/breads/sourdough/`],
    ['a', `${site}/documents/3/annual-report-2024.pdf`],
    ['a', `${site}/documents/7/price-list_AbC1234.xlsx`],
    ['img', `${m}/roses.width-500.png`],
    ['img', `${site}/media/not-found`],
    ['a', 'https://wagtail.org/'], // rel=nofollow is kept: the crawler decides by origin
    // mailto:, tel:, javascript: are not http(s)
    ['img', `${m}/oven.width-800.jpg`], // video poster
    ['img', `${site}/media/video/oven.mp4`], // video source
    ['a', `${site}/breads/?page=2`],
    ['a', 'https://cdn.example.com/brochure.pdf'],
    ['script', 'https://cdn.example.com/analytics.js'],
    ['script', `${site}/static/js/main.5c6d7e8f9a0b.js`],
  ];
  t.same(
    result.references,
    expected.map(([via, url, rel]) => (rel === undefined ? { url, via } : { url, via, rel })),
  );
  t.same(result.facts, {
    title: 'Bread and roses - The Wagtail Bakery',
    forms: [
      { action: `${site}/search/`, method: 'GET', inputNames: ['query'] },
      {
        action: page, // action="" posts to the page itself
        method: 'POST',
        inputNames: ['csrfmiddlewaretoken', 'email', 'frequency', 'comments', 'country', 'subscribe'],
      },
    ],
    hasWagtailUserbar: false,
    hasDjangoDebugPage: false,
    // 39 unique plus 6 repeats: twitter:image, /blog/ twice, and the <img>/<picture> srcset repeating src
    outgoingReferences: 45,
  });
  t.equal(result.unsafeLinksSkipped, 1);
  t.equal(result.truncated, false);
});

t.test('<base href> changes what relative URLs resolve against', async (t) => {
  const cases: { name: string; html: string; baseHref: string | null; refs: string[] }[] = [
    {
      name: 'absolute base on a CDN',
      html: '<base href="https://cdn.example.com/site/"><img src="a.jpg"><a href="/b/">b</a>',
      baseHref: 'https://cdn.example.com/site/',
      refs: ['img https://cdn.example.com/site/a.jpg', 'a https://cdn.example.com/b/'],
    },
    {
      name: 'relative base resolves against the page',
      html: '<head><base href="../../en/"></head><a href="about/">x</a>',
      baseHref: `${site}/en/`,
      refs: [`a ${site}/en/about/`],
    },
    {
      name: 'only the first base counts',
      html: '<base href="/one/"><base href="/two/"><a href="x">x</a>',
      baseHref: `${site}/one/`,
      refs: [`a ${site}/one/x`],
    },
    {
      name: 'an unusable base falls back to the page',
      html: '<base href="javascript:alert(1)"><a href="x">x</a>',
      baseHref: null,
      refs: [`a ${page}x`],
    },
    {
      name: 'a base without href is no base',
      html: '<base target="_blank"><a href="x">x</a>',
      baseHref: null,
      refs: [`a ${page}x`],
    },
    {
      name: 'a base after the links still applies to them (the document has one base URL)',
      html: '<a href="x">x</a><base href="https://cdn.example.com/">',
      baseHref: 'https://cdn.example.com/',
      refs: ['a https://cdn.example.com/x'],
    },
    {
      name: 'an empty base is the first base: the page, and later ones ignored',
      html: '<base href=""><base href="/two/"><a href="x">x</a>',
      baseHref: null,
      refs: [`a ${page}x`],
    },
    {
      name: 'a base inside <noscript> is text',
      html: '<noscript><base href="https://cdn.example.com/"></noscript><a href="x">x</a>',
      baseHref: null,
      refs: [`a ${page}x`],
    },
  ];
  for (const c of cases) {
    const result = extractPage(c.html, page);
    t.equal(result.baseHref, c.baseHref, `${c.name}: baseHref`);
    t.same(rows(c.html), c.refs, `${c.name}: references`);
  }
  t.equal(
    extractPage('<base href="https://cdn.example.com/"><form action=""></form><form action="x"></form>', page).facts.forms
      .map((f) => f.action)
      .join(' '),
    `${page} https://cdn.example.com/x`,
    'an empty form action is the page, not the base',
  );
});

t.test('what each element contributes', async (t) => {
  const cases: { name: string; html: string; refs: string[] }[] = [
    {
      name: '<link> rels: resources via link, hyperlinks via a, origins and no rel skipped',
      html: `
        <link rel="Stylesheet" href="/a.css">
        <link rel="alternate stylesheet" href="/alt.css">
        <link rel="modulepreload" href="/m.js">
        <link rel="prefetch" href="/next.js">
        <link rel="mask-icon" href="/mask.svg">
        <link rel="apple-touch-icon-precomposed" href="/apple.png">
        <link rel="next" href="/blog/?page=2">
        <link rel="author me" href="https://social.example/@baker">
        <link rel="alternate" type="application/rss+xml" href="/blog/feed/">
        <link rel="preconnect dns-prefetch" href="https://fonts.gstatic.com">
        <link rel="pingback" href="/xmlrpc/">
        <link href="/no-rel.css">
        <link rel="  " href="/blank-rel.css">`,
      refs: [
        `link stylesheet ${site}/a.css`,
        `link alternate stylesheet ${site}/alt.css`,
        `link modulepreload ${site}/m.js`,
        `link prefetch ${site}/next.js`,
        `link mask-icon ${site}/mask.svg`,
        `link apple-touch-icon-precomposed ${site}/apple.png`,
        `a next ${site}/blog/?page=2`,
        'a author me https://social.example/@baker',
        `a alternate ${site}/blog/feed/`,
      ],
    },
    {
      name: 'social images by property or name, any case; other metas ignored',
      html: `
        <meta property="og:image" content="/og.jpg">
        <meta property="og:image:secure_url" content="/og-secure.jpg">
        <meta property="og:image:url" content="/og-url.jpg">
        <meta name="twitter:image" content="/tw.jpg">
        <meta name="Twitter:Image:Src" content="/tw-src.jpg">
        <meta property="og:url" content="/not-an-image/">
        <meta name="description" content="/not/a/url">
        <meta http-equiv="refresh" content="0; url=/elsewhere/">
        <meta property="og:image">`,
      refs: [`og:image ${site}/og.jpg`, `og:image ${site}/og-secure.jpg`, `og:image ${site}/og-url.jpg`, `og:image ${site}/tw.jpg`, `og:image ${site}/tw-src.jpg`],
    },
    {
      name: 'CSS url() quoted, bare, with spaces; @import; data: dropped; empty url() ignored',
      html: `
        <style>
          @import url("/import-url.css");
          @import '/import-single.css';
          a { background: url( "/double.png" ) }
          b { background: url('/single.png') }
          c { background: URL(/bare.png) }
          d { background: url(data:image/gif;base64,R0lGOD==) }
          e { background: url() }
          f { background: url(/a.png), url(/b.png) }
        </style>
        <div style="background-image:url(/inline.jpg)"></div>
        <span style="color: red"></span>`,
      refs: [
        `style ${site}/import-url.css`,
        `style ${site}/import-single.css`,
        `style ${site}/double.png`,
        `style ${site}/single.png`,
        `style ${site}/bare.png`,
        `style ${site}/a.png`,
        `style ${site}/b.png`,
        `style ${site}/inline.jpg`,
      ],
    },
    {
      name: 'an element with both a URL and a style gives both',
      html: '<a href="/x/" style="background:url(/bg.png)">x</a>',
      refs: [`a ${site}/x/`, `style ${site}/bg.png`],
    },
    {
      name: 'srcset data: URIs dropped, real candidates kept, invalid ones left out',
      html: `
        <img srcset="data:image/png;base64,AAA= 1x, /r.width-800.jpg 2x">
        <img srcset=",,, ,"><img srcset="/bad.jpg 2q">
        <source srcset="/s.webp" type="image/webp">`,
      refs: [`srcset ${site}/r.width-800.jpg`, `srcset ${site}/s.webp`],
    },
    {
      name: 'image maps and protocol-relative URLs',
      html: '<map><area href="/region/" shape="rect"></map><img src="//cdn.example.com/i.png">',
      refs: [`a ${site}/region/`, 'img https://cdn.example.com/i.png'],
    },
    {
      name: 'fragment-only, empty and non-http references are not references',
      html: '<a href="#top">t</a><a href="  #x">x</a><a href="">e</a><a href="   ">w</a><img src=""><a href="mailto:a@b.c">m</a><script src="data:text/javascript,1"></script><img src="blob:https://x/1">',
      refs: [],
    },
    {
      name: 'a fragment on a real URL is dropped, the URL kept',
      html: '<a href="/about/#team">x</a><a href="/about/">y</a>',
      refs: [`a ${site}/about/`],
    },
    {
      name: 'dedup keeps the first way a URL was met',
      html: '<img src="/media/images/a.width-800.jpg"><a href="/media/images/a.width-800.jpg">full size</a><link rel="preload" href="/media/images/a.width-800.jpg" as="image">',
      refs: [`img ${site}/media/images/a.width-800.jpg`],
    },
    {
      name: 'links inside <template> (the user bar) are found too',
      html: '<template id="t"><link rel="stylesheet" href="/static/in-template.css"></template>',
      refs: [`link stylesheet ${site}/static/in-template.css`],
    },
    {
      name: 'inside <noscript>, <iframe>, <noembed> and <noframes> is text; their own attributes count',
      html: `
        <noscript><img src="/noscript.png"><iframe src="/gtm/"></iframe></noscript>
        <iframe src="/frame/" style="background:url(/frame-bg.png)"><a href="/in-iframe/">x</a></iframe>
        <noembed><a href="/in-noembed/">x</a></noembed><noframes><a href="/in-noframes/">x</a></noframes>
        <a href="/after/">x</a>`,
      refs: [`style ${site}/frame-bg.png`, `a ${site}/after/`],
    },
    {
      name: 'after <plaintext> everything is text, even past </plaintext>',
      html: '<a href="/before/">x</a><plaintext><a href="/in/">x</a></plaintext><a href="/after/">x</a>',
      refs: [`a ${site}/before/`],
    },
    {
      name: "SVG links by xlink:href, plain href first; outside SVG xlink:href is nothing",
      html: '<svg><a xlink:href="/svg-link/"><text>x</text></a><a href="/h/" xlink:href="/x/"><text>y</text></a></svg><a xlink:href="/not-svg/">z</a>',
      refs: [`a ${site}/svg-link/`, `a ${site}/h/`],
    },
    {
      name: "a stray <image> is an <img>; SVG's <image> is not",
      html: '<image src="/stray.png"><svg><image href="/svg-image.png"/></svg>',
      refs: [`img ${site}/stray.png`],
    },
    {
      name: "<style>'s own style attribute is not read, its CSS is",
      html: '<style nonce="n" style="background:url(/attr.png)">a { background: url(/css.png) }</style>',
      refs: [`style ${site}/css.png`],
    },
  ];
  for (const c of cases) t.same(rows(c.html), c.refs, c.name);
});

t.test('links that change state on GET are never returned', async (t) => {
  const html = [
    '/accounts/logout/',
    '/admin/logout/',
    '/Logout',
    '/admin/pages/3/delete/',
    '/admin/images/12/delete/',
    '/admin/documents/delete/7/',
    `${site}/accounts/logout/?next=/`,
    '/admin/pages/3/edit/',
    '/delete-my-data-policy/',
    '/blog/deleted-scenes/',
  ]
    .map((href) => `<a href="${href}">x</a>`)
    .join('');
  const result = extractPage(html, page);
  t.same(
    result.references.map((r) => r.url),
    [`${site}/admin/pages/3/edit/`, `${site}/delete-my-data-policy/`, `${site}/blog/deleted-scenes/`],
  );
  t.equal(result.unsafeLinksSkipped, 7);
  t.equal(result.facts.outgoingReferences, 3, 'skipped links are not counted as outgoing');
  t.same(rows('<link rel="next" href="/admin/logout/">'), [], 'a hyperlink <link> is a link too');
  t.same(rows('<img src="/static/icons/logout.svg">'), [`img ${site}/static/icons/logout.svg`], 'an image named logout is fetched');
});

t.test('links whose query acts on GET are left out and counted', async (t) => {
  const html = ['/?action=delete', '/page/?delete=1', '/news/?unsubscribe=ab12', '/x/?do=logout', '/pages/12/unpublish/', '/blog/how-we-delete-data/', '/blog/?page=2']
    .map((href) => `<a href="${href}">x</a>`)
    .join('');
  const result = extractPage(html, page);
  t.same(result.references.map((r) => r.url), [`${site}/blog/how-we-delete-data/`, `${site}/blog/?page=2`]);
  t.equal(result.unsafeLinksSkipped, 5);
  t.equal(result.facts.outgoingReferences, 2);
});

t.test('title', async (t) => {
  const cases: [html: string, title: string | null][] = [
    ['<title>Sign in - Wagtail</title>', 'Sign in - Wagtail'],
    ['<title>\n   Bread\n\t and   roses \n</title>', 'Bread and roses'],
    ['<title></title>', ''],
    ['<p>no title</p>', null],
    ['<body><svg><title>Wagtail logo</title></svg></body>', null],
    ['<body><svg><title>logo</title></svg><title>Late title</title></body>', 'Late title'],
    ['<title>A &amp; B &lt;3</title><title>second</title>', 'A & B <3'],
    ['<math><title>formula</title></math><title>Page</title>', 'Page'],
    ['<title>a\u0000b</title>', 'a\uFFFDb'],
    ['<noscript><title>no</title></noscript>', null],
    ['<title>never closed', 'never closed'],
  ];
  for (const [html, title] of cases) t.equal(extractPage(html, page).facts.title, title, html);
});

t.test('forms', async (t) => {
  const forms = (html: string) => extractPage(html, page).facts.forms;
  t.same(forms('<form><input name="q"></form>'), [{ action: page, method: 'GET', inputNames: ['q'] }], 'defaults');
  t.same(
    forms('<form action="javascript:void(0)" method="delete"><input name="a"><input name="a"><input type="submit"></form>'),
    [{ action: 'javascript:void(0)', method: 'GET', inputNames: ['a'] }],
    'an action that is not http(s) is kept as written; an unknown method is GET; names deduplicated',
  );
  t.same(forms('<form method="dialog"></form>')[0]?.method, 'DIALOG');
  t.same(forms('<form method=" post "></form>')[0]?.method, 'POST');
  t.same(
    forms('<form action="/documents/authenticate_with_password/4/" method="post"><input type="hidden" name="csrfmiddlewaretoken" value="x"><input type="hidden" name="return_url" value="/documents/9/x.pdf"><input type="password" name="password"><input type="submit" value="Continue"></form>'),
    [{ action: `${site}/documents/authenticate_with_password/4/`, method: 'POST', inputNames: ['csrfmiddlewaretoken', 'return_url', 'password'] }],
    "Wagtail's document password form",
  );
  t.same(forms('<p>none</p>'), []);
  t.same(
    forms('<form action="/1/"><input name="a"><form action="/2/"><input name="b"></form><input name="c"></form>'),
    [{ action: `${site}/1/`, method: 'GET', inputNames: ['a', 'b'] }],
    'a form inside an open form is ignored, as a browser does; the first </form> closes the outer one',
  );
  t.same(
    forms('<form><select name="s"><option>1</select><textarea name="t"></textarea><button name="go"></button><input name=""><input></form>'),
    [{ action: page, method: 'GET', inputNames: ['s', 't', 'go', ''] }],
    'every kind of named field, an empty name included',
  );
});

t.test("Wagtail's user bar, by version", async (t) => {
  // What wagtailadmin/userbar/base.html renders in 7.4 and 8.0 (4.2 to 7.3 differ only inside the template).
  const userbar8 = `
<!-- Wagtail user bar embed code -->
<template id="wagtail-userbar-template">
    <aside aria-labelledby="wagtail-userbar-trigger">
        <div class="w-userbar w-userbar--bottom-right w-theme-system" data-wagtail-userbar data-wagtail-userbar-origin="" part="userbar">
            <link rel="stylesheet" href="/static/wagtailadmin/css/core.3c7b2a1f9d0e.css">
            <div class="w-userbar-nav">
                <button aria-controls="wagtail-userbar-items" aria-haspopup="true" class="w-userbar-trigger" id="wagtail-userbar-trigger" data-wagtail-userbar-trigger></button>
                <ul aria-labelledby="wagtail-userbar-trigger" class="w-userbar-items" id="wagtail-userbar-items" role="menu">
                    <li class="w-userbar__item" role="presentation"><a href="/admin/pages/3/edit/" target="_parent" role="menuitem">Edit this page</a></li>
                </ul>
            </div>
        </div>
    </aside>
</template>
<wagtail-userbar></wagtail-userbar>
<script src="/static/wagtailadmin/js/userbar.9e8d7c6b5a4f.js"></script>
<!-- end Wagtail user bar embed code -->`;
  // What it rendered in 2.x to 4.1.
  const userbar2 = `
<div class="wagtail-userbar-reset">
    <div class="wagtail-userbar wagtail-userbar--bottom-right" data-wagtail-userbar>
        <div class="wagtail-userbar-nav"><button class="wagtail-userbar-trigger" id="wagtail-userbar-trigger" data-wagtail-userbar-trigger></button></div>
    </div>
</div>`;
  const cases: [name: string, html: string, expected: boolean][] = [
    ['Wagtail 4.2 to 8.0', `<body><p>content</p>${userbar8}</body>`, true],
    ['Wagtail 2.x to 4.1', `<body><p>content</p>${userbar2}</body>`, true],
    ['the custom element alone', '<wagtail-userbar></wagtail-userbar>', true],
    ['the template alone', '<template id="wagtail-userbar-template"><div></div></template>', true],
    ['an id wagtail-userbar', '<div id="wagtail-userbar"></div>', true],
    ['an anonymous page', fixture('wagtail-content-page.html'), false],
    ['a page that only mentions it', '<p>The wagtail-userbar is shown to editors.</p><code>&lt;wagtail-userbar&gt;</code>', false],
    ['a similar id', '<div id="wagtail-userbar-trigger"></div>', false],
    ['the class among others', '<div class="w-theme  wagtail-userbar\tbottom"></div>', true],
    ['similar classes', '<div class="wagtail-userbar-trigger wagtail-userbarx"></div>', false],
    ["the template's id on another element", '<div id="wagtail-userbar-template"></div>', false],
    ['inside <noscript>, which is text', '<noscript><wagtail-userbar></wagtail-userbar></noscript>', false],
  ];
  for (const [name, html, expected] of cases) t.equal(extractPage(html, page).facts.hasWagtailUserbar, expected, name);
  t.ok(
    rows(`<body>${userbar8}</body>`).includes(`script ${site}/static/wagtailadmin/js/userbar.9e8d7c6b5a4f.js`),
    "the user bar's script is a reference like any other",
  );
});

t.test("Django's DEBUG pages", async (t) => {
  const debug = (html: string) => extractPage(html, page).facts.hasDjangoDebugPage;
  const cases: [name: string, html: string, expected: boolean][] = [
    ['technical 404 (Django 3.0+, curly apostrophe)', fixture('django-technical-404.html'), true],
    ['technical 500 cut short by the body cap', fixture('django-technical-500-truncated.html'), true],
    [
      'older straight apostrophe',
      "<div id=\"explanation\"><p>You're seeing this error because you have <code>DEBUG = True</code> in your Django settings file.</p></div>",
      true,
    ],
    ['escaped apostrophe', 'You&#x27;re seeing this error because you have DEBUG = True in', true],
    ['a 404 title with the URLconf list', '<title>Page not found at /x/</title><p>Using the URLconf defined in <code>mysite.urls</code>', true],
    ['a 404 title alone', '<title>Page not found at /x/</title><h1>Page not found</h1>', false],
    ["Wagtail's production 404", '<title>Page not found</title><h1>Page not found</h1><p>Sorry, this page could not be found.</p>', false],
    ['one marker alone, on an ordinary page', '<footer>Django Version: 5.2, Wagtail 8.0</footer>', false],
    ['a normal content page', fixture('wagtail-content-page.html'), false],
    ['two lesser markers: version and exception rows', '<tr><th>Django Version:</th><td>5.2</td></tr><tr><th>Exception Value:</th><td>x</td></tr>', true],
    ['two lesser markers: version row and URLconf', '<p>Using the URLconf defined in <code>mysite.urls</code></p><th>Django Version:</th>', true],
    ['the notice in another case', "you're seeing this error because you have debug = true in", true],
    ['an exception row alone', '<p>Exception Value: none</p>', false],
  ];
  for (const [name, html, expected] of cases) t.equal(debug(html), expected, name);
});

t.test('malformed HTML never throws', async (t) => {
  const inputs = [
    '',
    '\u0000\u0000<a href="/nul\u0000/">x</a>\u0000',
    '<html><head><title>unclosed<body><a href="/a/"><div><table><tr><td><a href="/b/">',
    '<a href="/a/" <img src=/x.jpg <<<>>> </a></b></i></html></html>',
    '<form><form action="/inner/"><input name="x"></form></form>',
    '<svg><a href="/svg-link/">x</a><style>a{background:url(/svg.png)}</style></svg>',
    '<!-- unclosed comment <a href="/hidden/">',
    '<script>document.write("<a href=\'/js/\'>")</script>',
    '<style>'.repeat(1000),
    '\uFEFF<a href="/bom/">x</a>',
    '<a href="http://[bad">x</a><img src="http://%zz/">',
    `<a href="/${'a'.repeat(20_000)}">long</a>`,
  ];
  for (const html of inputs) t.doesNotThrow(() => extractPage(html, page), JSON.stringify(html.slice(0, 40)));
  t.same(rows(inputs[1] as string), [`a ${site}/nul%EF%BF%BD/`], 'NUL in an attribute is replaced, as a browser does');
  t.same(rows(inputs[6] as string), [], 'a link inside a comment is not a link');
  t.same(rows(inputs[7] as string), [], 'markup written by a script is not seen');
  t.same(rows(inputs[11] as string), [], 'a URL over 8 KB is dropped');
});

t.test('big pages: capped, and fast', async (t) => {
  const links = Array.from({ length: 20_000 }, (_, i) => `<li><a href="/p/${i}/">Page ${i}</a></li>`).join('\n');
  const html = `<!doctype html><title>Index</title><ul>${links}</ul>`;
  const started = performance.now();
  const result = extractPage(html, page);
  const elapsed = performance.now() - started;
  t.ok(elapsed < 1000, `20,000 links extracted in ${elapsed.toFixed(0)} ms`);
  t.equal(result.references.length, DEFAULT_MAX_REFERENCES);
  t.equal(result.references.at(-1)?.url, `${site}/p/${DEFAULT_MAX_REFERENCES - 1}/`, 'the first ones, in document order');
  t.equal(result.truncated, true);
  t.equal(result.facts.outgoingReferences, 20_000, 'every reference counted, kept or not');

  const small = extractPage('<a href="/1/">1</a><a href="/1/">1 again</a><a href="/2/">2</a><a href="/3/">3</a>', page, { maxReferences: 2 });
  t.same(small.references.map((r) => r.url), [`${site}/1/`, `${site}/2/`]);
  t.equal(small.truncated, true);
  t.equal(extractPage('<a href="/1/">1</a><a href="/2/">2</a>', page, { maxReferences: 2 }).truncated, false, 'exactly at the cap');

  const css = `<style>${'url(url(url('.repeat(100_000)}${'url("'.repeat(50_000)}</style>`;
  const cssStarted = performance.now();
  extractPage(css, page);
  t.ok(performance.now() - cssStarted < 1000, 'pathological CSS stays linear');
});

t.test("the page type: Wagtail's template-<model> class on the first <body>, read in the streaming pass", async (t) => {
  const cases: [html: string, templateClass: string | null][] = [
    ['<body class="template-blogpage">', 'template-blogpage'],
    ['<body class="page  template-homepage\tlang-en">', 'template-homepage'],
    ['<body class="TEMPLATE-X template-eventpage">', 'template-eventpage'],
    ['<body class="template-">', null],
    ['<body class="no-template-here">', null],
    ['<body>', null],
    ['<div class="template-blogpage"></div>', null],
    ['<svg><body class="template-inside-svg"></body></svg><body class="template-real">', 'template-real'],
    ['<body class="template-first"><body class="template-second">', 'template-first'],
    ['', null],
  ];
  for (const [html, templateClass] of cases) t.equal(extractPage(html, page).templateClass, templateClass, html || '(empty)');
});

t.test('a resolution cache shared by pages resolves every reference as each page alone would', async (t) => {
  const cache = new ResolutionCache();
  const hrefs = ['/blog/', 'post/', '../up/', '//cdn.test/x.css', '/\\evil.test/', 'https://other.test/a', 'HTTPS://Other.test/b#f', '?page=2', ' /spaced/ ', '/a\tb/', 'mailto:x@y.test'];
  const body = hrefs.map((h) => `<a href="${h}">x</a>`).join('');
  const pages: [url: string, html: string][] = [
    [`${site}/blog/one/`, body],
    [`${site}/news/two/`, body],
    ['http://127.0.0.1:8080/other-origin/', body],
    [`${site}/based/`, `<base href="https://based.test/deep/">${body}`],
  ];
  for (const [url, html] of pages) {
    const alone = extractPage(html, url).references.map((r) => r.url);
    t.same(extractPage(html, url, { resolved: cache }).references.map((r) => r.url), alone, url);
    t.same(extractPage(html, url, { resolved: cache }).references.map((r) => r.url), alone, `${url}, again from the cache`);
  }
});

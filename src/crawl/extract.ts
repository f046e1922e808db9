// From a page's HTML to what the crawler needs: the URLs it references (links,
// stylesheets, scripts, images, srcset and picture sources, social images,
// CSS url()s), and the few facts probes read (title, forms, Wagtail's user
// bar, Django's DEBUG page). Pure: no network, no state, never throws on bad
// HTML (cheerio's parse5 parser recovers from anything, as a browser does).

import * as cheerio from 'cheerio';
import { isDjangoDebugPage } from '../headers/sniff.js';
import type { FormFacts, PageFacts, ReferenceVia } from '../model.js';
import { parseSrcset } from './srcset.js';
import { normaliseUrl } from './urls.js';

export interface ExtractedReference {
  /** Normalised absolute http(s) URL. */
  readonly url: string;
  readonly via: ReferenceVia;
  /** The rel tokens of the <link> it came from, lower-cased ('stylesheet', 'shortcut icon', 'canonical'). */
  readonly rel?: string;
}

export interface ExtractedPage {
  /** Unique URLs in document order, each with the first way it was met; at most maxReferences. */
  readonly references: ExtractedReference[];
  readonly facts: Omit<PageFacts, 'charset'>;
  /** The document's base URL from <base href>, resolved; null when there is none (or it is unusable). */
  readonly baseHref: string | null;
  /** True when the page had more unique references than maxReferences. */
  readonly truncated: boolean;
  /** Links left out because following them could change state (log out, delete). */
  readonly unsafeLinksSkipped: number;
}

export interface ExtractOptions {
  /** Most unique references kept per page (default 5000). */
  readonly maxReferences?: number;
}

export const DEFAULT_MAX_REFERENCES = 5000;

/** The minimal shape of a parsed element that extraction reads. */
interface Tag {
  readonly name: string;
  readonly attribs: Readonly<Record<string, string | undefined>>;
}

/** Everything that can carry a URL, in one selector so references come in document order. */
const REFERENCE_CARRIERS =
  'a[href], area[href], link[href], script[src], img[src], img[srcset], source[src], source[srcset], video[poster], meta[content], style, [style]';

/**
 * <link> types that make the browser fetch a resource (HTML "external resource
 * links", plus Apple's icons). Every other link type is a hyperlink to a
 * document (canonical, alternate, next, author, …): those are reported via
 * 'a', with their rel kept, because the crawler should treat them as pages.
 */
const RESOURCE_LINK_TYPES = new Set([
  'stylesheet', 'icon', 'apple-touch-icon', 'apple-touch-icon-precomposed', 'mask-icon',
  'manifest', 'preload', 'modulepreload', 'prefetch',
]);
/** Link types that name an origin or an endpoint, not something to fetch. */
const NON_FETCHED_LINK_TYPES = new Set(['dns-prefetch', 'preconnect', 'pingback']);

/** Social preview images, by their meta property or name. */
const SOCIAL_IMAGE_META = new Set(['og:image', 'og:image:url', 'og:image:secure_url', 'twitter:image', 'twitter:image:src']);

/** CSS url(…) (quoted or bare) and @import "…". Bare URLs stop at parentheses, so the scan stays linear. */
const CSS_URL = /url\(\s*(?:"([^"]*)"|'([^']*)'|([^()'"\s]*))\s*\)|@import\s+(?:"([^"]*)"|'([^']*)')/gi;

/** Paths a crawler must never GET: Django's and Wagtail's logout and delete views act on GET. */
const UNSAFE_PATH = /\/logout|\/delete\//i;

export function extractPage(html: string, pageUrl: string, options: ExtractOptions = {}): ExtractedPage {
  const maxReferences = options.maxReferences ?? DEFAULT_MAX_REFERENCES;
  const $ = cheerio.load(html);
  const baseHref = documentBase($('base[href]').first().attr('href'), pageUrl);
  const base = baseHref ?? pageUrl;

  const unique = new Map<string, ExtractedReference>();
  let outgoing = 0;
  let truncated = false;
  let unsafeLinksSkipped = 0;

  const add = (raw: string | undefined, via: ReferenceVia, rel?: string): void => {
    // A fragment-only link ('#main') is the page itself: never a fetch.
    if (raw === undefined || raw.trim().startsWith('#')) return;
    const url = normaliseUrl(raw, base);
    if (url === null) return;
    if (via === 'a' && UNSAFE_PATH.test(new URL(url).pathname)) {
      unsafeLinksSkipped++;
      return;
    }
    outgoing++;
    if (unique.has(url)) return;
    if (unique.size >= maxReferences) {
      truncated = true;
      return;
    }
    unique.set(url, rel === undefined ? { url, via } : { url, via, rel });
  };

  $(REFERENCE_CARRIERS).each((_, element) => {
    // <style> holds its CSS as text children.
    if (element.name === 'style') addCssUrls($(element).text(), add);
    else collectReferences(element, add);
  });

  const title = titleOf($);
  return {
    references: [...unique.values()],
    facts: {
      title,
      forms: formsOf($, pageUrl, base),
      hasWagtailUserbar: hasWagtailUserbar($),
      // The same markers the probes use on bodies that are not parsed (src/headers/sniff.ts).
      hasDjangoDebugPage: isDjangoDebugPage(html),
      outgoingReferences: outgoing,
    },
    baseHref,
    truncated,
    unsafeLinksSkipped,
  };
}

type AddReference = (raw: string | undefined, via: ReferenceVia, rel?: string) => void;

/** The references one element carries in its attributes. */
function collectReferences(element: Tag, add: AddReference): void {
  const { attribs } = element;
  switch (element.name) {
    case 'a':
    case 'area':
      add(attribs.href, 'a');
      break;
    case 'link': {
      const rel = relTokens(attribs.rel);
      if (rel.length === 0 || rel.every((type) => NON_FETCHED_LINK_TYPES.has(type))) break;
      const isResource = rel.some((type) => RESOURCE_LINK_TYPES.has(type));
      add(attribs.href, isResource ? 'link' : 'a', rel.join(' '));
      break;
    }
    case 'script':
      add(attribs.src, 'script');
      break;
    case 'img':
    case 'source':
      add(attribs.src, 'img');
      for (const candidate of parseSrcset(attribs.srcset ?? '')) add(candidate.url, 'srcset');
      break;
    case 'video':
      add(attribs.poster, 'img');
      break;
    case 'meta': {
      const key = (attribs.property ?? attribs.name ?? '').trim().toLowerCase();
      if (SOCIAL_IMAGE_META.has(key)) add(attribs.content, 'og:image');
      break;
    }
  }
  if (attribs.style !== undefined) addCssUrls(attribs.style, add);
}

function addCssUrls(css: string, add: AddReference): void {
  for (const match of css.matchAll(CSS_URL)) {
    const url = match[1] ?? match[2] ?? match[3] ?? match[4] ?? match[5];
    if (url !== undefined && url !== '') add(url, 'style');
  }
}

function relTokens(rel: string | undefined): string[] {
  return (rel ?? '').toLowerCase().split(/[\t\n\f\r ]+/).filter((token) => token !== '');
}

/** The first <base href>, resolved against the page; unusable values (javascript:, junk) fall back to the page. */
function documentBase(href: string | undefined, pageUrl: string): string | null {
  return href === undefined ? null : normaliseUrl(href, pageUrl);
}

/** document.title's rule: the first <title> outside SVG, whitespace collapsed. */
function titleOf($: cheerio.CheerioAPI): string | null {
  const title = $('title').not('svg title').first();
  if (title.length === 0) return null;
  return title.text().replace(/[\t\n\f\r ]+/g, ' ').trim();
}

const FORM_METHODS = new Set(['GET', 'POST', 'DIALOG']);

function formsOf($: cheerio.CheerioAPI, pageUrl: string, base: string): FormFacts[] {
  return $('form')
    .toArray()
    .map((form) => {
      const rawAction = (form.attribs.action ?? '').trim();
      // An empty action submits to the document's own URL, not the base URL (HTML form submission).
      const action = rawAction === '' ? pageUrl : (normaliseUrl(rawAction, base) ?? rawAction);
      const method = (form.attribs.method ?? '').trim().toUpperCase();
      const names = $(form)
        .find('input[name], select[name], textarea[name], button[name]')
        .toArray()
        .map((field) => field.attribs.name as string);
      return {
        action,
        method: FORM_METHODS.has(method) ? method : 'GET',
        inputNames: [...new Set(names)],
      };
    });
}

/**
 * Wagtail's user bar, shown to logged-in editors on the live site:
 * 4.2 to 8.0 render `<template id="wagtail-userbar-template">` and a
 * `<wagtail-userbar>` custom element; 2.x to 4.1 rendered
 * `<div class="wagtail-userbar" data-wagtail-userbar>` in a
 * `.wagtail-userbar-reset` wrapper. Seen by an anonymous crawler, it usually means a
 * shared cache is serving an editor's copy of the page to everyone.
 */
function hasWagtailUserbar($: cheerio.CheerioAPI): boolean {
  return (
    $('wagtail-userbar, template#wagtail-userbar-template, #wagtail-userbar, .wagtail-userbar, [data-wagtail-userbar]').length > 0
  );
}

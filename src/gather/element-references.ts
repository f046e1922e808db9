// The URLs one element references, as the browser would fetch or follow them:
// a[href], link by its rel, script[src], img/srcset/picture sources, social
// image meta tags, and url()s in CSS. Called by extract.ts's streaming pass.

import type { ReferenceVia } from './model.js';
import { parseSrcset } from './srcset.js';

export type Attributes = Readonly<Record<string, string | undefined>>;
/** HTML's ASCII whitespace, which splits rel and class tokens. */
export const HTML_WHITESPACE = /[\t\n\f\r ]+/;

export type AddReference = (raw: string | undefined, via: ReferenceVia, rel?: string) => void;

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

/** The references one element carries in its attributes. */
export function collectReferences(name: string, attribs: Attributes, add: AddReference): void {
  switch (name) {
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
      if (attribs.srcset !== undefined) for (const candidate of parseSrcset(attribs.srcset)) add(candidate.url, 'srcset');
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

export function addCssUrls(css: string, add: AddReference): void {
  for (const match of css.matchAll(CSS_URL)) {
    const url = match[1] ?? match[2] ?? match[3] ?? match[4] ?? match[5];
    if (url !== undefined && url !== '') add(url, 'style');
  }
}

export function relTokens(rel: string | undefined): string[] {
  return (rel ?? '').toLowerCase().split(HTML_WHITESPACE).filter((token) => token !== '');
}

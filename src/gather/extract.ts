// From a page's HTML to what the crawler needs: the URLs it references (links,
// stylesheets, scripts, images, srcset and picture sources, social images,
// CSS url()s), and the few facts probes read (title, forms, Wagtail's user
// bar, Django's DEBUG page). Pure: no network, no state, never throws on bad
// HTML.
//
// One streaming pass with htmlparser2 (SAX callbacks), no DOM: a crawl reads
// every page once for these few facts, and building a document per page cost
// more (allocation, GC) than the rest of the crawl. Where htmlparser2 reads
// markup differently from a browser's parser in a way that changes what is
// found, this module corrects it: <noscript> (scripting on), <iframe>,
// <noembed>, <noframes> and <plaintext> hold text, not elements; NUL in an
// attribute becomes U+FFFD; in SVG and MathML xlink:href is an href; <image>
// is <img>; a <form> inside an open form is ignored. Not corrected (broken
// markup only): table foster-parenting, which moves misplaced content before
// its table; the copies a browser's parser makes of a misnested <a> (here a
// reference is counted as written); tags a <select> drops; HTML tags that
// break out of SVG; a </noscript> hidden inside a <script>, <style>, <title>
// or comment that begins in the <noscript>.

import { Parser } from 'htmlparser2';
import { isDjangoDebugPage } from '../wagtail/django-pages.js';
import type { FormFacts, PageFacts, ReferenceVia } from './model.js';
import { addCssUrls, collectReferences, type AddReference, type Attributes } from './element-references.js';
import { formFacts, isWagtailUserbar, mayBeDjangoDebugPage, templateClassOf, type ScannedForm } from './page-facts.js';
import { isStateChangingUrl } from './unsafe-links.js';
import { normaliseUrl, originOf } from './urls.js';
import { detached } from './detached.js';
import { SlotMemo } from './slot-memo.js';

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
  /** Links left out because following them could change state (log out, delete, ?action=delete). */
  readonly unsafeLinksSkipped: number;
  /** Wagtail's `template-<model>` class on <body>, naming the page type; null when there is none. */
  readonly templateClass: string | null;
}

export interface ExtractOptions {
  /** Most unique references kept per page (default 5000). */
  readonly maxReferences?: number;
  /** Resolutions shared across the pages of one crawl (a crawl resolves the same nav links on every page). */
  readonly resolved?: ResolutionCache;
}

/**
 * URLs whose resolution does not depend on the page's path: site-rooted
 * paths ("/blog/", per origin of the base) and absolute http(s) URLs. A crawl
 * meets the same ones on every page; resolving each once saves a URL parse and
 * its strings per reference, and the pages share one string per URL.
 */
export class ResolutionCache {
  /** Hot slots per memo (slot-memo.ts): room for what is met on every page, not for the site. */
  private static readonly SLOTS = 4096;
  /** Longest raw reference cached: longer ones are rare and would fill it. */
  private static readonly MAX_RAW_LENGTH = 512;
  private readonly byOrigin = new Map<string, SlotMemo<string | null>>();
  private readonly absolute = new SlotMemo<string | null>(ResolutionCache.SLOTS);

  resolve(raw: string, base: string, baseOrigin: string): string | null {
    const memo = raw.length > ResolutionCache.MAX_RAW_LENGTH ? undefined : this.memoFor(raw, baseOrigin);
    if (memo === undefined) return normaliseUrl(raw, base);
    let url = memo.get(raw);
    if (url === undefined) {
      url = normaliseUrl(raw, base);
      // The raw reference is a slice of its page: keep a copy, not the page.
      memo.set(detached(raw), url);
    }
    return url;
  }

  /** The memo a raw reference resolves in, or undefined when its resolution depends on the base's path. */
  private memoFor(raw: string, baseOrigin: string): SlotMemo<string | null> | undefined {
    // A path ("/blog/"), or a scheme-relative URL ("//cdn/x", "/\\cdn/x"): the base's path and query play no part.
    if (raw.startsWith('/')) {
      let memo = this.byOrigin.get(baseOrigin);
      if (memo === undefined) this.byOrigin.set(baseOrigin, (memo = new SlotMemo(ResolutionCache.SLOTS)));
      return memo;
    }
    return /^https?:\/\//i.test(raw) ? this.absolute : undefined;
  }
}

export const DEFAULT_MAX_REFERENCES = 5000;

/** Most pages have no form: one empty list for all of them (the crawl keeps every page's facts). */
const NO_FORMS: readonly FormFacts[] = Object.freeze([]);

/** An element's attributes as the parser reports them: lower-cased names, entities decoded, the first of duplicates. */

/** A reference as written in the markup, resolved only once the whole document (and its <base>) has been read. */
interface RawReference {
  readonly raw: string;
  readonly via: ReferenceVia;
  readonly rel?: string;
}

/** A form as written: action and method unresolved. */

/** What one pass over the markup finds. */
interface ScannedPage {
  readonly references: readonly RawReference[];
  /** The first <base href> as written; undefined when there is none. */
  readonly baseHref: string | undefined;
  readonly title: string | null;
  readonly forms: readonly ScannedForm[];
  readonly hasWagtailUserbar: boolean;
  readonly templateClass: string | null;
}

/**
 * Elements whose content a browser (with scripting on, as a crawler's user
 * would have) reads as text: links inside them are never fetched.
 */
const TEXT_ONLY_ELEMENTS = new Set(['noscript', 'iframe', 'noembed', 'noframes', 'plaintext']);


export function extractPage(html: string, pageUrl: string, options: ExtractOptions = {}): ExtractedPage {
  const scanned = scanHtml(html);
  // The first <base href> applies to the whole document, links written before it included.
  const baseHref = scanned.baseHref === undefined ? null : normaliseUrl(scanned.baseHref, pageUrl);
  const base = baseHref ?? pageUrl;
  const resolved = resolveReferences(scanned.references, base, options.maxReferences ?? DEFAULT_MAX_REFERENCES, options.resolved);
  return {
    references: resolved.references,
    facts: {
      title: scanned.title,
      forms: scanned.forms.length === 0 ? NO_FORMS : scanned.forms.map((form) => formFacts(form, pageUrl, base)),
      hasWagtailUserbar: scanned.hasWagtailUserbar,
      // The same markers the probes use on bodies that are not parsed (src/wagtail/django-pages.ts).
      hasDjangoDebugPage: mayBeDjangoDebugPage(html) && isDjangoDebugPage(html),
      outgoingReferences: resolved.outgoing,
    },
    baseHref,
    truncated: resolved.truncated,
    unsafeLinksSkipped: resolved.unsafeLinksSkipped,
    templateClass: scanned.templateClass,
  };
}


/** One pass over the markup: every reference as written, in document order, and the page's facts. */
function scanHtml(html: string): ScannedPage {
  const references: RawReference[] = [];
  const forms: ScannedForm[] = [];
  let baseHref: string | undefined;
  let title: string | null = null;
  let hasWagtailUserbar = false;
  let templateClass: string | null = null;
  let bodySeen = false;

  // Where the parser is.
  let textOnlyElement: string | null = null; // the open <noscript> (or alike) whose content is text
  let foreignDepth = 0; // open <svg> and <math>: "foreign content", where some names mean other things
  let titleText: string | null = null; // gathered while inside the document's <title>
  let styleText: string | null = null; // gathered while inside a <style>
  let openForm: ScannedForm | null = null; // what a browser calls the form element pointer
  const hasNul = html.includes('\0');

  const add: AddReference = (raw, via, rel) => {
    // A fragment-only link ('#main') is the page itself: never a fetch.
    if (raw === undefined || raw.trim().startsWith('#')) return;
    references.push(rel === undefined ? { raw, via } : { raw, via, rel });
  };

  const parser = new Parser({
    onopentag(tagName, parsedAttributes) {
      if (textOnlyElement !== null) return;
      if (tagName === 'svg' || tagName === 'math') foreignDepth++;
      const inForeignContent = foreignDepth > 0;
      // The HTML parser renames a stray <image> to <img> (in SVG, <image> is SVG's own).
      const name = tagName === 'image' && !inForeignContent ? 'img' : tagName;
      const attribs = browserAttributes(parsedAttributes, hasNul, inForeignContent);
      if (!hasWagtailUserbar) hasWagtailUserbar = isWagtailUserbar(name, attribs);
      switch (name) {
        case 'title':
          // document.title is the first HTML <title>; SVG's <title> is a tooltip.
          if (title === null && !inForeignContent) titleText = '';
          break;
        case 'style':
          // Its CSS arrives as text; read at </style>.
          styleText = '';
          return;
        case 'base':
          baseHref ??= attribs.href;
          break;
        case 'body':
          // A browser merges a second <body>'s attributes into the first; the template's own is the first.
          if (bodySeen || inForeignContent) break;
          templateClass = templateClassOf(attribs.class);
          if (templateClass !== null) templateClass = detached(templateClass);
          bodySeen = true;
          break;
        case 'form':
          // A <form> start tag inside an open form is ignored by browsers; its fields belong to the outer one.
          if (openForm === null) {
            openForm = { action: attribs.action ?? '', method: attribs.method ?? '', inputNames: new Set() };
            forms.push(openForm);
          }
          break;
        case 'input':
        case 'select':
        case 'textarea':
        case 'button':
          if (openForm !== null && attribs.name !== undefined) openForm.inputNames.add(attribs.name);
          break;
      }
      collectReferences(name, attribs, add);
      if (TEXT_ONLY_ELEMENTS.has(name)) textOnlyElement = name;
    },
    ontext(text) {
      // <title> and <style> hold only text (htmlparser2 reads them as raw text, as a browser does).
      if (titleText !== null) titleText += text;
      else if (styleText !== null) styleText += text;
    },
    onclosetag(name) {
      if (textOnlyElement !== null) {
        // Nothing ends <plaintext>: the rest of the document is its text.
        if (name === textOnlyElement && name !== 'plaintext') textOnlyElement = null;
        return;
      }
      switch (name) {
        case 'svg':
        case 'math':
          foreignDepth--;
          break;
        case 'title':
          if (titleText !== null) {
            // document.title's rule: whitespace collapsed; NUL read as U+FFFD, as a browser's parser does.
            title = detached(titleText.replace(/[\t\n\f\r ]+/g, ' ').trim().replaceAll('\0', '\uFFFD'));
            titleText = null;
          }
          break;
        case 'style':
          if (styleText !== null) addCssUrls(styleText, add);
          styleText = null;
          break;
        case 'form':
          openForm = null;
          break;
      }
    },
  });
  // end() also closes every element left open, so an unclosed <title> or <style> is still read.
  parser.end(html);
  return { references, baseHref, title, forms, hasWagtailUserbar, templateClass };
}

/**
 * Attributes as a browser's parser gives them, where htmlparser2 differs: NUL
 * in a value becomes U+FFFD; in SVG and MathML, xlink:href (SVG 1.1's link,
 * still common in inline SVG) is an href, used when there is no plain href.
 */
function browserAttributes(parsed: Record<string, string>, hasNul: boolean, inForeignContent: boolean): Attributes {
  let attribs = parsed;
  if (hasNul) {
    attribs = {};
    for (const [name, value] of Object.entries(parsed)) attribs[name] = value.replaceAll('\0', '\uFFFD');
  }
  const xlinkHref = attribs['xlink:href'];
  if (inForeignContent && xlinkHref !== undefined && attribs.href === undefined) attribs = { ...attribs, href: xlinkHref };
  return attribs;
}

/** Resolves, drops the unfetchable and the unsafe, dedupes keeping the first way a URL was met, and caps. */
function resolveReferences(found: readonly RawReference[], base: string, maxReferences: number, cache: ResolutionCache | undefined) {
  const unique = new Map<string, ExtractedReference>();
  let outgoing = 0;
  let truncated = false;
  let unsafeLinksSkipped = 0;
  const baseOrigin = cache === undefined ? '' : originOf(base);
  for (const { raw, via, rel } of found) {
    const url = cache === undefined ? normaliseUrl(raw, base) : cache.resolve(raw, base, baseOrigin);
    if (url === null) continue;
    // Only links: what a browser fetches by itself (images, scripts) a visitor's browser fetches too.
    if (via === 'a' && isStateChangingUrl(url)) {
      unsafeLinksSkipped++;
      continue;
    }
    outgoing++;
    if (unique.has(url)) continue;
    if (unique.size >= maxReferences) {
      truncated = true;
      continue;
    }
    unique.set(url, rel === undefined ? { url, via } : { url, via, rel });
  }
  return { references: [...unique.values()], outgoing, truncated, unsafeLinksSkipped };
}


// The few facts about a page the probes read, taken during extract.ts's
// streaming pass: its forms (action, method, input names), Wagtail's user bar,
// and whether the body may be Django's DEBUG page (checked cheaply first).

import type { FormFacts } from './model.js';
import { HTML_WHITESPACE, type Attributes } from './element-references.js';
import { normaliseUrl } from './urls.js';
import { detached } from './detached.js';

/** A form as the streaming pass meets it, before its facts are resolved. */
export interface ScannedForm {
  readonly action: string;
  readonly method: string;
  readonly inputNames: Set<string>;
}

const FORM_METHODS = new Set(['GET', 'POST', 'DIALOG']);

export function formFacts(form: ScannedForm, pageUrl: string, base: string): FormFacts {
  const rawAction = form.action.trim();
  // An empty action submits to the document's own URL, not the base URL (HTML form submission).
  const action = rawAction === '' ? pageUrl : (normaliseUrl(rawAction, base) ?? detached(rawAction));
  const method = form.method.trim().toUpperCase();
  // Kept in the model: copies, not slices of the page (detached.ts).
  return { action, method: FORM_METHODS.has(method) ? detached(method) : 'GET', inputNames: [...form.inputNames].map(detached) };
}

/**
 * Wagtail's user bar, shown to logged-in editors on the live site:
 * 4.2 to 8.0 render `<template id="wagtail-userbar-template">` and a
 * `<wagtail-userbar>` custom element; 2.x to 4.1 rendered
 * `<div class="wagtail-userbar" data-wagtail-userbar>` in a
 * `.wagtail-userbar-reset` wrapper. Seen by an anonymous crawler, it usually means a
 * shared cache is serving an editor's copy of the page to everyone.
 */
export function isWagtailUserbar(name: string, attribs: Attributes): boolean {
  return (
    name === 'wagtail-userbar' ||
    attribs.id === 'wagtail-userbar' ||
    (name === 'template' && attribs.id === 'wagtail-userbar-template') ||
    attribs['data-wagtail-userbar'] !== undefined ||
    hasClass(attribs.class, 'wagtail-userbar')
  );
}

/**
 * Wagtail's page type as its templates name it: the `template-<model>` class
 * Wagtail's project template (and most projects) put on <body>
 * (`template-{{ page.get_verbose_name|slugify }}`). The first such token; null when none.
 */
export function templateClassOf(classAttribute: string | undefined): string | null {
  if (classAttribute === undefined || !classAttribute.includes('template-')) return null;
  return classAttribute.split(HTML_WHITESPACE).find((token) => token.startsWith('template-') && token.length > 'template-'.length) ?? null;
}

function hasClass(classAttribute: string | undefined, name: string): boolean {
  // The substring test first: most class lists are not split at all.
  return classAttribute !== undefined && classAttribute.includes(name) && classAttribute.split(HTML_WHITESPACE).includes(name);
}

/**
 * A cheap necessary condition for isDjangoDebugPage (src/wagtail/django-pages.ts), so
 * its five regexes run on few pages: its decisive marker contains
 * "DEBUG = True" (in any case), and any two of its four other markers include
 * one of these three phrases.
 */
export function mayBeDjangoDebugPage(html: string): boolean {
  return (
    html.includes('Using the URLconf defined in') ||
    html.includes('Exception Value:') ||
    html.includes('<title>Page not found at ') ||
    /DEBUG = True/i.test(html)
  );
}

// Whether an anonymous 2xx is the document's file itself. A CDN's custom error
// page or a single-page app's fallback answers 200 with HTML wherever the store
// refused or had nothing; a PDF's URL that answers HTML is not the PDF leaking.

import type { FetchResponse } from '../../src/probe-kit/index.js';
import { sniffBody } from '../../src/signals/body-sniff.js';
import { decodeUrlComponent } from '../../src/signals/url-decoding.js';

/** File names whose bytes are HTML themselves (Wagtail stores them like any document). */
const HTML_NAMES = /\.(?:html?|xhtml|svg)$/i;

export function isFileAnswer(result: FetchResponse, filename: string): boolean {
  if (result.status < 200 || result.status >= 300) return false;
  return sniffBody(result.body.prefixBase64).type !== 'html' || HTML_NAMES.test(decodeUrlComponent(filename));
}

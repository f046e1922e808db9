// The only non-GET requests wagtail-probe ever sends: the monitor session's
// login POST and logout POST, both HTML forms to the target's exact origin.
// The run's HTTP client (src/http/client.ts) sends GET and HEAD only, by type;
// these two go through an undici Agent built the same way (src/http/agent.ts:
// TLS, CA, deadlines), with the same User-Agent and the user's headers, no
// redirect followed, no retry (a form POST is not repeated), the body discarded.

import type { HttpOptions } from '../engine/options.js';
import { createAgent } from '../http/agent.js';
import { exactOrigin, lowerCaseNames, normaliseResponseHeaders, type RawResponseHeaders } from '../http/headers.js';
import { request } from '../http/undici.js';
import type { HeaderMap } from '../http/types.js';

export interface FormAnswer {
  readonly ok: true;
  readonly url: string;
  readonly status: number;
  readonly headers: HeaderMap;
  readonly setCookies: readonly string[];
  /** Location resolved against the URL, or null. */
  readonly location: string | null;
}

export interface FormFailure {
  readonly ok: false;
  readonly url: string;
  readonly error: string;
}

export type FormResult = FormAnswer | FormFailure;

export interface FormPoster {
  /** POSTs `fields` as application/x-www-form-urlencoded; never throws. */
  post(url: string, fields: Readonly<Record<string, string>>, headers: Readonly<Record<string, string>>): Promise<FormResult>;
  close(): Promise<void>;
}

export function createFormPoster(http: HttpOptions): FormPoster {
  const agent = createAgent(http);
  const siteOrigin = exactOrigin(http.siteOrigin);
  return {
    async post(url, fields, headers) {
      if (siteOrigin === null || new URL(url).origin !== siteOrigin) {
        // Credentials go to the target's exact origin only: a form posting elsewhere is refused before anything is sent.
        return { ok: false, url, error: `not the target's origin (${siteOrigin ?? 'unknown'}): nothing was sent` };
      }
      try {
        const target = new URL(url);
        const response = await request(agent, {
          origin: target.origin,
          path: target.pathname + target.search,
          method: 'POST',
          headers: {
            'user-agent': http.userAgent,
            accept: 'text/html,*/*',
            'accept-encoding': 'identity',
            ...lowerCaseNames(http.headers),
            ...lowerCaseNames(headers),
            'content-type': 'application/x-www-form-urlencoded',
          },
          body: new URLSearchParams(fields).toString(),
          headersTimeout: http.timeoutMs,
          bodyTimeout: http.timeoutMs,
          signal: AbortSignal.timeout(http.timeoutMs),
        });
        await response.body.dump();
        const { headers: received, setCookies } = normaliseResponseHeaders(response.headers as RawResponseHeaders);
        const location = received['location'] === undefined ? null : new URL(received['location'], url).href;
        return { ok: true, url, status: response.statusCode, headers: received, setCookies, location };
      } catch (error) {
        const code = (error as { code?: string }).code;
        return { ok: false, url, error: `${code ?? 'ERR_NETWORK'}: ${error instanceof Error ? error.message : String(error)}` };
      }
    },
    async close() {
      await agent.destroy();
    },
  };
}

// 500s: the usual face of a missing manifest entry. ManifestStaticFilesStorage
// raises for a name it cannot find, so every template that uses {% static %}
// fails, the admin login and the 404 page included.

import { evidenceFrom, type FetchResponse, type FetchResult } from '../../src/probe-kit/index.js';
import { sniffBody } from '../../src/signals/body-sniff.js';
import { djangoDebugMarkers, exceptionValue } from '../../src/wagtail/django-pages.js';
import type { Report } from './messages.js';

export function isServerError(result: FetchResult): result is FetchResponse {
  return result.ok && result.status >= 500;
}

/** Reports a 5xx with what its body says, when it says anything. */
export function judgeServerError(result: FetchResult, what: string, report: Report): void {
  if (!isServerError(result)) return;
  const text = result.text ?? '';
  const cause = serverErrorCause(result.status, text);
  const describe = sniffBody(result.body.prefixBase64).describe;
  const markers = djangoDebugMarkers(text);
  const note = markers.length > 0 ? `body is Django's technical error page (${markers.join(', ')})` : 'body read in full to find the exception';
  report('serverError', { what, url: result.url, status: result.status, cause }, [evidenceFrom(result, ['content-type', 'server'], { bodyPrefix: describe, note })], { url: result.url });
}

/**
 * What a 5xx most likely means. Django's technical 500 page (DEBUG on) names
 * the exception in `<pre class="exception_value">`; the production 500 page says
 * nothing, and a 500 on both the admin login and a path that should be a 404 is
 * almost always ManifestStaticFilesStorage raising for a missing entry.
 */
export function serverErrorCause(status: number, text: string): string {
  const exception = exceptionValue(text);
  if (exception !== null && /Missing staticfiles manifest entry/i.test(exception)) {
    return `Django says "${exception}": collectstatic did not run, or did not finish, for the code now deployed`;
  }
  if (exception !== null) return `Django's error page says "${exception}"`;
  if (status === 500) {
    return 'the error page does not say why (DEBUG is off); a 500 on the admin login or on a missing page is most often a missing staticfiles manifest entry: run collectstatic for the code now deployed';
  }
  if (status === 502 || status === 503 || status === 504) return 'the proxy in front got no answer from the application (gunicorn or uwsgi down, crashing at start, or too slow)';
  return 'a server error';
}

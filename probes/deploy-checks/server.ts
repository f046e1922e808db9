// The server that answers, from the page that stands for the site: Django's
// development server in production, and versions in Server or X-Powered-By.

import { evidenceFrom, type AnsweredPage } from '../../src/probe-kit/index.js';
import type { Report } from './messages.js';

/** `runserver` names itself `WSGIServer/0.2 CPython/3.x`. */
export function judgeRunserver(start: AnsweredPage, report: Report): void {
  const server = start.response.headers['server'];
  if (server !== undefined && /wsgiserver/i.test(server)) {
    report('runserver', { server, url: start.url }, [evidenceFrom(start.response, ['server'])], { url: start.url });
  }
}

export function judgeVersionDisclosure(start: AnsweredPage, report: Report): void {
  for (const header of ['server', 'x-powered-by'] as const) {
    const value = start.response.headers[header];
    if (value !== undefined && /\d/.test(value)) report('versionDisclosed', { header, value }, [evidenceFrom(start.response, [header])], { url: start.url });
  }
}

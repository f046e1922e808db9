// security.W004: Strict-Transport-Security on the page that stands for the
// site, for at least a year; its includeSubDomains (W005) and preload (W021) as facts.

import { evidenceFrom, type AnsweredPage } from '../../src/probe-kit/index.js';
import { parseHsts } from '../../src/signals/hsts.js';
import type { Report } from './messages.js';

/** A year, what Django's docs and the HSTS preload list ask for. */
const HSTS_MIN_SECONDS = 31_536_000;

export function judgeHsts(start: AnsweredPage, report: Report): void {
  const hsts = start.response.headers['strict-transport-security'];
  if (hsts === undefined) {
    report('hstsMissing', { url: start.url }, [evidenceFrom(start.response, [])], { url: start.url });
    return;
  }
  const facts = parseHsts(hsts);
  if (facts.maxAge === null || facts.maxAge < HSTS_MIN_SECONDS) {
    report('hstsShort', { url: start.url, maxAge: facts.maxAge ?? 'unparsable' }, [evidenceFrom(start.response, ['strict-transport-security'])], { url: start.url });
  }
  report('hstsFacts', { url: start.url, includeSubDomains: facts.includeSubDomains ? 'yes' : 'no', preload: facts.preload ? 'yes' : 'no' }, [evidenceFrom(start.response, ['strict-transport-security'])], { url: start.url });
}

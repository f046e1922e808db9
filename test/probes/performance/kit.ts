// What the performance rule tables share: a reporter that records, public
// pages as the crawl records them, and a rule run alone as a probe with its
// own request cap (a request past it crashes the run, failing the test).

import { defineProbe, type AnsweredPage, type Evidence, type ReportOptions, type SiteModel } from '../../../src/probe-kit/index.js';
import { MESSAGES, type Ctx, type MessageId, type Report } from '../../../probes/performance/messages.js';
import { page, response, SITE, type ResponseSpec } from '../../helpers/site-kit.js';

export interface Reported {
  readonly id: MessageId;
  readonly data: Readonly<Record<string, string | number>>;
  readonly evidence: readonly Evidence[];
  readonly options: ReportOptions;
}

export function recorder(): { report: Report; reported: Reported[]; ids: () => string[] } {
  const reported: Reported[] = [];
  const report: Report = (id, data, evidence, options = {}) => {
    reported.push({ id, data, evidence, options });
  };
  return { report, reported, ids: () => reported.map((r) => `${r.options.inconclusive ? '?' : ''}${r.id}`) };
}

/** A public HTML page at path, answered 200 unless said otherwise. */
export function htmlPage(path: string, spec: Partial<ResponseSpec> = {}, facts: Parameters<typeof page>[1] = {}): AnsweredPage {
  const url = new URL(path, SITE).href;
  return page(response({ url, ...spec, headers: { 'content-type': 'text/html; charset=utf-8', ...spec.headers } }), facts) as AnsweredPage;
}

/** One rule alone as a probe, with the rule's own cap as the budget. */
export function ruleProbe(maxRequests: number, run: (site: SiteModel, ctx: Ctx) => Promise<void>) {
  return defineProbe<MessageId>({ meta: { id: 'performance', title: 'rule', docs: '', maxRequests, messages: MESSAGES }, run });
}

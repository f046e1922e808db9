// What the reporters know about probes without importing them: titles, docs
// and message texts, keyed by probe id. The run builds it from the probes'
// meta and passes it in (SARIF turns it into rules).

import type { MessageSpec, ProbeMeta } from '../engine/probe.js';

export interface ProbeCatalogEntry {
  readonly title: string;
  /** One paragraph of markdown: why it matters and how to fix it. */
  readonly docs: string;
  readonly messages: Readonly<Record<string, MessageSpec>>;
}

export type ProbeCatalog = Readonly<Record<string, ProbeCatalogEntry>>;

export function catalogFromMetas(metas: readonly ProbeMeta<string>[]): ProbeCatalog {
  return Object.fromEntries(metas.map((meta) => [meta.id, { title: meta.title, docs: meta.docs, messages: meta.messages }]));
}

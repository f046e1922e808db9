// Where in the config file the target is named: GitHub code scanning shows
// an alert only on a file of the checkout, so SARIF results point at the line
// that says which site was probed (src/report/sarif.ts).

import { relative, sep } from 'node:path';
import { findNodeAtLocation, parseTree } from 'jsonc-parser';
import type { SarifLocation } from '../report/sarif.js';

/** 1-based line and columns of an offset range that stays on one line. */
function region(text: string, offset: number, length: number): Pick<SarifLocation, 'startLine' | 'startColumn' | 'endColumn'> {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  const startLine = text.slice(0, lineStart).split('\n').length;
  const startColumn = offset - lineStart + 1;
  const lineEnd = text.indexOf('\n', offset);
  const end = Math.min(offset + length, lineEnd === -1 ? text.length : lineEnd);
  return { startLine, startColumn, endColumn: startColumn + Math.max(1, end - offset) };
}

/**
 * The config file as a SARIF location: its path relative to `cwd` (the
 * checkout's root in CI) and the `"target": …` property, or line 1 when the
 * file does not name the target. Null for a file outside `cwd`, which no
 * repository holds.
 */
export function configFileLocation(path: string, text: string, cwd: string = process.cwd()): SarifLocation | null {
  const relativePath = relative(cwd, path);
  if (relativePath === '' || relativePath.startsWith('..') || relativePath.startsWith(sep)) return null;
  const uri = relativePath.split(sep).join('/');
  const tree = parseTree(text, [], { allowTrailingComma: true });
  // The property node spans `"target": "https://…"`; the value's parent is that property.
  const property = tree === undefined ? undefined : findNodeAtLocation(tree, ['target'])?.parent;
  if (property === undefined) return { uri, startLine: 1 };
  return { uri, ...region(text, property.offset, property.length) };
}

/** `--sarif-location FILE[:LINE]`: where results are located when no config file says. */
export function parseSarifLocation(value: string): SarifLocation | null {
  const colon = value.lastIndexOf(':');
  const hasLine = colon !== -1 && /^\d+$/.test(value.slice(colon + 1));
  const uri = hasLine ? value.slice(0, colon) : value;
  const line = hasLine ? Number(value.slice(colon + 1)) : 1;
  return uri !== '' && line >= 1 ? { uri, startLine: line } : null;
}

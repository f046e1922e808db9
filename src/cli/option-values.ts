// Values of command-line options: each parser turns one argument into its
// typed value or a one-line error commander prints with the option's name.

import { InvalidArgumentError } from '@commander-js/extra-typings';
import { parseSarifLocation } from '../config/config-location.js';
import { repositoryUri, type SarifLocation } from '../report/sarif.js';

export function positiveNumber(label: string, integer: boolean) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isFinite(n) || n < 0 || (integer && !Number.isInteger(n))) {
      throw new InvalidArgumentError(`${label} must be a ${integer ? 'whole ' : ''}number of 0 or more, got ${JSON.stringify(value)}`);
    }
    return n;
  };
}

export function header(value: string, previous: Record<string, string> = {}): Record<string, string> {
  const colon = value.indexOf(':');
  if (colon < 1) throw new InvalidArgumentError(`expected "Name: value", got ${JSON.stringify(value)}`);
  return { ...previous, [value.slice(0, colon).trim()]: value.slice(colon + 1).trim() };
}

export function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

/** Repeatable, and comma-separated: `--probe a,b --probe c`. */
export function collectIds(value: string, previous: string[] = []): string[] {
  return [...previous, ...value.split(',').map((id) => id.trim()).filter(Boolean)];
}

/** `--sarif-location FILE[:LINE]`, a path inside the repository. */
export function sarifLocation(value: string): SarifLocation {
  const location = parseSarifLocation(value);
  if (location === null || repositoryUri(location.uri) === null) {
    throw new InvalidArgumentError(`expected a path inside the repository, optionally with :LINE (e.g. sites/www.json:3), got ${JSON.stringify(value)}`);
  }
  return location;
}

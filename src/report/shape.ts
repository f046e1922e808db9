// Checks that a value read from JSON has the shape a type promises, failing
// with the path of the first thing that is wrong ("probes[1].findings[0].severity").

export class ShapeError extends Error {
  readonly path: string;
  constructor(path: string, problem: string) {
    super(`${path}: ${problem}`);
    this.name = 'ShapeError';
    this.path = path;
  }
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  if (typeof value === 'object') return 'an object';
  return `${typeof value} ${String(value)}`;
}

export function expectObject(value: unknown, path: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new ShapeError(path, `expected an object, got ${describe(value)}`);
  }
  return value as Record<string, unknown>;
}

export function expectString(value: unknown, path: string): string {
  if (typeof value !== 'string') throw new ShapeError(path, `expected a string, got ${describe(value)}`);
  return value;
}

export function expectNumber(value: unknown, path: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) throw new ShapeError(path, `expected a number, got ${describe(value)}`);
  return value;
}

export function expectBoolean(value: unknown, path: string): boolean {
  if (typeof value !== 'boolean') throw new ShapeError(path, `expected true or false, got ${describe(value)}`);
  return value;
}

export function expectOneOf<T extends string | number>(value: unknown, path: string, allowed: readonly T[]): T {
  if (!allowed.includes(value as T)) {
    throw new ShapeError(path, `expected one of ${allowed.map((a) => JSON.stringify(a)).join(', ')}, got ${describe(value)}`);
  }
  return value as T;
}

export function expectArray(value: unknown, path: string, each: (item: unknown, path: string) => unknown): void {
  if (!Array.isArray(value)) throw new ShapeError(path, `expected an array, got ${describe(value)}`);
  value.forEach((item, index) => each(item, `${path}[${index}]`));
}

/** A map of strings to strings (headers). */
export function expectStringRecord(value: unknown, path: string): void {
  for (const [key, item] of Object.entries(expectObject(value, path))) expectString(item, `${path}.${key}`);
}

/** Checks a field only when present (absent and undefined are the same in JSON). */
export function optional(value: unknown, path: string, check: (value: unknown, path: string) => unknown): void {
  if (value !== undefined) check(value, path);
}

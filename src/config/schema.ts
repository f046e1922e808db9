// A tiny declarative validator for the config file: each key has a type, and
// an error names the key's path and what was expected. Unknown keys are errors
// (with a "did you mean" when one is close), because a misspelt option that is
// silently ignored is how a monitor ends up checking nothing.

export type FieldSpec =
  | { readonly type: 'string'; readonly oneOf?: readonly string[]; readonly doc: string }
  | { readonly type: 'nullable-string'; readonly doc: string }
  | { readonly type: 'boolean'; readonly doc: string }
  | { readonly type: 'number'; readonly min: number; readonly max: number; readonly integer?: boolean; readonly doc: string }
  | { readonly type: 'string-array'; readonly doc: string }
  | { readonly type: 'string-map'; readonly oneOf?: readonly string[]; readonly doc: string }
  | { readonly type: 'object'; readonly fields: Readonly<Record<string, FieldSpec>>; readonly doc: string }
  | { readonly type: 'object-array'; readonly fields: Readonly<Record<string, FieldSpec>>; readonly required: readonly string[]; readonly doc: string };

export class ConfigError extends Error {
  readonly code = 'ERR_CONFIG';
  override readonly name = 'ConfigError';
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return `the string ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)}`;
  return `${typeof value === 'object' ? 'an object' : `${typeof value} ${String(value)}`}`;
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i += 1) {
    let diagonal = row[0] as number;
    row[0] = i;
    for (let j = 1; j <= b.length; j += 1) {
      const above = row[j] as number;
      row[j] = Math.min(above + 1, (row[j - 1] as number) + 1, diagonal + (a[i - 1]?.toLowerCase() === b[j - 1]?.toLowerCase() ? 0 : 1));
      diagonal = above;
    }
  }
  return row[b.length] as number;
}

/** ` (did you mean "x"?)` when one known name is a few edits away, else ''. */
export function didYouMean(key: string, known: readonly string[]): string {
  const best = known.map((k) => ({ k, d: editDistance(key, k) })).sort((a, b) => a.d - b.d)[0];
  return best && best.d <= Math.max(2, Math.floor(key.length / 3)) ? ` (did you mean "${best.k}"?)` : '';
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Checks `value` against `fields`; throws a ConfigError naming the first bad key. */
export function validateObject(value: unknown, fields: Readonly<Record<string, FieldSpec>>, path: string): void {
  if (!isPlainObject(value)) throw new ConfigError(`${path || 'config'}: expected an object, got ${describe(value)}`);
  const known = Object.keys(fields);
  for (const [key, child] of Object.entries(value)) {
    const spec = fields[key];
    const childPath = path ? `${path}.${key}` : key;
    if (!spec) throw new ConfigError(`${childPath}: unknown key${didYouMean(key, known)}; known keys here: ${known.join(', ')}`);
    validateField(child, spec, childPath);
  }
}

function validateField(value: unknown, spec: FieldSpec, path: string): void {
  const fail = (expected: string): never => {
    throw new ConfigError(`${path}: expected ${expected}, got ${describe(value)}`);
  };
  switch (spec.type) {
    case 'string':
      if (typeof value !== 'string') fail('a string');
      if (spec.oneOf && !spec.oneOf.includes(value as string)) fail(`one of ${spec.oneOf.join(', ')}`);
      return;
    case 'nullable-string':
      if (value !== null && typeof value !== 'string') fail('a string or null');
      return;
    case 'boolean':
      if (typeof value !== 'boolean') fail('true or false');
      return;
    case 'number':
      if (typeof value !== 'number' || !Number.isFinite(value)) fail('a number');
      if (spec.integer && !Number.isInteger(value)) fail('a whole number');
      if ((value as number) < spec.min || (value as number) > spec.max) fail(`a number from ${spec.min} to ${spec.max}`);
      return;
    case 'string-array':
      if (!Array.isArray(value) || value.some((v) => typeof v !== 'string')) fail('an array of strings');
      return;
    case 'string-map':
      if (!isPlainObject(value)) fail('an object of strings');
      for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
        if (typeof v !== 'string') throw new ConfigError(`${path}.${key}: expected a string, got ${describe(v)}`);
        if (spec.oneOf && !spec.oneOf.includes(v)) throw new ConfigError(`${path}.${key}: expected one of ${spec.oneOf.join(', ')}, got ${describe(v)}`);
      }
      return;
    case 'object':
      validateObject(value, spec.fields, path);
      return;
    case 'object-array':
      if (!Array.isArray(value)) fail('an array of objects');
      (value as unknown[]).forEach((item, index) => {
        validateObject(item, spec.fields, `${path}[${index}]`);
        for (const key of spec.required) {
          if ((item as Record<string, unknown>)[key] === undefined) throw new ConfigError(`${path}[${index}].${key}: required`);
        }
      });
      return;
  }
}

// A minimal YAML writer for TAP diagnostics: block mappings and sequences with
// every string double-quoted, so nothing a site sends can be read as YAML syntax.

export type YamlValue = string | number | boolean | null | readonly YamlValue[] | { readonly [key: string]: YamlValue | undefined };

/** JSON string syntax is valid YAML double-quoted syntax; also escape what YAML 1.1 reads as line breaks or a BOM. */
export function yamlString(text: string): string {
  return JSON.stringify(text).replace(/[\u007f-\u009f\u2028\u2029\ufeff]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

function yamlKey(key: string): string {
  return /^[A-Za-z_][A-Za-z0-9_-]*$/.test(key) ? key : yamlString(key);
}

function scalar(value: string | number | boolean | null): string {
  if (typeof value === 'string') return yamlString(value);
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : Number.isNaN(value) ? '.nan' : value > 0 ? '.inf' : '-.inf';
  return String(value);
}

function isCollection(value: YamlValue): value is readonly YamlValue[] | { readonly [key: string]: YamlValue | undefined } {
  return typeof value === 'object' && value !== null;
}

function isEmpty(value: readonly YamlValue[] | { readonly [key: string]: YamlValue | undefined }): boolean {
  return Array.isArray(value) ? value.length === 0 : Object.values(value).every((v) => v === undefined);
}

/** Lines of a value at indent 0; callers indent nested blocks. Undefined mapping values are left out. */
export function yamlLines(value: YamlValue): string[] {
  if (!isCollection(value)) return [scalar(value)];
  if (isEmpty(value)) return [Array.isArray(value) ? '[]' : '{}'];
  if (Array.isArray(value)) {
    return (value as readonly YamlValue[]).flatMap((item) => yamlLines(item).map((line, i) => (i === 0 ? `- ${line}` : `  ${line}`)));
  }
  return Object.entries(value).flatMap(([key, item]) => {
    if (item === undefined) return [];
    if (!isCollection(item) || isEmpty(item)) return [`${yamlKey(key)}: ${yamlLines(item)[0]}`];
    return [`${yamlKey(key)}:`, ...yamlLines(item).map((line) => `  ${line}`)];
  });
}

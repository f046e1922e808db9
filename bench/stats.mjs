// Medians and spreads for repeated runs, and the text tables the runner prints.

export function median(values) {
  const sorted = values.filter((v) => typeof v === 'number' && Number.isFinite(v)).sort((a, b) => a - b);
  if (sorted.length === 0) return null;
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** { median, min, max } of the finite numbers among `values`; nulls when there are none. */
export function spread(values) {
  const finite = values.filter((v) => typeof v === 'number' && Number.isFinite(v));
  if (finite.length === 0) return { median: null, min: null, max: null };
  return { median: median(finite), min: Math.min(...finite), max: Math.max(...finite) };
}

export function formatNumber(value, digits = 1) {
  if (value === null || value === undefined) return '-';
  if (Math.abs(value) >= 100) return Math.round(value).toLocaleString('en-US');
  return value.toFixed(digits);
}

/** "4.2 (3.9-4.6)": median and range. */
export function formatSpread({ median: mid, min, max }, digits = 1) {
  if (mid === null) return '-';
  if (min === max) return formatNumber(mid, digits);
  return `${formatNumber(mid, digits)} (${formatNumber(min, digits)}-${formatNumber(max, digits)})`;
}

/** A plain text table: first row is the header; columns padded to their widest cell. */
export function table(rows) {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => String(r[c]).length)));
  const line = (r) => r.map((cell, c) => (c === 0 ? String(cell).padEnd(widths[c]) : String(cell).padStart(widths[c]))).join('  ');
  return [line(rows[0]), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.slice(1).map(line)].join('\n');
}

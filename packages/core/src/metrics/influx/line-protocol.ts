/** Precision is the unit of line-protocol timestamps. */
export type Precision = 'ns' | 'us' | 'ms' | 's';

/** Point is one line-protocol point. Fields are floats; non-finite fields are left out. */
export interface Point {
  /** measurement name. */
  measurement: string;
  /** tags as [key, value] pairs; empty keys or values are left out (the protocol forbids them). */
  tags: ReadonlyArray<readonly [string, string]>;
  /** fields as [key, value] pairs. */
  fields: ReadonlyArray<readonly [string, number]>;
  /** timeMs is the timestamp in milliseconds since the epoch. */
  timeMs: number;
}

/** escapeMeasurement escapes commas and spaces (and flattens line breaks) in a measurement. */
export function escapeMeasurement(s: string): string {
  return s.replace(/\r?\n|\r/g, ' ').replace(/[, ]/g, (c) => `\\${c}`);
}

/** escapeKey escapes commas, equals signs and spaces in a tag key, tag value or field key. */
export function escapeKey(s: string): string {
  return s.replace(/\r?\n|\r/g, ' ').replace(/[,= ]/g, (c) => `\\${c}`);
}

/**
 * formatTimestamp renders timeMs in precision units as an integer string (nanoseconds without
 * losing digits to floating point).
 */
export function formatTimestamp(timeMs: number, precision: Precision): string {
  const ms = Math.floor(timeMs);
  switch (precision) {
    case 's':
      return String(Math.floor(ms / 1000));
    case 'ms':
      return String(ms);
    case 'us':
      return `${ms}000`;
    case 'ns':
      return `${ms}000000`;
  }
}

/**
 * formatPoint renders one point as a line (newline included), tags sorted by key as InfluxDB
 * recommends, or '' when no field is finite (a point needs at least one field).
 */
export function formatPoint(p: Point, precision: Precision): string {
  let fields = '';
  for (const [k, v] of p.fields) {
    if (!Number.isFinite(v)) continue;
    fields += `${fields === '' ? '' : ','}${escapeKey(k)}=${v}`;
  }
  if (fields === '') return '';
  const tags = p.tags
    .filter(([k, v]) => k !== '' && v !== '')
    .slice()
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  let out = escapeMeasurement(p.measurement);
  for (const [k, v] of tags) out += `,${escapeKey(k)}=${escapeKey(v)}`;
  return `${out} ${fields} ${formatTimestamp(p.timeMs, precision)}\n`;
}

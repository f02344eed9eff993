/**
 * Serialisation of arbitrary values that never throws: circular references, throwing getters
 * or `toJSON`, `bigint` and nested errors become readable placeholders instead of exceptions.
 * Shared by both encoders; not exported from the entry point.
 */

/** circularPlaceholder replaces a reference back to an enclosing object. */
export const circularPlaceholder = '[Circular]';

const maxDepth = 64;

/** describeError returns the text of a thrown value, for placeholders. */
export function describeError(err: unknown): string {
  try {
    if (err instanceof Error) return String(err.message);
    return String(err);
  } catch {
    return 'unknown error';
  }
}

/** throwsPlaceholder names a value whose reading threw. */
export function throwsPlaceholder(err: unknown): string {
  return `[Throws: ${describeError(err)}]`;
}

function replacer(_key: string, value: unknown): unknown {
  if (typeof value === 'bigint') return value.toString();
  if (value instanceof Error) return value.message;
  return value;
}

/**
 * safeJSON returns the JSON text of v. Errors become their message, `bigint` a string of
 * digits, objects with `toJSON` are honoured; cycles and throwing accessors become placeholders.
 * Values JSON cannot represent at top level (functions, symbols, undefined) become `null`.
 */
export function safeJSON(v: unknown): string {
  try {
    return JSON.stringify(v, replacer) ?? 'null';
  } catch {
    try {
      return JSON.stringify(plain(v, '', [], 0)) ?? 'null';
    } catch (err) {
      return JSON.stringify(`[Unserializable: ${describeError(err)}]`);
    }
  }
}

/** plain copies v into a tree of JSON-safe values, replacing what would throw. */
function plain(v: unknown, key: string, ancestors: object[], depth: number): unknown {
  if (typeof v === 'bigint') return v.toString();
  if (typeof v !== 'object' || v === null) return v;
  if (ancestors.includes(v)) return circularPlaceholder;
  if (depth >= maxDepth) return '[Too deep]';
  let value: unknown = v;
  const toJSON = (v as { toJSON?: unknown }).toJSON;
  if (typeof toJSON === 'function') {
    try {
      value = toJSON.call(v, key);
    } catch (err) {
      return throwsPlaceholder(err);
    }
    if (typeof value !== 'object' || value === null) return plain(value, key, ancestors, depth);
    if (ancestors.includes(value)) return circularPlaceholder;
  }
  if (value instanceof Error) return String(value.message);
  ancestors.push(v);
  try {
    if (Array.isArray(value)) {
      const out: unknown[] = [];
      for (let i = 0; i < value.length; i++) {
        out.push(read(value, i, ancestors, depth));
      }
      return out;
    }
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(value as object)) out[k] = read(value, k, ancestors, depth);
    return out;
  } finally {
    ancestors.pop();
  }
}

function read(obj: unknown, k: string | number, ancestors: object[], depth: number): unknown {
  let child: unknown;
  try {
    child = (obj as Record<string | number, unknown>)[k];
  } catch (err) {
    return throwsPlaceholder(err);
  }
  return plain(child, String(k), ancestors, depth + 1);
}

/**
 * textOf returns the text form of any value, as logfmt values and non-string keys show it:
 * strings as they are, errors as their message, objects with `toJSON` through it (a `Date` is
 * its ISO string), objects with their own `toString` through that, other objects as JSON.
 */
export function textOf(v: unknown): string {
  switch (typeof v) {
    case 'string':
      return v;
    case 'number':
    case 'boolean':
    case 'bigint':
      return String(v);
    case 'undefined':
      return 'null';
    case 'symbol':
      return v.toString();
    case 'function':
      return `[Function ${v.name || 'anonymous'}]`;
    default:
      if (v === null) return 'null';
      return objectText(v as object);
  }
}

function objectText(v: object): string {
  try {
    const toJSON = (v as { toJSON?: unknown }).toJSON;
    if (typeof toJSON === 'function') {
      const j: unknown = toJSON.call(v, '');
      if (typeof j === 'string') return j;
      return safeJSON(j);
    }
    if (v instanceof Error) return String(v.message);
    const toString = (v as { toString?: unknown }).toString;
    if (
      typeof toString === 'function' &&
      toString !== Object.prototype.toString &&
      !Array.isArray(v)
    ) {
      return String(toString.call(v));
    }
    return safeJSON(v);
  } catch (err) {
    return throwsPlaceholder(err);
  }
}

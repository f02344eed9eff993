/**
 * JSON as Go kit's addsvc reads it over HTTP (Go's `json.NewDecoder(body).Decode(&req)` into
 * `struct{ A, B int }` or `struct{ A, B string }`), with integers exact to 64 bits: the first
 * JSON value of the body is parsed (anything after it is ignored, as Go's decoder does), keys
 * match `A`/`B` case-insensitively (the last match wins), unknown keys are ignored, `null` or a
 * missing key leaves the zero value. Numbers are kept as their text, so `2^60` is not rounded
 * to a double. Errors read as Go's (`EOF`, `json: cannot unmarshal string into Go struct field
 * SumRequest.A of type int`); nesting deeper than {@link maxDepth} is refused.
 */

/** JSONNumber is a number as it was written, so that integers beyond 2^53 stay exact. */
export class JSONNumber {
  constructor(readonly text: string) {}
}

/** JSONValue is a parsed JSON value with numbers as {@link JSONNumber}. */
export type JSONValue =
  | null
  | boolean
  | string
  | JSONNumber
  | readonly JSONValue[]
  | { readonly [key: string]: JSONValue };

/** JSONSyntaxError is a body that is not JSON, or that ends before its first value does. */
export class JSONSyntaxError extends Error {
  override readonly name = 'JSONSyntaxError';
}

/** maxDepth bounds the nesting of arrays and objects (Go's decoder allows 10000). */
export const maxDepth = 1000;

const hexDigit = /^[0-9a-fA-F]$/;
/** escapes are the characters after a backslash that JSON allows, besides `u`. */
const escapes = new Set([...'"\\/bfnrt'].map((c) => c.charCodeAt(0)));
const numberPattern = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const loneSurrogate = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/**
 * parseFirst parses the first JSON value of text and ignores the rest, as Go's
 * `json.Decoder.Decode`. An empty body (or only white space) is `EOF`, a value cut short is
 * `unexpected EOF`.
 */
export function parseFirst(text: string): JSONValue {
  let i = 0;
  const n = text.length;
  const ws = (): void => {
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c !== 32 && c !== 9 && c !== 10 && c !== 13) break;
      i++;
    }
  };
  const fail = (what: string): never => {
    if (i >= n) throw new JSONSyntaxError('unexpected EOF');
    throw new JSONSyntaxError(`invalid character ${quoteChar(text, i)} ${what}`);
  };
  const literal = (word: string, value: JSONValue): JSONValue => {
    if (text.startsWith(word, i)) {
      i += word.length;
      return value;
    }
    for (let k = 0; k < word.length; k++, i++) {
      if (text.charCodeAt(i) !== word.charCodeAt(k)) fail(`in literal ${word}`);
    }
    return fail(`in literal ${word}`);
  };
  const string = (): string => {
    const start = i; // at the opening quote
    i++;
    let escaped = false;
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c === 34) break;
      if (c === 92) {
        escaped = true;
        i++;
        const e = text.charCodeAt(i);
        if (e === 117 /* u */) {
          for (let k = 0; k < 4; k++) {
            i++;
            if (!hexDigit.test(text.charAt(i))) fail('in \\u hexadecimal character escape');
          }
        } else if (!escapes.has(e)) fail('in string escape code');
        i++;
        continue;
      }
      if (c < 32) fail('in string literal');
      i++;
    }
    if (i >= n) fail('in string literal');
    i++;
    const raw = text.slice(start, i);
    // Escapes were checked above: JSON.parse cannot fail here.
    const value = escaped ? (JSON.parse(raw) as string) : raw.slice(1, -1);
    // Go's decoder turns unpaired surrogates into U+FFFD.
    return value.replace(loneSurrogate, '\ufffd');
  };
  const value = (depth: number): JSONValue => {
    ws();
    if (i >= n) return fail('');
    const c = text.charCodeAt(i);
    if (c === 34) return string();
    if (c === 123 || c === 91) {
      if (depth >= maxDepth) throw new JSONSyntaxError(`exceeded max depth of ${maxDepth}`);
      return c === 123 ? object(depth + 1) : array(depth + 1);
    }
    if (c === 116) return literal('true', true);
    if (c === 102) return literal('false', false);
    if (c === 110) return literal('null', null);
    numberPattern.lastIndex = i;
    const m = numberPattern.exec(text);
    if (m === null) return fail('looking for beginning of value');
    i += m[0].length;
    return new JSONNumber(m[0]);
  };
  const object = (depth: number): JSONValue => {
    i++;
    const out: Record<string, JSONValue> = Object.create(null) as Record<string, JSONValue>;
    ws();
    if (text.charCodeAt(i) === 125) {
      i++;
      return out;
    }
    for (;;) {
      ws();
      if (text.charCodeAt(i) !== 34) fail('looking for beginning of object key string');
      const key = string();
      ws();
      if (text.charCodeAt(i) !== 58) fail('after object key');
      i++;
      out[key] = value(depth);
      ws();
      const c = text.charCodeAt(i);
      i++;
      if (c === 125) return out;
      if (c !== 44) {
        i--;
        fail('after object key:value pair');
      }
    }
  };
  const array = (depth: number): JSONValue => {
    i++;
    const out: JSONValue[] = [];
    ws();
    if (text.charCodeAt(i) === 93) {
      i++;
      return out;
    }
    for (;;) {
      out.push(value(depth));
      ws();
      const c = text.charCodeAt(i);
      i++;
      if (c === 93) return out;
      if (c !== 44) {
        i--;
        fail('after array element');
      }
    }
  };
  ws();
  if (i >= n) throw new JSONSyntaxError('EOF');
  return value(0);
}

function quoteChar(text: string, i: number): string {
  const c = text.codePointAt(i) ?? 0;
  if (c === 39) return "'\\''";
  if (c < 32 || c === 127) return `'\\x${c.toString(16).padStart(2, '0')}'`;
  return `'${String.fromCodePoint(c)}'`;
}

/** kindOf names a JSON value's type as Go's unmarshal errors do: `string`, `number`, `array`…. */
export function kindOf(v: JSONValue): string {
  if (v === null) return 'null';
  if (v instanceof JSONNumber) return 'number';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'boolean') return 'bool';
  return typeof v === 'object' ? 'object' : typeof v;
}

/** UnmarshalTypeError is a value that does not fit its Go field (Go's `*json.UnmarshalTypeError`). */
export class UnmarshalTypeError extends Error {
  override readonly name = 'UnmarshalTypeError';
}

const int64Max = 2n ** 63n - 1n;
const int64Min = -(2n ** 63n);
const integer = /^-?(?:0|[1-9]\d*)$/;

/**
 * fieldsOf reads fields `A` and `B` of a Go struct from a parsed body, as Go's decoder fills
 * `struct{ A, B T }`: the body must be an object (or `null`, which leaves both zero), keys
 * match case-insensitively, and `read` converts each non-null value or throws.
 */
export function fieldsOf<T>(
  body: JSONValue,
  struct: string,
  zero: T,
  read: (v: JSONValue, field: string) => T,
): { a: T; b: T } {
  const out = { a: zero, b: zero };
  if (body === null) return out;
  if (typeof body !== 'object' || Array.isArray(body) || body instanceof JSONNumber) {
    throw new UnmarshalTypeError(
      `json: cannot unmarshal ${kindOf(body)} into Go value of type addendpoint.${struct}`,
    );
  }
  for (const key in body) {
    if (key !== 'a' && key !== 'A' && key !== 'b' && key !== 'B') continue;
    const v = (body as Record<string, JSONValue>)[key] as JSONValue;
    if (v === null) continue;
    const field = key.toUpperCase();
    out[field === 'A' ? 'a' : 'b'] = read(v, `${struct}.${field}`);
  }
  return out;
}

/** readInt64 reads a Go `int` field: an integer literal within int64. */
export function readInt64(v: JSONValue, field: string): bigint {
  if (!(v instanceof JSONNumber)) {
    throw new UnmarshalTypeError(
      `json: cannot unmarshal ${kindOf(v)} into Go struct field ${field} of type int`,
    );
  }
  // 20 characters hold every int64 (19 digits and a sign): longer is out of range, unparsed.
  const n = v.text.length <= 20 && integer.test(v.text) ? BigInt(v.text) : undefined;
  if (n === undefined || n > int64Max || n < int64Min) {
    throw new UnmarshalTypeError(
      `json: cannot unmarshal number ${v.text} into Go struct field ${field} of type int`,
    );
  }
  return n;
}

/** readString reads a Go `string` field. */
export function readString(v: JSONValue, field: string): string {
  if (typeof v !== 'string') {
    throw new UnmarshalTypeError(
      `json: cannot unmarshal ${kindOf(v)} into Go struct field ${field} of type string`,
    );
  }
  return v;
}

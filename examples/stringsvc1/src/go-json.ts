/**
 * Go's `json.NewDecoder(r).Decode(&request)` for stringsvc's request, `struct{ S string
 * \`json:"s"\` }`, byte for byte as Go 1.19's encoding/json reads it:
 *
 * - only the first JSON value is read; whatever follows it is never looked at
 *   (`{"s":"x"}garbage` and `{"s":"one"} {"s":"two"}` are `"x"` and `"one"`);
 * - keys match the field case-insensitively with Unicode folding (`s`, `S`, `ſ`), and every
 *   match is stored in order, so the last one wins (`{"s":"a","S":"b","s":"c"}` is `"c"`);
 *   `null` leaves the value as it was; unknown keys are skipped (their values still checked);
 * - strings are unquoted as Go does: an invalid UTF-8 byte becomes one U+FFFD, an unpaired
 *   surrogate escape U+FFFD; a raw control character is a syntax error;
 * - nesting deeper than 10 000 is an error, as in Go's scanner.
 *
 * Failures throw {@link GoJSONError}, with a syntax or a type message.
 */
import { fromCodeUnits } from './go-text.js';

/** GoJSONError is a body Go's decoder refuses: a syntax error or a type mismatch. */
export class GoJSONError extends Error {
  override readonly name = 'GoJSONError';
}

const maxDepth = 10_000;

/** decodeGoStringRequest returns the `s` of a stringsvc request body, as Go decodes it. */
export function decodeGoStringRequest(b: Uint8Array): string {
  const p = { b, i: 0 };
  skipSpace(p);
  if (p.i >= b.length) throw new GoJSONError('malformed JSON body: body is empty');
  const c = b[p.i] as number;
  if (c === 0x7b /* { */) return readObject(p);
  if (c === 0x6e /* n */) {
    literal(p, 'null');
    return '';
  }
  const kind = kindOf(c);
  skipValue(p, 0);
  throw new GoJSONError(`cannot decode a JSON ${kind} into the request object`);
}

interface Cursor {
  readonly b: Uint8Array;
  i: number;
}

function readObject(p: Cursor): string {
  let s = '';
  let typeError: string | undefined;
  p.i++; // {
  skipSpace(p);
  if (peek(p) === 0x7d) return s;
  for (;;) {
    if (peek(p) !== 0x22) syntax(p, 'looking for beginning of object key string');
    const key = readString(p);
    skipSpace(p);
    if (peek(p) !== 0x3a) syntax(p, 'after object key');
    p.i++;
    skipSpace(p);
    const c = peek(p);
    if (key === 's' || key === 'S' || key === '\u017f') {
      if (c === 0x22) s = readString(p);
      else if (c === 0x6e) literal(p, 'null');
      else {
        typeError ??= `cannot decode a JSON ${kindOf(c)} into field s of type string`;
        skipValue(p, 1);
      }
    } else skipValue(p, 1);
    skipSpace(p);
    const next = peek(p);
    p.i++;
    if (next === 0x2c) {
      skipSpace(p);
      continue;
    }
    if (next === 0x7d) break;
    p.i--;
    syntax(p, 'after object key:value pair');
  }
  if (typeError !== undefined) throw new GoJSONError(typeError);
  return s;
}

/** skipValue checks and skips one value of any kind, iteratively, at nesting depth base. */
function skipValue(p: Cursor, base: number): void {
  const stack: number[] = []; // 0x7d for an object, 0x5d for an array
  for (;;) {
    // A value.
    skipSpace(p);
    const c = peek(p);
    if (c === 0x7b || c === 0x5b) {
      if (base + stack.length + 1 > maxDepth)
        throw new GoJSONError('malformed JSON body: exceeded max depth');
      p.i++;
      skipSpace(p);
      if (peek(p) === (c === 0x7b ? 0x7d : 0x5d)) p.i++;
      else {
        stack.push(c === 0x7b ? 0x7d : 0x5d);
        if (c === 0x7b) objectKey(p);
        continue;
      }
    } else if (c === 0x22) readString(p, true);
    else if (c === 0x74) literal(p, 'true');
    else if (c === 0x66) literal(p, 'false');
    else if (c === 0x6e) literal(p, 'null');
    else if (c === 0x2d || (c >= 0x30 && c <= 0x39)) number(p);
    else syntax(p, 'looking for beginning of value');
    // After a value: close containers, or a separator.
    for (;;) {
      if (stack.length === 0) return;
      skipSpace(p);
      const close = stack[stack.length - 1] as number;
      const d = peek(p);
      if (d === close) {
        p.i++;
        stack.pop();
        continue;
      }
      if (d !== 0x2c)
        syntax(p, close === 0x7d ? 'after object key:value pair' : 'after array element');
      p.i++;
      if (close === 0x7d) objectKey(p);
      break;
    }
  }
}

/** objectKey reads `"key" :` inside a skipped object. */
function objectKey(p: Cursor): void {
  skipSpace(p);
  if (peek(p) !== 0x22) syntax(p, 'looking for beginning of object key string');
  readString(p, true);
  skipSpace(p);
  if (peek(p) !== 0x3a) syntax(p, 'after object key');
  p.i++;
}

function number(p: Cursor): void {
  const b = p.b;
  let i = p.i;
  if (b[i] === 0x2d) i++;
  if (b[i] === 0x30) i++;
  else if (isDigit(b[i])) while (isDigit(b[i])) i++;
  else at(p, i, 'in numeric literal');
  if (b[i] === 0x2e) {
    i++;
    if (!isDigit(b[i])) at(p, i, 'after decimal point in numeric literal');
    while (isDigit(b[i])) i++;
  }
  if (b[i] === 0x65 || b[i] === 0x45) {
    i++;
    if (b[i] === 0x2b || b[i] === 0x2d) i++;
    if (!isDigit(b[i])) at(p, i, 'in exponent of numeric literal');
    while (isDigit(b[i])) i++;
  }
  p.i = i;
}

function literal(p: Cursor, word: string): void {
  for (let k = 0; k < word.length; k++)
    if (p.b[p.i + k] !== word.charCodeAt(k))
      at(p, p.i + k, `in literal ${word} (expecting '${word[k]}')`);
  p.i += word.length;
}

/**
 * readString reads the string at p (on its opening quote) as Go unquotes it; with skip, it
 * only checks it.
 */
function readString(p: Cursor, skip = false): string {
  const b = p.b;
  const start = ++p.i;
  let i = start;
  // Fast path: printable ASCII up to the closing quote.
  for (;;) {
    const c = b[i];
    if (c === undefined) at(p, i, 'in string literal');
    if (c === 0x22) {
      p.i = i + 1;
      if (skip) return '';
      return latin1(b, start, i);
    }
    if (c < 0x20 || c === 0x5c || c >= 0x80) break;
    i++;
  }
  // Valid UTF-8 without escapes (most text) is decoded natively: Go's result is the same.
  for (let j = i; ;) {
    const c = b[j];
    if (c === undefined || c < 0x20 || c === 0x5c) break;
    if (c === 0x22) {
      p.i = j + 1;
      return skip ? '' : utf8(b, start, j);
    }
    if (c < 0x80) j++;
    else {
      const size = runeSize(b, j, c);
      if (size === 1) break;
      j += size;
    }
  }
  // Go's unquote: escapes, UTF-8 validated rune by rune. A string has at most one code unit per byte.
  const units = skip ? undefined : new Uint16Array(endOfString(p, i) - start);
  let n = 0;
  if (units !== undefined) for (let k = start; k < i; k++) units[n++] = b[k] as number;
  for (;;) {
    const c = b[i];
    if (c === undefined) at(p, i, 'in string literal');
    if (c === 0x22) break;
    if (c < 0x20) at(p, i, 'in string literal');
    if (c === 0x5c) {
      const e = b[i + 1];
      let unit: number;
      if (e === 0x75) {
        const r = hex4(b, i + 2);
        if (r < 0) at(p, i + 2 + Math.max(0, -r - 1), 'in \\u hexadecimal character escape');
        i += 6;
        if (r >= 0xd800 && r <= 0xdfff) {
          const r2 = b[i] === 0x5c && b[i + 1] === 0x75 ? hex4(b, i + 2) : -1;
          if (r <= 0xdbff && r2 >= 0xdc00 && r2 <= 0xdfff) {
            i += 6;
            if (units !== undefined) {
              units[n++] = r;
              units[n++] = r2;
            }
          } else if (units !== undefined) units[n++] = 0xfffd;
          continue;
        }
        unit = r;
      } else {
        unit = escapes[e ?? 0] ?? at(p, i + 1, 'in string escape code');
        i += 2;
      }
      if (units !== undefined) units[n++] = unit;
      continue;
    }
    if (c < 0x80) {
      if (units !== undefined) units[n++] = c;
      i++;
      continue;
    }
    // utf8.DecodeRune: a valid sequence, or U+FFFD for one byte.
    const size = runeSize(b, i, c);
    if (size === 1) {
      if (units !== undefined) units[n++] = 0xfffd;
      i++;
      continue;
    }
    if (units !== undefined) {
      let cp: number;
      if (size === 2) cp = ((c & 0x1f) << 6) | ((b[i + 1] as number) & 0x3f);
      else if (size === 3)
        cp =
          ((c & 0x0f) << 12) | (((b[i + 1] as number) & 0x3f) << 6) | ((b[i + 2] as number) & 0x3f);
      else
        cp =
          ((c & 0x07) << 18) |
          (((b[i + 1] as number) & 0x3f) << 12) |
          (((b[i + 2] as number) & 0x3f) << 6) |
          ((b[i + 3] as number) & 0x3f);
      if (cp < 0x10000) units[n++] = cp;
      else {
        units[n++] = 0xd800 + ((cp - 0x10000) >> 10);
        units[n++] = 0xdc00 + ((cp - 0x10000) & 0x3ff);
      }
    }
    i += size;
  }
  p.i = i + 1;
  return units === undefined ? '' : fromCodeUnits(units, n);
}

/** endOfString is an upper bound of the string's end: the next unescaped quote, or the end. */
function endOfString(p: Cursor, from: number): number {
  const b = p.b;
  for (let i = from; i < b.length; i++) {
    const c = b[i];
    if (c === 0x5c) i++;
    else if (c === 0x22) return i;
  }
  return b.length;
}

/** runeSize is the length of the valid UTF-8 sequence at i, or 1 when it is not valid. */
function runeSize(b: Uint8Array, i: number, c: number): number {
  const c1 = b[i + 1] ?? 0;
  if (c >= 0xc2 && c <= 0xdf) return cont(c1) ? 2 : 1;
  const c2 = b[i + 2] ?? 0;
  if (c >= 0xe0 && c <= 0xef) {
    const lo = c === 0xe0 ? 0xa0 : 0x80;
    const hi = c === 0xed ? 0x9f : 0xbf;
    return c1 >= lo && c1 <= hi && cont(c2) ? 3 : 1;
  }
  if (c >= 0xf0 && c <= 0xf4) {
    const lo = c === 0xf0 ? 0x90 : 0x80;
    const hi = c === 0xf4 ? 0x8f : 0xbf;
    return c1 >= lo && c1 <= hi && cont(c2) && cont(b[i + 3] ?? 0) ? 4 : 1;
  }
  return 1;
}

const cont = (c: number): boolean => c >= 0x80 && c <= 0xbf;

/** hex4 is the value of 4 hex digits at i, or -(k+1) for the first bad digit at i+k. */
function hex4(b: Uint8Array, i: number): number {
  let v = 0;
  for (let k = 0; k < 4; k++) {
    const c = b[i + k] ?? 0;
    const d =
      c >= 0x30 && c <= 0x39
        ? c - 0x30
        : (c | 0x20) >= 0x61 && (c | 0x20) <= 0x66
          ? (c | 0x20) - 0x57
          : -1;
    if (d < 0) return -(k + 1);
    v = (v << 4) | d;
  }
  return v;
}

const escapes: Record<number, number> = {
  0x22: 0x22,
  0x5c: 0x5c,
  0x2f: 0x2f,
  0x62: 0x08,
  0x66: 0x0c,
  0x6e: 0x0a,
  0x72: 0x0d,
  0x74: 0x09,
};

const utf8Decoder = new TextDecoder('utf-8', { ignoreBOM: true });

function utf8(b: Uint8Array, from: number, to: number): string {
  if (typeof Buffer === 'function')
    return Buffer.from(b.buffer, b.byteOffset + from, to - from).toString('utf8');
  return utf8Decoder.decode(b.subarray(from, to));
}

function latin1(b: Uint8Array, from: number, to: number): string {
  if (to - from > 64 && typeof Buffer === 'function')
    return Buffer.from(b.buffer, b.byteOffset + from, to - from).toString('latin1');
  let s = '';
  for (let i = from; i < to; i++) s += String.fromCharCode(b[i] as number);
  return s;
}

function skipSpace(p: Cursor): void {
  const b = p.b;
  let i = p.i;
  for (;;) {
    const c = b[i];
    if (c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09) break;
    i++;
  }
  p.i = i;
}

const peek = (p: Cursor): number => p.b[p.i] ?? -1;
const isDigit = (c: number | undefined): boolean => c !== undefined && c >= 0x30 && c <= 0x39;

function kindOf(c: number): string {
  if (c === 0x7b) return 'object';
  if (c === 0x5b) return 'array';
  if (c === 0x22) return 'string';
  if (c === 0x74 || c === 0x66) return 'boolean';
  return 'number';
}

/** syntax throws Go's syntax error for the byte at p. */
function syntax(p: Cursor, context: string): never {
  return at(p, p.i, context);
}

function at(p: Cursor, i: number, context: string): never {
  const c = p.b[i];
  if (c === undefined) throw new GoJSONError('malformed JSON body: unexpected end of JSON input');
  const ch =
    c >= 0x20 && c < 0x7f
      ? `'${String.fromCharCode(c)}'`
      : `'\\x${c.toString(16).padStart(2, '0')}'`;
  throw new GoJSONError(`malformed JSON body: invalid character ${ch} ${context}`);
}

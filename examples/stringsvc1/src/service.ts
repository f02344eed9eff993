/**
 * The string service: plain code, no transport or framework types (Go kit's
 * `stringsvc1/main.go`, the `StringService` part). The same interface serves all three
 * examples: `uppercase` is asynchronous and takes the request's context because stringsvc3's
 * proxying middleware replaces it with a call to other instances (a blocking Go method that
 * may do I/O is a Promise in TypeScript; the context lets a caller who goes away cancel it).
 */
import type { Context } from '@svckit/core/context';

/** StringService provides operations on strings. */
export interface StringService {
  /** uppercase resolves to s in upper case; it rejects with {@link EmptyStringError} for `''`. */
  uppercase(ctx: Context, s: string): Promise<string>;
  /** count returns the length of s in bytes of UTF-8, as Go's `len(s)`. */
  count(ctx: Context, s: string): number;
}

/** EmptyStringError is Go kit's `ErrEmpty`: the text `empty string` is part of the wire. */
export class EmptyStringError extends Error {
  override readonly name = 'EmptyStringError';
  constructor() {
    super('empty string');
  }
}

/** stringService is the implementation of {@link StringService}. */
export const stringService: StringService = {
  uppercase(_ctx, s) {
    if (s === '') return Promise.reject(new EmptyStringError());
    return Promise.resolve(toUpperGo(s));
  },
  count(_ctx, s) {
    return utf8Length(s);
  },
};

const nonAscii = /[^\u0000-\u007f]/; // eslint-disable-line no-control-regex

/**
 * toUpperGo upper-cases like Go's `strings.ToUpper`: Unicode-aware, one code point for one
 * (Go uses the simple case mapping, so `ß` stays `ß` where JavaScript would give `SS`).
 */
export function toUpperGo(s: string): string {
  if (!nonAscii.test(s)) return s.toUpperCase();
  let out = '';
  for (const ch of s) {
    const cp = ch.codePointAt(0) as number;
    const simple = greekIotaSubscript(cp);
    if (simple !== undefined) {
      out += String.fromCodePoint(simple);
      continue;
    }
    const upper = ch.toUpperCase();
    // A multi-code-point result is a full (special-casing) mapping: Go keeps the letter.
    out += upper.length === ch.length || [...upper].length === 1 ? upper : ch;
  }
  return out;
}

/** Greek letters with iota subscript: full mapping is two letters, Go's simple one is one. */
function greekIotaSubscript(cp: number): number | undefined {
  if (cp >= 0x1f80 && cp <= 0x1faf) return (cp & 0xf) < 8 ? cp + 8 : cp;
  if (cp === 0x1fb3 || cp === 0x1fc3 || cp === 0x1ff3) return cp + 9;
  return undefined;
}

/** utf8Length counts the bytes of s in UTF-8 (lone surrogates count as U+FFFD, 3 bytes). */
export function utf8Length(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        n += 4;
        i++;
      } else n += 3;
    } else n += 3;
  }
  return n;
}

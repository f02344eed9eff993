/**
 * The string service: plain code, no transport or framework types (Go kit's
 * `stringsvc1/main.go`, the `StringService` part). The same interface serves all three
 * examples: `uppercase` is asynchronous and takes the request's context because stringsvc3's
 * proxying middleware replaces it with a call to other instances (a blocking Go method that
 * may do I/O is a Promise in TypeScript; the context lets a caller who goes away cancel it).
 */
import type { Context } from '@svckit/core/context';
import { toUpperGo } from './go-text.js';

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

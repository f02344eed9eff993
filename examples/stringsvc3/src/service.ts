/**
 * The string service of stringsvc3 (Go kit's `stringsvc3/service.go`): plain code, no
 * transport types. Unlike stringsvc1's, `uppercase` is asynchronous, because the proxying
 * middleware replaces it with a call to other instances; it takes the request's context so
 * that a caller who goes away cancels the proxied call too (Go kit's stringsvc3 used
 * `context.Background()` there; later Go kit examples pass the context into the service).
 */
import type { Context } from '@svckit/core/context';
import {
  EmptyStringError,
  toUpperGo,
  utf8Length,
} from '@svckit/example-stringsvc1/dist/service.js';

/** EmptyStringError is Go kit's `ErrEmpty` (`empty string`), shared with stringsvc1. */
export { EmptyStringError };

/** StringService provides operations on strings. */
export interface StringService {
  /** uppercase resolves to s in upper case; it rejects with {@link EmptyStringError} for `''`. */
  uppercase(ctx: Context, s: string): Promise<string>;
  /** count returns the length of s in bytes of UTF-8, as Go's `len(s)`. */
  count(ctx: Context, s: string): number;
}

/** ServiceMiddleware decorates a {@link StringService} (Go kit's `ServiceMiddleware`). */
export type ServiceMiddleware = (next: StringService) => StringService;

/**
 * stringService is the local implementation of {@link StringService}: Go's `strings.ToUpper`
 * (one code point for one) and `len(s)` (bytes), shared with the stringsvc1 example.
 */
export const stringService: StringService = {
  uppercase(_ctx, s) {
    if (s === '') return Promise.reject(new EmptyStringError());
    return Promise.resolve(toUpperGo(s));
  },
  count(_ctx, s) {
    return utf8Length(s);
  },
};

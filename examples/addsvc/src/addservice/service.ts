/**
 * The add service (Go kit's `addsvc/pkg/addservice/service.go`): Sum and Concat as plain code,
 * with the example's business rules and their three errors. Integers are `bigint`: Go's `int`
 * is 64-bit and every transport carries int64, so values beyond 2^53 stay exact.
 */
import type { Context } from '@svckit/core/context';
import { ServiceError } from '@svckit/core/errors';

/** Service describes a service that adds things together (Go kit's `addservice.Service`). */
export interface Service {
  /** sum returns a + b, or rejects with a business error ({@link AddError}). */
  sum(ctx: Context, a: bigint, b: bigint): Promise<bigint>;
  /** concat returns a + b, or rejects with a business error ({@link AddError}). */
  concat(ctx: Context, a: string, b: string): Promise<string>;
}

/**
 * AddError is one of the service's business errors. Code `invalid_argument`: the caller asked
 * for something the service refuses; a circuit breaker does not count it, the HTTP transport
 * answers it 400 (Go kit's `err2code`).
 */
export class AddError extends ServiceError {
  override readonly name = 'AddError';
  constructor(message: string, reason: string) {
    super('invalid_argument', message, { reason });
  }
}

/** errTwoZeroes: Sum was asked to add 0 and 0 (Go kit's `ErrTwoZeroes`). */
export const errTwoZeroes = new AddError("can't sum two zeroes", 'TWO_ZEROES');
/** errIntOverflow: the sum leaves the int32 range (Go kit's `ErrIntOverflow`). */
export const errIntOverflow = new AddError('integer overflow', 'INT_OVERFLOW');
/** errMaxSizeExceeded: the concatenation is over {@link maxLen} bytes (Go kit's `ErrMaxSizeExceeded`). */
export const errMaxSizeExceeded = new AddError('result exceeds maximum size', 'MAX_SIZE_EXCEEDED');

/** isAddError reports whether err is one of the service's business errors. */
export function isAddError(err: unknown): err is AddError {
  return err === errTwoZeroes || err === errIntOverflow || err === errMaxSizeExceeded;
}

/**
 * intMax and intMin bound Sum's overflow check. Go kit's example checks at the int32 boundary
 * although every transport carries 64-bit integers: `2147483646 + 1` succeeds,
 * `2147483647 + 1` fails.
 */
export const intMax = 2n ** 31n - 1n;
/** intMin is the lower bound of Sum's overflow check, -2^31 (see {@link intMax}). */
export const intMin = -(2n ** 31n);

/** maxLen is the longest concatenation, in bytes of UTF-8 (Go's `len`). */
export const maxLen = 10;

const encoder = new TextEncoder();

/** utf8Length is the length of s in bytes of UTF-8, as Go's `len(s)`. */
export function utf8Length(s: string): number {
  return typeof Buffer === 'function' ? Buffer.byteLength(s, 'utf8') : encoder.encode(s).length;
}

/**
 * newBasicService returns the service with its business rules and nothing else (Go kit's
 * `NewBasicService`): Sum refuses two zeroes and int32 overflow, Concat results over 10 bytes.
 */
export function newBasicService(): Service {
  return {
    sum(_ctx, a, b) {
      if (a === 0n && b === 0n) return Promise.reject(errTwoZeroes);
      if ((b > 0n && a > intMax - b) || (b < 0n && a < intMin - b)) {
        return Promise.reject(errIntOverflow);
      }
      return Promise.resolve(a + b);
    },
    concat(_ctx, a, b) {
      if (utf8Length(a) + utf8Length(b) > maxLen) return Promise.reject(errMaxSizeExceeded);
      return Promise.resolve(a + b);
    },
  };
}

/**
 * Internal module of the HTTP transport: a server-wide cap on the request-body bytes held at
 * once. A body limit bounds one request; memory still grows with connections × limit. A
 * budget bounds the sum, across every server that shares it.
 */
import { ServiceError } from '../../errors/index.js';

/**
 * BodyBudget is a cap on the request-body bytes that servers sharing it hold at once
 * ({@link createBodyBudget}). A server takes a body's declared length before reading it (or
 * each chunk of a chunked one) and gives it back when its response is done.
 */
export interface BodyBudget {
  /** limit is the cap, in bytes. */
  readonly limit: number;
  /** inUse is how many bytes are taken now. */
  readonly inUse: number;
  /** take reserves n bytes; false, reserving nothing, when that would pass the limit. */
  take(n: number): boolean;
  /** give returns n bytes taken before. */
  give(n: number): void;
}

/**
 * createBodyBudget returns a {@link BodyBudget} of limit bytes, to pass as the `bodyBudget`
 * of every server that should share it (servers without one share {@link defaultBodyBudget}).
 *
 * @example
 * const budget = createBodyBudget(64 * 1024 * 1024);
 * const a = createServer(ep1, dec1, enc1, { bodyBudget: budget });
 * const b = createServer(ep2, dec2, enc2, { bodyBudget: budget });
 */
export function createBodyBudget(limit: number): BodyBudget {
  if (!(limit >= 0)) throw new RangeError(`body budget must be >= 0, got ${limit}`);
  let inUse = 0;
  return {
    limit,
    get inUse() {
      return inUse;
    },
    take(n) {
      if (inUse + n > limit) return false;
      inUse += n;
      return true;
    },
    give(n) {
      inUse = Math.max(0, inUse - n);
    },
  };
}

/**
 * defaultBodyBudget is the budget of every server that sets no `bodyBudget`: 256 MiB of
 * request bodies held at once across the process (256 requests at the default 1 MiB limit).
 */
export const defaultBodyBudget: BodyBudget = createBodyBudget(256 * 1024 * 1024);

const busyOptions = Object.freeze({ reason: 'BODY_BUDGET', retryAfterMs: 1000 });

/**
 * BodyBudgetError is the error a request body read fails with when the server's
 * {@link BodyBudget} is spent: code `unavailable` (the server is busy, not the caller wrong;
 * clients retry it), reason `BODY_BUDGET`, `Retry-After: 1`. A `StatusCoder` answering 503;
 * the connection is closed after the answer, since the body was not read.
 */
export class BodyBudgetError extends ServiceError {
  override readonly name = 'BodyBudgetError';
  constructor() {
    super('unavailable', 'server busy: too many request body bytes in flight', busyOptions);
  }
  /** statusCode returns 503. */
  statusCode(): number {
    return 503;
  }
}

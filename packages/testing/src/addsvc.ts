/**
 * Go kit's addsvc without a transport, for the transport packages' drop-in tests (gRPC, NATS,
 * AMQP against the Go kit addsvc and addcli): the business rules, the messages of its endpoint
 * set, and the endpoints without middlewares. The example itself is examples/addsvc
 * (`addservice`, `addendpoint`); a transport package cannot depend on it (the example depends
 * on the transports), and this package does not depend on @svckit/core, so the types here are
 * structural: a response is a core `Failer`, {@link localAddSet}'s endpoints are core
 * `Endpoint`s, and the drop-ins assign them to their `Set` of core types.
 */

/** AddResult is a value and its in-band business error, as on the wire (`err` empty: none). */
export interface AddResult<T> {
  readonly v: T;
  readonly err: string;
}

/** addsvcErrors are the texts of addsvc's three business errors, as Go kit's example has them. */
export const addsvcErrors = {
  twoZeroes: "can't sum two zeroes",
  intOverflow: 'integer overflow',
  maxSizeExceeded: 'result exceeds maximum size',
} as const;

const intMax = 2n ** 31n - 1n;
const intMin = -(2n ** 31n);

/**
 * addsvcSum is Sum's rule: a + b, but two zeroes refused and an int32 overflow refused (Go
 * kit's example checks at the int32 bounds although every transport carries int64).
 */
export function addsvcSum(a: bigint, b: bigint): AddResult<bigint> {
  if (a === 0n && b === 0n) return { v: 0n, err: addsvcErrors.twoZeroes };
  if ((b > 0n && a > intMax - b) || (b < 0n && a < intMin - b)) {
    return { v: 0n, err: addsvcErrors.intOverflow };
  }
  return { v: a + b, err: '' };
}

/** addsvcConcat is Concat's rule: a + b, refused beyond 10 bytes of UTF-8 (Go's `len`). */
export function addsvcConcat(a: string, b: string): AddResult<string> {
  if (Buffer.byteLength(a) + Buffer.byteLength(b) > 10) {
    return { v: '', err: addsvcErrors.maxSizeExceeded };
  }
  return { v: a + b, err: '' };
}

/** SumRequest collects the request parameters of Sum (examples/addsvc's). */
export interface SumRequest {
  readonly a: bigint;
  readonly b: bigint;
}

/** SumResponse is Sum's value, or the business error in `err` (a core `Failer`). */
export interface SumResponse {
  readonly v: bigint;
  readonly err: Error | undefined;
  failed(): Error | undefined;
}

/** ConcatRequest collects the request parameters of Concat (examples/addsvc's). */
export interface ConcatRequest {
  readonly a: string;
  readonly b: string;
}

/** ConcatResponse is Concat's value, or the business error in `err` (a core `Failer`). */
export interface ConcatResponse {
  readonly v: string;
  readonly err: Error | undefined;
  failed(): Error | undefined;
}

function failed(this: { err: Error | undefined }): Error | undefined {
  return this.err;
}

/** sumResponse builds a {@link SumResponse} (examples/addsvc's). */
export function sumResponse(v: bigint, err?: Error): SumResponse {
  return { v, err, failed };
}

/** concatResponse builds a {@link ConcatResponse} (examples/addsvc's). */
export function concatResponse(v: string, err?: Error): ConcatResponse {
  return { v, err, failed };
}

/** LocalAddSet is addsvc's endpoint set; each endpoint is a core `Endpoint` (any context). */
export interface LocalAddSet {
  readonly sum: (ctx: unknown, request: SumRequest) => Promise<SumResponse>;
  readonly concat: (ctx: unknown, request: ConcatRequest) => Promise<ConcatResponse>;
}

/**
 * localAddSet is addsvc's service as endpoints, without middlewares: a refused call answers a
 * response carrying a new `Error` with the rule's text, as Go kit's endpoints do.
 */
export function localAddSet(): LocalAddSet {
  const error = (text: string) => (text === '' ? undefined : new Error(text));
  return {
    sum: async (_ctx, { a, b }) => {
      const r = addsvcSum(a, b);
      return sumResponse(r.v, error(r.err));
    },
    concat: async (_ctx, { a, b }) => {
      const r = addsvcConcat(a, b);
      return concatResponse(r.v, error(r.err));
    },
  };
}

const known = new Map<string, Error>(
  Object.values(addsvcErrors).map((text) => [text, new Error(text)]),
);

/**
 * str2err turns a reply's `err` into the business error (examples/addsvc's `str2err`): none
 * for an empty text, one shared `Error` per known text, a new one for any other.
 */
export function str2err(s: string): Error | undefined {
  if (s === '') return undefined;
  return known.get(s) ?? new Error(s);
}

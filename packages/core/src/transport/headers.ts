/**
 * The header conventions every header-carrying svckit transport follows (HTTP, the in-process
 * transport, NATS and AMQP headers), written down so that other languages can follow them.
 */

/**
 * errorCodeHeader carries an error reply's canonical code (`svckit-error-code: not_found`), so
 * that clients recover the exact code rather than guessing it from a status.
 */
export const errorCodeHeader = 'svckit-error-code';

/**
 * timeoutHeader carries the caller's remaining time budget in whole milliseconds, rounded up
 * (`connect-timeout-ms: 300`): the Connect protocol's published header, at most 10 digits.
 * A server sets its request context's deadline to now + that; a client sends
 * `ceil(remaining(ctx))`. gRPC uses its native `grpc-timeout` instead.
 */
export const timeoutHeader = 'connect-timeout-ms';

/** grpcTimeoutHeader is gRPC's deadline header (`grpc-timeout: 300m`), which HTTP servers also read. */
export const grpcTimeoutHeader = 'grpc-timeout';

/** maxTimeoutValue is the largest value {@link timeoutHeader} can carry: 10 digits. */
const maxTimeoutValue = 9_999_999_999;

/**
 * formatTimeout is the {@link timeoutHeader} value for a remaining budget: the milliseconds
 * rounded up, at least 0, at most 10 digits.
 */
export function formatTimeout(remainingMs: number): string {
  return String(Math.min(maxTimeoutValue, Math.max(0, Math.ceil(remainingMs))));
}

/**
 * parseTimeout reads a {@link timeoutHeader} value: 1 to 10 ASCII digits, in ms. Anything else
 * (a sign, a fraction, spaces inside, 11 digits) is malformed and gives undefined: a malformed
 * deadline header is ignored, as if absent, rather than failing the request.
 */
export function parseTimeout(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const v = value.trim();
  if (v.length === 0 || v.length > 10) return undefined;
  for (let i = 0; i < v.length; i++) {
    const c = v.charCodeAt(i);
    if (c < 48 || c > 57) return undefined;
  }
  return Number(v);
}

const grpcUnits: Readonly<Record<string, number>> = {
  H: 3_600_000,
  M: 60_000,
  S: 1000,
  m: 1,
  u: 0.001,
  n: 0.000001,
};

/**
 * parseGrpcTimeout reads a `grpc-timeout` value: 1 to 8 ASCII digits and a unit (`H`ours,
 * `M`inutes, `S`econds, `m`illiseconds, `u` microseconds, `n`anoseconds), in ms. Malformed
 * values give undefined (ignored).
 */
export function parseGrpcTimeout(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const v = value.trim();
  const unit = grpcUnits[v.charAt(v.length - 1)];
  if (unit === undefined || v.length < 2 || v.length > 9) return undefined;
  const digits = parseTimeout(v.slice(0, -1));
  return digits === undefined ? undefined : digits * unit;
}

/**
 * Code is one of the 16 canonical error codes every RPC system already shares: gRPC's status
 * codes (`google.rpc.Code`), in lower case. Every error svckit raises carries one as its `code`;
 * each transport maps codes to its own wire status once (HTTP status, gRPC status, JSON-RPC
 * error code), so an error thrown in a service reads the same on every transport.
 *
 * | code | means | gRPC |
 * | --- | --- | --- |
 * | `canceled` | the caller gave up | 1 |
 * | `unknown` | an error with no better code (a plain `Error`) | 2 |
 * | `invalid_argument` | the request is wrong, whatever the state | 3 |
 * | `deadline_exceeded` | the deadline passed before the work was done | 4 |
 * | `not_found` | a requested entity does not exist | 5 |
 * | `already_exists` | the entity to create exists | 6 |
 * | `permission_denied` | the caller may not do this | 7 |
 * | `resource_exhausted` | a quota, rate limit or size limit was hit | 8 |
 * | `failed_precondition` | the system is not in the state the call needs | 9 |
 * | `aborted` | a concurrency conflict; retry at a higher level | 10 |
 * | `out_of_range` | past the valid range | 11 |
 * | `unimplemented` | the operation is not supported | 12 |
 * | `internal` | an invariant broke in the callee | 13 |
 * | `unavailable` | the callee cannot be reached or is overloaded now; retry | 14 |
 * | `data_loss` | unrecoverable data loss or corruption | 15 |
 * | `unauthenticated` | no valid credentials | 16 |
 */
export type Code =
  | 'canceled'
  | 'unknown'
  | 'invalid_argument'
  | 'deadline_exceeded'
  | 'not_found'
  | 'already_exists'
  | 'permission_denied'
  | 'resource_exhausted'
  | 'failed_precondition'
  | 'aborted'
  | 'out_of_range'
  | 'unimplemented'
  | 'internal'
  | 'unavailable'
  | 'data_loss'
  | 'unauthenticated';

/** codes lists the canonical codes in gRPC's order: `codes[n - 1]` has gRPC number n. */
export const codes: readonly Code[] = Object.freeze([
  'canceled',
  'unknown',
  'invalid_argument',
  'deadline_exceeded',
  'not_found',
  'already_exists',
  'permission_denied',
  'resource_exhausted',
  'failed_precondition',
  'aborted',
  'out_of_range',
  'unimplemented',
  'internal',
  'unavailable',
  'data_loss',
  'unauthenticated',
]);

/** numbers maps each code to its gRPC number; a null-prototype object, so lookups are exact. */
const numbers: Readonly<Record<string, number>> = (() => {
  const table = Object.create(null) as Record<string, number>;
  codes.forEach((code, i) => (table[code] = i + 1));
  return Object.freeze(table);
})();

/** isCode reports whether value is one of the 16 canonical codes (exactly, lower case). */
export function isCode(value: unknown): value is Code {
  return typeof value === 'string' && numbers[value] !== undefined;
}

/**
 * codeNumber returns the gRPC status number of a code (`canceled` 1 … `unauthenticated` 16):
 * the gRPC table, which transports over gRPC use as is.
 */
export function codeNumber(code: Code): number {
  return numbers[code] ?? 2;
}

/**
 * codeFromNumber returns the code of a gRPC status number. 0 (`OK`) is not an error, and it
 * and any number outside 1..16 give `unknown`, as gRPC clients treat unknown statuses.
 */
export function codeFromNumber(n: number): Code {
  return (Number.isInteger(n) ? codes[n - 1] : undefined) ?? 'unknown';
}

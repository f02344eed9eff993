import { isCode } from '../../errors/index.js';
import type { Code } from '../../errors/index.js';
import { errorCodeHeader } from '../headers.js';

export { errorCodeHeader };

/**
 * statuses is Google's published code → HTTP mapping (the comments of `google.rpc.Code`, used
 * by AIP-193 and gRPC-HTTP transcoding).
 */
const statuses: Readonly<Record<Code, number>> = Object.freeze({
  canceled: 499,
  unknown: 500,
  invalid_argument: 400,
  deadline_exceeded: 504,
  not_found: 404,
  already_exists: 409,
  permission_denied: 403,
  resource_exhausted: 429,
  failed_precondition: 400,
  aborted: 409,
  out_of_range: 400,
  unimplemented: 501,
  internal: 500,
  unavailable: 503,
  data_loss: 500,
  unauthenticated: 401,
});

/**
 * httpStatusOf returns the HTTP status of a canonical code, following Google's published
 * mapping (`google.rpc.Code`, AIP-193): `canceled` 499, `unknown` 500, `invalid_argument` 400,
 * `deadline_exceeded` 504, `not_found` 404, `already_exists` 409, `permission_denied` 403,
 * `resource_exhausted` 429, `failed_precondition` 400, `aborted` 409, `out_of_range` 400,
 * `unimplemented` 501, `internal` 500, `unavailable` 503, `data_loss` 500,
 * `unauthenticated` 401.
 */
export function httpStatusOf(code: Code): number {
  return statuses[code] ?? 500;
}

/**
 * codeOfHttpStatus returns the canonical code of an HTTP status a server answered with:
 * svckit's own table, written for the circuit breaker and retry (not gRPC's HTTP-to-gRPC
 * mapping, which turns 400 into `internal` and 429 into `unavailable`, so that a caller's bad
 * request would trip a breaker and a rate limit would be retried):
 *
 * - 400, 406, 411, 415, 417, 422 and any other 4xx `invalid_argument`; 401 `unauthenticated`;
 *   403, 451 `permission_denied`; 404, 410 `not_found`; 405 `unimplemented`;
 *   408 `deadline_exceeded`; 409 `aborted`; 412, 428 `failed_precondition`;
 *   413, 414, 429, 431 `resource_exhausted`; 416 `out_of_range`; 421, 425 `unavailable`;
 *   499 `canceled`;
 * - 500 `internal`; 501, 505 `unimplemented`; 502, 503 `unavailable`; 504 `deadline_exceeded`;
 *   507 `resource_exhausted`; 511 `unauthenticated`; any other 5xx `unknown`;
 * - 3xx (a redirect a client did not follow) `failed_precondition`; anything else `unknown`.
 */
export function codeOfHttpStatus(status: number): Code {
  switch (status) {
    case 401:
    case 511:
      return 'unauthenticated';
    case 403:
    case 451:
      return 'permission_denied';
    case 404:
    case 410:
      return 'not_found';
    case 405:
    case 501:
    case 505:
      return 'unimplemented';
    case 408:
    case 504:
      return 'deadline_exceeded';
    case 409:
      return 'aborted';
    case 412:
    case 428:
      return 'failed_precondition';
    case 413:
    case 414:
    case 429:
    case 431:
    case 507:
      return 'resource_exhausted';
    case 416:
      return 'out_of_range';
    case 421:
    case 425:
    case 502:
    case 503:
      return 'unavailable';
    case 499:
      return 'canceled';
    case 500:
      return 'internal';
  }
  if (status >= 400 && status <= 499) return 'invalid_argument';
  if (status >= 300 && status <= 399) return 'failed_precondition';
  return 'unknown';
}

/**
 * codeOfHttpResponse is the code of an error response: the {@link errorCodeHeader} an svckit
 * server sent, when it is a canonical code, else {@link codeOfHttpStatus} of the status.
 */
export function codeOfHttpResponse(status: number, header: unknown): Code {
  const value = Array.isArray(header) ? (header[0] as unknown) : header;
  return isCode(value) ? value : codeOfHttpStatus(status);
}

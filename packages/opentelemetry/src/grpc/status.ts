import type { Code } from '@svckit/core/errors';

/** statusName is `rpc.status_code` for a canonical code: `OK`, `NOT_FOUND`, `UNAVAILABLE`. */
export function statusName(code: Code | 'ok'): string {
  return code.toUpperCase();
}

/**
 * isServerError tells whether a server span with this code is failed, by the gRPC semantic
 * conventions: the server's own failures only, not the caller's mistakes (`NOT_FOUND`,
 * `INVALID_ARGUMENT`, ...) which leave the span's status unset.
 */
export function isServerError(code: Code): boolean {
  switch (code) {
    case 'unknown':
    case 'deadline_exceeded':
    case 'unimplemented':
    case 'internal':
    case 'unavailable':
    case 'data_loss':
      return true;
    default:
      return false;
  }
}

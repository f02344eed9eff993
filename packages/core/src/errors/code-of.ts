import { isCode } from './code.js';
import type { Code } from './code.js';

/**
 * systemCodes maps Node's system and network error codes to canonical codes. Connection
 * failures are `unavailable` (as gRPC reports them: another instance, or a later try, may
 * work) — `ETIMEDOUT` included, since the OS gave up reaching the peer, which says nothing of
 * the caller's deadline. Local resource limits are `resource_exhausted`.
 */
const systemCodes: Readonly<Record<string, Code>> = Object.assign(Object.create(null) as object, {
  ECONNREFUSED: 'unavailable',
  ECONNRESET: 'unavailable',
  ECONNABORTED: 'unavailable',
  ETIMEDOUT: 'unavailable',
  ESOCKETTIMEDOUT: 'unavailable',
  EPIPE: 'unavailable',
  EHOSTUNREACH: 'unavailable',
  EHOSTDOWN: 'unavailable',
  ENETUNREACH: 'unavailable',
  ENETDOWN: 'unavailable',
  ENETRESET: 'unavailable',
  ENOTCONN: 'unavailable',
  EADDRNOTAVAIL: 'unavailable',
  ENOTFOUND: 'unavailable',
  EAI_AGAIN: 'unavailable',
  ERR_SOCKET_CONNECTION_TIMEOUT: 'unavailable',
  ERR_STREAM_PREMATURE_CLOSE: 'unavailable',
  ERR_HTTP2_STREAM_ERROR: 'unavailable',
  ERR_HTTP2_GOAWAY_SESSION: 'unavailable',
  ABORT_ERR: 'canceled',
  UND_ERR_ABORTED: 'canceled',
  EMFILE: 'resource_exhausted',
  ENFILE: 'resource_exhausted',
  ENOMEM: 'resource_exhausted',
  ENOSPC: 'resource_exhausted',
  EACCES: 'permission_denied',
  EPERM: 'permission_denied',
  ENOENT: 'not_found',
  EEXIST: 'already_exists',
} satisfies Record<string, Code>);

/** maxDepth bounds how many `cause` links {@link codeOf} follows (a cycle cannot hang it). */
const maxDepth = 8;

/**
 * codeOf returns the canonical {@link Code} of any thrown value:
 *
 * - an object whose `code` is a canonical code keeps it (a `ServiceError`, every svckit error,
 *   an error from another copy of svckit: the check is structural);
 * - a Node system error by its `code`: connection failures (`ECONNREFUSED`, `ECONNRESET`,
 *   `ETIMEDOUT`, `EPIPE`, `EHOSTUNREACH`, `ENETUNREACH`, `ENOTFOUND`, `EAI_AGAIN`, ...) and
 *   undici's `UND_ERR_*` are `unavailable`; `EMFILE`/`ENOMEM`/`ENOSPC` `resource_exhausted`;
 *   `EACCES`/`EPERM` `permission_denied`; `ENOENT` `not_found`; `EEXIST` `already_exists`;
 * - an `AbortError` (a `DOMException`, or Node's `ABORT_ERR`) is `canceled`, a `TimeoutError`
 *   (`AbortSignal.timeout`) `deadline_exceeded`;
 * - otherwise the error's `cause` is asked, up to 8 links deep (`fetch` wraps its network
 *   error as the cause of a `TypeError`);
 * - anything else is `unknown` (a plain `Error`, a string, `undefined`).
 *
 * @example
 * codeOf(new ServiceError('not_found', 'no such user')); // 'not_found'
 * codeOf(Object.assign(new Error('connect'), { code: 'ECONNREFUSED' })); // 'unavailable'
 * codeOf(new Error('boom')); // 'unknown'
 */
export function codeOf(err: unknown): Code {
  let value = err;
  for (let depth = 0; depth < maxDepth; depth++) {
    if (typeof value !== 'object' || value === null) return 'unknown';
    const code = (value as { code?: unknown }).code;
    if (typeof code === 'string') {
      if (isCode(code)) return code;
      const mapped = systemCodes[code];
      if (mapped !== undefined) return mapped;
      if (code.startsWith('UND_ERR_')) return 'unavailable';
    }
    const name = (value as { name?: unknown }).name;
    if (name === 'AbortError') return 'canceled';
    if (name === 'TimeoutError') return 'deadline_exceeded';
    value = (value as { cause?: unknown }).cause;
  }
  return 'unknown';
}

/**
 * reasonOf returns the `reason` of an error (the UPPER_SNAKE_CASE proximate cause svckit's
 * errors and {@link ServiceError}s carry, e.g. `RATE_LIMITED`), or undefined.
 */
export function reasonOf(err: unknown): string | undefined {
  if (typeof err !== 'object' || err === null) return undefined;
  const reason = (err as { reason?: unknown }).reason;
  return typeof reason === 'string' ? reason : undefined;
}

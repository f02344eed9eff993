import { ServiceError, reasonOf } from '../../errors/index.js';

const unavailableOptions = Object.freeze({ reason: 'ECONNUNAVAILABLE' });

/**
 * ConnectionUnavailableError is what {@link Manager.write} rejects with while there is no
 * connection (Go kit's `conn.ErrConnectionUnavailable`, same message). Code `unavailable`,
 * reason `ECONNUNAVAILABLE`.
 */
export class ConnectionUnavailableError extends ServiceError {
  override readonly name = 'ConnectionUnavailableError';
  constructor() {
    super('unavailable', 'connection unavailable', unavailableOptions);
  }
}

/**
 * isConnectionUnavailable reports whether err is a {@link ConnectionUnavailableError} (reason
 * `ECONNUNAVAILABLE`, checked structurally).
 */
export function isConnectionUnavailable(err: unknown): err is ConnectionUnavailableError {
  return reasonOf(err) === 'ECONNUNAVAILABLE';
}

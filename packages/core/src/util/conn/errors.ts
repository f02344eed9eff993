/**
 * ConnectionUnavailableError is what {@link Manager.write} rejects with while there is no
 * connection (Go kit's `conn.ErrConnectionUnavailable`, same message).
 */
export class ConnectionUnavailableError extends Error {
  /** code is a stable machine-readable identifier. */
  readonly code = 'ECONNUNAVAILABLE';
  constructor() {
    super('connection unavailable');
    this.name = 'ConnectionUnavailableError';
  }
}

/** isConnectionUnavailable reports whether err is a {@link ConnectionUnavailableError}. */
export function isConnectionUnavailable(err: unknown): err is ConnectionUnavailableError {
  return err instanceof ConnectionUnavailableError;
}

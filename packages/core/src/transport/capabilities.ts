/**
 * HeaderMap is a transport-neutral set of headers or metadata: a name maps to one value or to
 * several (multi-valued headers are kept, in order). HTTP headers, NATS headers, AMQP headers
 * and gRPC metadata are all written from it.
 */
export type HeaderMap = Readonly<Record<string, string | readonly string[]>>;

/**
 * StatusCoder is implemented by errors and responses that choose their status (Go kit's
 * `StatusCoder`): the HTTP status code for HTTP transports. Checked structurally.
 */
export interface StatusCoder {
  /** statusCode returns the status to send, e.g. 404. */
  statusCode(): number;
}

/**
 * Headerer is implemented by errors and responses that add headers or metadata to what the
 * transport sends (Go kit's `Headerer`). Checked structurally.
 */
export interface Headerer {
  /** headers returns the headers to add; every value of a multi-valued header is sent. */
  headers(): HeaderMap;
}

/**
 * JSONMarshaler is implemented by errors that know their own JSON body (Go kit checks
 * `json.Marshaler`). A transport's default error encoder sends `JSON.stringify(err)` for them
 * instead of the plain message.
 */
export interface JSONMarshaler {
  /** toJSON returns the value to serialise, as `JSON.stringify` expects. */
  toJSON(): unknown;
}

/** isStatusCoder reports whether value has a `statusCode()` method. */
export function isStatusCoder(value: unknown): value is StatusCoder {
  return hasMethod(value, 'statusCode');
}

/** isHeaderer reports whether value has a `headers()` method. */
export function isHeaderer(value: unknown): value is Headerer {
  return hasMethod(value, 'headers');
}

/** isJSONMarshaler reports whether value has a `toJSON()` method. */
export function isJSONMarshaler(value: unknown): value is JSONMarshaler {
  return hasMethod(value, 'toJSON');
}

function hasMethod(value: unknown, name: string): boolean {
  return (
    (typeof value === 'object' || typeof value === 'function') &&
    value !== null &&
    typeof (value as Record<string, unknown>)[name] === 'function'
  );
}

import { jsonRpcErrors } from './codes.js';

/** Id is a JSON-RPC request id: a number, a string or null. */
export type Id = number | string | null;

/** Params are a request's parameters: by position (an array) or by name (an object). */
export type Params = readonly unknown[] | Readonly<Record<string, unknown>>;

/** Request is a JSON-RPC 2.0 request object, as sent on the wire. */
export interface Request {
  /** jsonrpc is `"2.0"` (Go kit's client sends `""`). */
  readonly jsonrpc?: string;
  /** method is the name of the method to call. */
  readonly method: string;
  /** params are the parameters, by position or by name; absent when the method takes none. */
  readonly params?: Params;
  /** id identifies the call; absent in a notification. */
  readonly id?: Id;
}

/** Response is a JSON-RPC 2.0 response object: a result or an error, and the request's id. */
export interface Response {
  /** jsonrpc is `"2.0"`. */
  readonly jsonrpc: string;
  /** result is the method's result, on success. */
  readonly result?: unknown;
  /** error is the error object, on failure. */
  readonly error?: { readonly code: number; readonly message: string; readonly data?: unknown };
  /** id is the request's id (null when it could not be read). */
  readonly id: Id;
}

/** Call is one valid request, as the server dispatches it. */
export interface Call {
  readonly method: string;
  readonly params: Params | undefined;
  readonly id: Id;
  /** notification is true when the request has no id: it gets no response. */
  readonly notification: boolean;
}

/** Invalid is a request the server refuses with -32600: its id when readable, and why. */
export interface Invalid {
  readonly invalid: string;
  readonly id: Id;
  readonly code: number;
}

/**
 * check validates one element of a body against the specification's section 4: an object with
 * a string `method`, `params` absent, null (Go kit's client) or structured, an id that is a
 * number, a string or null (absent: a notification), and `jsonrpc` `"2.0"` — or, unless
 * strict, absent or `""` (Go kit's client sends `""`).
 */
export function check(value: unknown, strict: boolean): Call | Invalid {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return invalid('a request must be an object', null);
  }
  const r = value as Record<string, unknown>;
  const id = r['id'];
  const hasId = id !== undefined;
  const t = typeof id;
  if (hasId && id !== null && t !== 'number' && t !== 'string' && t !== 'bigint') {
    return invalid('id must be a number, a string or null', null);
  }
  const safeId = hasId ? (id as Id) : null;
  const version = r['jsonrpc'];
  if (version !== '2.0') {
    if (strict || (version !== undefined && version !== '')) {
      return invalid('jsonrpc must be "2.0"', safeId);
    }
  }
  const method = r['method'];
  if (typeof method !== 'string') return invalid('method must be a string', safeId);
  const params = r['params'];
  if (params !== undefined && params !== null && typeof params !== 'object') {
    return invalid('params must be an array or an object', safeId);
  }
  return {
    method,
    params: (params ?? undefined) as Params | undefined,
    id: safeId,
    notification: !hasId,
  };
}

function invalid(why: string, id: Id): Invalid {
  return { invalid: `invalid request: ${why}`, id, code: jsonRpcErrors.invalidRequest };
}

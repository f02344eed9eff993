import { ServiceError, codeOf } from '../../../errors/index.js';
import { codeOfJsonRpc, jsonRpcCodeOf, jsonRpcErrors } from './codes.js';

/**
 * ErrorCoder is implemented by errors that choose their JSON-RPC error code (Go kit's
 * `jsonrpc.ErrorCoder`). Checked structurally.
 */
export interface ErrorCoder {
  /** errorCode returns the JSON-RPC error code to send, e.g. -32602. */
  errorCode(): number;
}

/** isErrorCoder reports whether value has an `errorCode()` method. */
export function isErrorCoder(value: unknown): value is ErrorCoder {
  return (
    (typeof value === 'object' || typeof value === 'function') &&
    value !== null &&
    typeof (value as { errorCode?: unknown }).errorCode === 'function'
  );
}

/** ErrorObject is a JSON-RPC 2.0 error object (the specification's section 5.1). */
export interface ErrorObject {
  /** code is the error code, an integer. */
  readonly code: number;
  /** message is a short description of the error. */
  readonly message: string;
  /** data is additional information, omitted when undefined. */
  readonly data?: unknown;
}

const standardMessages: Readonly<Record<number, string>> = {
  [jsonRpcErrors.parseError]: 'An error occurred on the server while parsing the JSON text.',
  [jsonRpcErrors.invalidRequest]: 'The JSON sent is not a valid Request object.',
  [jsonRpcErrors.methodNotFound]: 'The method does not exist / is not available.',
  [jsonRpcErrors.invalidParams]: 'Invalid method parameter(s).',
  [jsonRpcErrors.internalError]: 'Internal JSON-RPC error.',
};

/**
 * errorMessage returns the specification's text for a reserved code (Go kit's
 * `jsonrpc.ErrorMessage`), `''` for any other code.
 */
export function errorMessage(code: number): string {
  return standardMessages[code] ?? '';
}

/**
 * JsonRpcError is a JSON-RPC error as an error (Go kit's `jsonrpc.Error`): thrown by a server's
 * decoder, endpoint or encoder it is sent with its own `jsonRpcCode` and `data`; a client
 * rejects with one when the server answered an error object. Its canonical code is
 * `codeOfJsonRpc(jsonRpcCode)` (-32602 `invalid_argument`, -32601 `unimplemented`, -32005
 * `not_found`, ...), so resilience middlewares and other transports read it like any
 * svckit error. An empty message becomes the specification's text for the code, as in Go kit.
 *
 * @example
 * throw new JsonRpcError(-32602, 'a must be a number', { data: { field: 'a' } });
 */
export class JsonRpcError extends ServiceError {
  override readonly name = 'JsonRpcError';
  /** jsonRpcCode is the JSON-RPC error code. */
  readonly jsonRpcCode: number;
  /** data is the error object's `data` member, when it has one. */
  readonly data: unknown;

  constructor(code: number, message: string, options: { data?: unknown; cause?: unknown } = {}) {
    super(codeOfJsonRpc(code), message === '' ? errorMessage(code) : message, {
      cause: options.cause,
    });
    this.jsonRpcCode = code;
    this.data = options.data;
  }

  /** errorCode returns the JSON-RPC error code (Go kit's `ErrorCoder`). */
  errorCode(): number {
    return this.jsonRpcCode;
  }
}

/**
 * defaultErrorCode is the JSON-RPC code a server answers an error with: an {@link ErrorCoder}'s
 * own code, else the code of the error's canonical code from core's table (`invalid_argument`
 * -32602, `not_found` -32005, `deadline_exceeded` -32004, ...), and -32603 (internal error) for
 * an error without a canonical code (a plain `Error`), as Go kit answers every failure.
 */
export function defaultErrorCode(err: unknown): number {
  if (isErrorCoder(err)) {
    const n = err.errorCode();
    if (Number.isSafeInteger(n)) return n;
  }
  const code = codeOf(err);
  return code === 'unknown' ? jsonRpcErrors.internalError : jsonRpcCodeOf(code);
}

/** errorText is the text of a thrown value: an error's message, else the value as a string. */
export function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/**
 * errorObject is the error object a server sends for err with the default table: code
 * {@link defaultErrorCode}, the error's message, the `data` of an {@link ErrorCoder} (a
 * {@link JsonRpcError}).
 */
export function errorObject(err: unknown): ErrorObject {
  const code = defaultErrorCode(err);
  const data = isErrorCoder(err) ? (err as { data?: unknown }).data : undefined;
  const message = errorText(err);
  return data === undefined ? { code, message } : { code, message, data };
}

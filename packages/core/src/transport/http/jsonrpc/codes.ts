import { codeFromNumber, codeNumber } from '../../../errors/index.js';
import type { Code } from '../../../errors/index.js';

/** JSON-RPC 2.0's reserved error codes (the specification's section 5.1). */
export const jsonRpcErrors = Object.freeze({
  /** parseError: the body is not JSON. */
  parseError: -32700,
  /** invalidRequest: the JSON is not a request object. */
  invalidRequest: -32600,
  /** methodNotFound: no such method. */
  methodNotFound: -32601,
  /** invalidParams: the params do not fit the method. */
  invalidParams: -32602,
  /** internalError: an internal JSON-RPC error. */
  internalError: -32603,
  /** serverError: the first of the implementation-defined server errors (-32000..-32099). */
  serverError: -32000,
});

/**
 * jsonRpcCodeOf returns the JSON-RPC error code of a canonical code: `invalid_argument` is
 * -32602 (invalid params), `unimplemented` -32601 (method not found), `internal` -32603,
 * `unknown` -32000 (the first server error), and every other code -32000 minus its gRPC
 * number (`canceled` -32001, `deadline_exceeded` -32004, `unavailable` -32014, ...), in the
 * range the specification leaves to implementations, so that {@link codeOfJsonRpc} gives the
 * code back.
 */
export function jsonRpcCodeOf(code: Code): number {
  switch (code) {
    case 'invalid_argument':
      return jsonRpcErrors.invalidParams;
    case 'unimplemented':
      return jsonRpcErrors.methodNotFound;
    case 'internal':
      return jsonRpcErrors.internalError;
    case 'unknown':
      return jsonRpcErrors.serverError;
    default:
      return jsonRpcErrors.serverError - codeNumber(code);
  }
}

/**
 * codeOfJsonRpc returns the canonical code of a JSON-RPC error code: -32700 (parse error),
 * -32600 (invalid request) and -32602 (invalid params) `invalid_argument`, -32601
 * `unimplemented`, -32603 `internal`, -32001..-32016 the code of that gRPC number (the
 * reverse of {@link jsonRpcCodeOf}), anything else `unknown`.
 */
export function codeOfJsonRpc(n: number): Code {
  switch (n) {
    case jsonRpcErrors.parseError:
    case jsonRpcErrors.invalidRequest:
    case jsonRpcErrors.invalidParams:
      return 'invalid_argument';
    case jsonRpcErrors.methodNotFound:
      return 'unimplemented';
    case jsonRpcErrors.internalError:
      return 'internal';
  }
  const offset = jsonRpcErrors.serverError - n;
  return offset >= 1 && offset <= 16 ? codeFromNumber(offset) : 'unknown';
}

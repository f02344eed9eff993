/**
 * @module @svckit/core/transport/http/jsonrpc
 *
 * JSON-RPC 2.0 over HTTP (Go kit's `transport/http/jsonrpc`). For now the error table every
 * JSON-RPC server and client of svckit uses: {@link jsonRpcCodeOf} maps a canonical code to a
 * JSON-RPC error code and {@link codeOfJsonRpc} back, so that codes round-trip; the transport
 * itself comes with issue 16.
 */
export { jsonRpcErrors, jsonRpcCodeOf, codeOfJsonRpc } from './codes.js';

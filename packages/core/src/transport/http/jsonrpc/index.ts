/**
 * @module @svckit/core/transport/http/jsonrpc
 *
 * JSON-RPC 2.0 over HTTP (Go kit's `transport/http/jsonrpc`), with the whole specification:
 * {@link createServer} serves a map of methods (Go kit's `EndpointCodecMap`) as an HTTP
 * `Server` with both faces, with batches (run with a concurrency limit), notifications, params
 * by position or by name, body and batch limits; {@link createClient} is an endpoint per
 * method with Go kit's auto-incrementing ids, {@link createBatchClient} sends several calls in
 * one request. The error table every JSON-RPC server and client of svckit uses:
 * {@link jsonRpcCodeOf} maps a canonical code to a JSON-RPC error code and
 * {@link codeOfJsonRpc} back, so that codes round-trip; {@link JsonRpcError} carries one.
 */
export { jsonRpcErrors, jsonRpcCodeOf, codeOfJsonRpc } from './codes.js';
export type { ErrorCoder, ErrorObject } from './error.js';
export {
  JsonRpcError,
  isErrorCoder,
  errorMessage,
  errorObject,
  defaultErrorCode,
} from './error.js';
export type { Id, Params, Request, Response, Call } from './request.js';
export type { AnyMethod, DecodeParamsFunc, EncodeResultFunc, Method, Methods } from './method.js';
export { method } from './method.js';
export type { ErrorObjectFunc } from './dispatch.js';
export type { ServerOptions } from './server.js';
export { createServer, defaultMaxBatchSize, defaultBatchConcurrency } from './server.js';
export type { ClientOptions, DecodeResultFunc, EncodeParamsFunc } from './client.js';
export { createClient } from './client.js';
export type { BatchCall, BatchClient, BatchClientOptions, BatchResult } from './batch-client.js';
export { createBatchClient } from './batch-client.js';
export { parseExact, stringifyExact } from './exact-json.js';

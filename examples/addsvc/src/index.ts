/**
 * @module
 * Go kit's addsvc in svckit, in Go kit's layout: the service (`addservice`: Sum and Concat,
 * their business errors, logging and instrumenting middlewares), the endpoints (`addendpoint`:
 * requests, `Failer` responses, the example's rate limiters and circuit breakers), the
 * transports (`addtransport`: HTTP on core's server and router, gRPC on `@svckit/grpc`,
 * JSON-RPC on core's `transport/http/jsonrpc`, NATS on `@svckit/nats`, AMQP on `@svckit/amqp`,
 * with their clients), and the command (flags, debug listener with `/metrics`, `/healthz`,
 * `/readyz`, one run group for every listener). The runnable program is `dist/main.js`
 * (`npm start -w examples/addsvc -- …`); addcli builds on the clients exported here.
 */
export type { Service } from './addservice/service.js';
export {
  AddError,
  errIntOverflow,
  errMaxSizeExceeded,
  errTwoZeroes,
  intMax,
  intMin,
  isAddError,
  maxLen,
  newBasicService,
  utf8Length,
} from './addservice/service.js';
export type { Middleware } from './addservice/middleware.js';
export { instrumentingMiddleware, loggingMiddleware } from './addservice/middleware.js';
export type {
  Breakers,
  ConcatRequest,
  ConcatResponse,
  Set,
  SetOptions,
  SumRequest,
  SumResponse,
} from './addendpoint/set.js';
export {
  concatResponse,
  makeConcatEndpoint,
  makeSumEndpoint,
  newSet,
  setService,
  sumResponse,
} from './addendpoint/set.js';
export type { HTTPClientOptions, HTTPHandlerOptions } from './addtransport/http.js';
export {
  DecodeError,
  HTTPStatusError,
  decodeHTTPConcatRequest,
  decodeHTTPConcatResponse,
  decodeHTTPSumRequest,
  decodeHTTPSumResponse,
  encodeHTTPGenericRequest,
  encodeHTTPGenericResponse,
  err2code,
  errorEncoder,
  newHTTPClient,
  newHTTPHandler,
} from './addtransport/http.js';
export {
  Add,
  grpcErrorCode,
  grpcErrorText,
  newGRPCClient,
  newGRPCServer,
  str2err,
} from './addtransport/grpc.js';
export type { JSONRPCClientOptions, JSONRPCHandlerOptions } from './addtransport/jsonrpc.js';
export { goKitErrorObject, newJSONRPCClient, newJSONRPCHandler } from './addtransport/jsonrpc.js';
export type { NATSClientOptions, NATSServerOptions, NATSServers } from './addtransport/nats.js';
export { natsQueue, newNATSClient, newNATSServers } from './addtransport/nats.js';
export type { AMQPClientOptions, AMQPServerOptions, AMQPServers } from './addtransport/amqp.js';
export { newAMQPClient, newAMQPServers } from './addtransport/amqp.js';
export {
  decodeConcatReply,
  decodeConcatRequest,
  decodeSumReply,
  decodeSumRequest,
  encodeReply,
  encodeRequest,
} from './addtransport/messages.js';
export type { JWTOptions } from './auth.js';
export { authenticatedSet, jwksAlgorithms, jwtKid, keySource, signedSet } from './auth.js';
export type { Registration, RegistrationOptions } from './registration.js';
export { register } from './registration.js';
export type { BrokerActor } from './brokers.js';
export { redact, startAMQP, startNATS } from './brokers.js';
export type { JSONValue } from './addtransport/go-json.js';
export { JSONNumber, JSONSyntaxError, maxDepth, parseFirst } from './addtransport/go-json.js';
export type { BoolFlag, FlagSpec, FlagValues, StringFlag } from './flags.js';
export { FlagError, goQuote, parseDuration, parseFlags, usage } from './flags.js';
export type { Actor, ActorOptions, Exit, RunGroup, RunGroupOptions } from './run-group.js';
export { createRunGroup } from './run-group.js';
export type { Address, GRPCActor, HTTPActor } from './listeners.js';
export { formatAddress, parseAddress, startGRPC, startHTTP } from './listeners.js';
export type { Readiness } from './debug.js';
export { newDebugHandler } from './debug.js';
export type { StartedTransport, Transport, TransportContext } from './transports.js';
export { transports } from './transports.js';
export type { Addsvc, AddsvcFlags, AddsvcOptions, MainIO } from './addsvc.js';
export { addsvcFlags, main, newAddsvc, newLogger } from './addsvc.js';
export { banner } from './banner.js';

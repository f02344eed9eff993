/**
 * @module @svckit/core/transport/inproc
 *
 * The in-process transport: a server and a client over a function call, with everything a
 * network transport has — before, after, error encoder, error handler and finalizer hooks on
 * both sides, errors travelling with their canonical code in `svckit-error-code`, the deadline
 * in `connect-timeout-ms`, cancellation from client to server, and messages copied on every
 * hop. It is svckit's reference adapter of the server kernel (ARCHITECTURE.md, "How to write
 * a transport") and a test aid: wire two services together in one process, with the same
 * semantics as over the network.
 */
export type { Message } from './message.js';
export { newMessage } from './message.js';
export type { Server, ServerOptions } from './server.js';
export { createServer, defaultErrorEncoder } from './server.js';
export type { ClientOptions } from './client.js';
export { createClient } from './client.js';

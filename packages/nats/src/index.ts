/**
 * @module @svckit/nats
 *
 * svckit's NATS transport (Go kit's `transport/nats`) on `@nats-io/transport-node`, with what
 * Go kit's users asked for and never got: message headers both ways.
 *
 * - {@link createServer} (Go kit's `Subscriber`): one endpoint served on a subject (queue
 *   groups too) by the core server kernel; before/after hooks see headers; a `Headerer`
 *   response sets reply headers; errors are answered `{"err":"..."}` with the canonical code in
 *   `svckit-error-code`; `connect-timeout-ms` is the request's deadline; size and concurrency
 *   limits; {@link Server.close} drains.
 * - {@link createClient} (Go kit's `Publisher`): an endpoint doing request/reply with the
 *   context's deadline (10 s by default), over one shared reply subscription per connection;
 *   "no responders" fails at once as `unavailable`.
 * - JSON codecs as Go kit's (`encodeJSONResponse`, `encodeJSONRequest`) and decoders that answer
 *   bad JSON `invalid_argument`.
 */
export type { Outgoing } from './message.js';
export { newOutgoing, setHeader, addHeaders, headerOf } from './message.js';
export {
  parseJSON,
  decodeJSONRequest,
  decodeJSONResponse,
  encodeJSONRequest,
  encodeJSONResponse,
  errorText,
} from './codec.js';
export { msgOf, withMsg } from './context.js';
export type { Server, ServerOptions, SubscribeOptions } from './server.js';
export {
  createServer,
  defaultErrorEncoder,
  defaultMaxInFlight,
  defaultMaxPayloadBytes,
} from './server.js';
export type { ClientOptions } from './client.js';
export { createClient, defaultTimeoutMs } from './client.js';

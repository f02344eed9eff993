/**
 * @module @svckit/amqp
 *
 * svckit's AMQP 0-9-1 transport (Go kit's `transport/amqp`) on `amqplib`, for RabbitMQ:
 *
 * - {@link createServer} (Go kit's `Subscriber`): per delivery, the core server kernel, then
 *   the reply to `replyTo` echoing `correlationId`; ack strategies (`auto`, `afterEndpoint`),
 *   the error encoders of Go kit ({@link replyErrorEncoder}, {@link nopErrorEncoder},
 *   {@link nackRequeueErrorEncoder} with a delay); codes and deadlines in headers.
 * - {@link createClient} (Go kit's `Publisher`): RPC over one reply queue per connection (or
 *   direct reply-to) with a correlation map and the context's deadline (10 s by default);
 *   {@link createSender}: send-and-forget.
 * - {@link createConnection}: a connection that reconnects with core's back-off and
 *   re-declares consumers and reply queues; TLS through `amqps://` and socket options.
 */
export type { Connection, ConnectionOptions, Setup } from './connection.js';
export { createConnection } from './connection.js';
export type { Publishing, Reply } from './message.js';
export { newPublishing, newReply, setHeader, addHeaders, headerOf } from './message.js';
export {
  parseJSON,
  decodeJSONRequest,
  decodeJSONResponse,
  encodeJSONRequest,
  encodeJSONResponse,
  errorText,
} from './codec.js';
export type { Incoming } from './context.js';
export { deliveryOf, withDelivery } from './context.js';
export {
  replyErrorEncoder,
  replyErrorEncoderWith,
  nopErrorEncoder,
  nackRequeueErrorEncoder,
} from './error-encoders.js';
export type { Server, ServerOptions, ConsumeOptions } from './server.js';
export { createServer, defaultMaxBodyBytes, defaultMaxInFlight } from './server.js';
export type { ClientOptions } from './client.js';
export { createClient, createSender, defaultTimeoutMs } from './client.js';

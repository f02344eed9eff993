import type { Channel, ConsumeMessage, Options } from 'amqplib';
import { background, withDeadline } from '@svckit/core/context';
import type { Context } from '@svckit/core/context';
import { ServiceError } from '@svckit/core/errors';
import type { Code } from '@svckit/core/errors';
import type { Endpoint } from '@svckit/core/endpoint';
import { createKernel, errorCodeHeader, parseTimeout, timeoutHeader } from '@svckit/core/transport';
import type {
  AfterFunc,
  BeforeFunc,
  DecodeFunc,
  EncodeFunc,
  ErrorEncodeFunc,
  ErrorHandler,
  FinalizerFunc,
} from '@svckit/core/transport';
import { coalesce } from './coalesce.js';
import type { Connection } from './connection.js';
import { withDelivery } from './context.js';
import { replyErrorEncoder, replyErrorEncoderWith } from './error-encoders.js';
import { headerOf, newReply, publishOptions } from './message.js';
import type { Reply } from './message.js';

/** defaultMaxBodyBytes is the largest request body a server decodes: 1 MiB. */
export const defaultMaxBodyBytes = 1024 * 1024;

/** defaultMaxInFlight bounds concurrent deliveries of an auto-ack server: 1000. */
export const defaultMaxInFlight = 1000;

/** ServerOptions are an AMQP {@link createServer}'s hooks and settings, all optional. */
export interface ServerOptions {
  /** before hooks see the delivery (headers, properties) and may return a new context. */
  readonly before?: readonly BeforeFunc<ConsumeMessage>[];
  /** after hooks run after the endpoint succeeded and may set reply properties. */
  readonly after?: readonly AfterFunc<Reply>[];
  /** errorEncoder answers an error. Default {@link replyErrorEncoder}. */
  readonly errorEncoder?: ErrorEncodeFunc<Reply>;
  /** errorCode maps an error to the code the default error encoder sends. Default `codeOf`. */
  readonly errorCode?: (err: unknown) => Code;
  /** errorHandler sees every error first. Default: nothing. */
  readonly errorHandler?: ErrorHandler;
  /** finalizer hooks run last, with the delivery, the reply and what happened. */
  readonly finalizer?: readonly FinalizerFunc<ConsumeMessage, Reply>[];
  /**
   * ack: `auto` (default; the broker forgets a message once delivered, as addsvc does) or
   * `afterEndpoint`: manual acks, a delivery is acknowledged only once its endpoint finished
   * and its reply was published (a crash before that redelivers it); an error encoder may
   * requeue it instead ({@link nackRequeueErrorEncoder}).
   */
  readonly ack?: 'auto' | 'afterEndpoint';
  /** maxBodyBytes: larger requests are answered `resource_exhausted` undecoded. 1 MiB. */
  readonly maxBodyBytes?: number;
  /** maxInFlight: more concurrent deliveries are answered `resource_exhausted`. 1000. */
  readonly maxInFlight?: number;
  /** maxTimeoutMs caps the deadline a request's `connect-timeout-ms` asks for. None. */
  readonly maxTimeoutMs?: number;
}

/** ConsumeOptions say which queue {@link Server.consume} declares and reads. */
export interface ConsumeOptions {
  /**
   * declare is the queue's declaration, or false to use an existing queue. Default: not
   * durable, not exclusive, not auto-delete (addsvc's).
   */
  readonly declare?: Options.AssertQueue | false;
}

/** Server is one endpoint served over AMQP RPC (Go kit's `amqp.Subscriber`). */
export interface Server {
  /** serveDelivery serves one delivery that came on `channel`; it never rejects. */
  serveDelivery(channel: Channel, delivery: ConsumeMessage): Promise<void>;
  /**
   * consume declares `queue` and consumes it on the connection's channel, again on every new
   * channel after a reconnect; resolves once consuming.
   */
  consume(conn: Connection, queue: string, options?: ConsumeOptions): Promise<void>;
  /** inFlight is how many deliveries are being served now. */
  readonly inFlight: number;
  /**
   * close stops consuming (the broker sends no more), lets the deliveries being served finish
   * and answer, then resolves. Close the connection after it.
   */
  close(): Promise<void>;
}

function fallback(_ctx: Context, _err: unknown, reply: Reply): void {
  reply.properties = {
    contentType: 'application/json',
    headers: { [errorCodeHeader]: 'internal' },
  };
  reply.content = '{"err":"internal error"}';
  reply.send = true;
}

/**
 * createServer serves an endpoint over AMQP (Go kit's `amqptransport.Subscriber`) on the core
 * server kernel: per delivery, before(ctx, delivery) → decode → endpoint → after → encode →
 * publish the reply to the default exchange with routing key `replyTo`, echoing
 * `correlationId`. A delivery without `replyTo` is served and answered nothing. Its
 * `connect-timeout-ms` header is its context's deadline; an error is answered
 * `{"err":"..."}` with the code in `svckit-error-code` (see the error encoders for the
 * others); bodies over `maxBodyBytes` are refused `resource_exhausted` undecoded.
 *
 * @example
 * const server = createServer(sum, decodeJSONRequest, encodeJSONResponse);
 * await server.consume(conn, 'addsvc.sum');
 */
export function createServer<Req, Res>(
  endpoint: Endpoint<Req, Res>,
  decode: DecodeFunc<ConsumeMessage, Req>,
  encode: EncodeFunc<Reply, Res>,
  options: ServerOptions = {},
): Server {
  if (options.errorEncoder !== undefined && options.errorCode !== undefined) {
    throw new TypeError('amqp createServer: errorCode configures the default error encoder');
  }
  const manual = options.ack === 'afterEndpoint';
  const maxBody = options.maxBodyBytes ?? defaultMaxBodyBytes;
  const maxInFlight = options.maxInFlight ?? defaultMaxInFlight;
  const maxTimeout = options.maxTimeoutMs;
  const errorHandler = options.errorHandler;
  const errorEncoder =
    options.errorEncoder ??
    (options.errorCode === undefined
      ? replyErrorEncoder
      : replyErrorEncoderWith(options.errorCode));
  const guardedDecode: DecodeFunc<ConsumeMessage, Req> = (ctx, d) => {
    if (d.content.length > maxBody) {
      throw new ServiceError(
        'resource_exhausted',
        `message too large: ${d.content.length} bytes, at most ${maxBody}`,
      );
    }
    return decode(ctx, d);
  };
  const serve = createKernel(endpoint, guardedDecode, encode, {
    before: options.before,
    after: options.after,
    errorHandler,
    errorEncoder,
    fallback,
    finalizer: options.finalizer,
  });

  let inFlight = 0;
  let idle: (() => void) | undefined;
  const consumers = new Map<Channel, string[]>();
  const unregister: (() => void)[] = [];

  const report = (ctx: Context, err: unknown): void => {
    try {
      errorHandler?.(ctx, err);
    } catch {
      // an error handler must not throw
    }
  };

  const finish = (ctx: Context, ch: Channel, d: ConsumeMessage, reply: Reply): void => {
    const to = reply.routingKey ?? (d.properties.replyTo as string | undefined);
    if (reply.send && to !== undefined && to !== '') {
      const p = reply.properties;
      const properties = publishOptions(
        p,
        p.replyTo,
        (d.properties.correlationId as string | undefined) ?? p.correlationId,
      );
      const content = reply.content ?? '';
      try {
        ch.publish(
          reply.exchange,
          to,
          typeof content === 'string' ? Buffer.from(content) : content,
          properties,
        );
        coalesce(ch);
      } catch (err) {
        report(ctx, err); // the channel is gone: a manual-ack delivery comes again
        return;
      }
    }
    if (!manual) return;
    try {
      if (reply.settle === 'nack') ch.nack(d, false, false);
      else if (reply.settle === 'requeue') {
        if (reply.requeueDelayMs <= 0) ch.nack(d, false, true);
        else {
          setTimeout(() => {
            try {
              ch.nack(d, false, true);
            } catch {
              // the channel closed meanwhile: the broker requeues it by itself
            }
          }, reply.requeueDelayMs).unref();
        }
      } else ch.ack(d);
    } catch (err) {
      report(ctx, err);
    }
  };

  const serveDelivery = async (ch: Channel, d: ConsumeMessage): Promise<void> => {
    let ctx = withDelivery(background(), { delivery: d, channel: ch });
    const reply = newReply();
    if (inFlight >= maxInFlight) {
      const err = new ServiceError(
        'resource_exhausted',
        `server busy: ${inFlight} requests in flight`,
      );
      report(ctx, err);
      try {
        await errorEncoder(ctx, err, reply);
      } catch {
        fallback(ctx, err, reply);
      }
      finish(ctx, ch, d, reply);
      return;
    }
    inFlight++;
    let cancel: (() => void) | undefined;
    try {
      let timeout = parseTimeout(headerOf(d.properties.headers, timeoutHeader));
      if (maxTimeout !== undefined && (timeout === undefined || timeout > maxTimeout)) {
        timeout = maxTimeout;
      }
      if (timeout !== undefined) [ctx, cancel] = withDeadline(ctx, Date.now() + timeout);
      await serve(ctx, d, reply);
      finish(ctx, ch, d, reply);
    } finally {
      cancel?.();
      inFlight--;
      if (inFlight === 0 && idle !== undefined) idle();
    }
  };

  return {
    serveDelivery,
    get inFlight() {
      return inFlight;
    },
    async consume(conn, queue, consumeOptions = {}) {
      const declare = consumeOptions.declare ?? {
        durable: false,
        exclusive: false,
        autoDelete: false,
      };
      const setup = async (ch: Channel): Promise<void> => {
        if (declare !== false) await ch.assertQueue(queue, declare);
        const { consumerTag } = await ch.consume(
          queue,
          (d) => {
            if (d !== null) void serveDelivery(ch, d);
          },
          { noAck: !manual },
        );
        const tags = consumers.get(ch) ?? [];
        if (tags.length === 0) {
          consumers.set(ch, tags);
          ch.once('close', () => consumers.delete(ch));
        }
        tags.push(consumerTag);
      };
      unregister.push(await conn.onChannel(setup));
    },
    async close() {
      for (const u of unregister.splice(0)) u();
      const cancels: Promise<unknown>[] = [];
      for (const [ch, tags] of consumers) {
        for (const tag of tags) cancels.push(ch.cancel(tag).catch(() => undefined));
      }
      consumers.clear();
      await Promise.all(cancels);
      if (inFlight > 0) await new Promise<void>((resolve) => (idle = resolve));
      idle = undefined;
    },
  };
}

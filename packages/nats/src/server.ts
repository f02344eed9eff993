import type { Msg, NatsConnection, Subscription } from '@nats-io/transport-node';
import { background, withDeadline } from '@svckit/core/context';
import type { Context } from '@svckit/core/context';
import { ServiceError, codeOf } from '@svckit/core/errors';
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
import { withMsg } from './context.js';
import { headerOf, newOutgoing, setHeader } from './message.js';
import type { Outgoing } from './message.js';

/** defaultMaxPayloadBytes is the largest request a server decodes: 1 MiB, NATS's own default. */
export const defaultMaxPayloadBytes = 1024 * 1024;

/** defaultMaxInFlight is how many requests one server serves at once before it answers busy. */
export const defaultMaxInFlight = 1000;

/** ServerOptions are a NATS {@link createServer}'s hooks and limits, all optional. */
export interface ServerOptions {
  /** before hooks see the incoming message (its headers) and may return a new context. */
  readonly before?: readonly BeforeFunc<Msg>[];
  /** after hooks run after the endpoint succeeded and may set reply headers. */
  readonly after?: readonly AfterFunc<Outgoing>[];
  /** errorEncoder writes an error reply. Default {@link defaultErrorEncoder}. */
  readonly errorEncoder?: ErrorEncodeFunc<Outgoing>;
  /** errorCode maps an error to the code the default error encoder sends. Default `codeOf`. */
  readonly errorCode?: (err: unknown) => Code;
  /** errorHandler sees every error first (log or count it). Default: nothing. */
  readonly errorHandler?: ErrorHandler;
  /** finalizer hooks run last, with the message, the reply and what happened. */
  readonly finalizer?: readonly FinalizerFunc<Msg, Outgoing>[];
  /** maxPayloadBytes: larger requests are answered `resource_exhausted` undecoded. 1 MiB. */
  readonly maxPayloadBytes?: number;
  /** maxInFlight: more concurrent requests are answered `resource_exhausted`. 1000. */
  readonly maxInFlight?: number;
  /** maxTimeoutMs caps the deadline a request's `connect-timeout-ms` asks for. None. */
  readonly maxTimeoutMs?: number;
}

/** SubscribeOptions say how {@link Server.subscribe} subscribes. */
export interface SubscribeOptions {
  /** queue is the queue group: one member of the group gets each message. */
  readonly queue?: string;
}

/** Server is one endpoint served over NATS request/reply (Go kit's `nats.Subscriber`). */
export interface Server {
  /**
   * serveMsg serves one message: decode, endpoint, encode, reply to `msg.reply`; a message
   * without a reply subject is served and gets no reply, even on error. It never rejects.
   */
  serveMsg(msg: Msg): Promise<void>;
  /** subscribe serves every message of `subject` on `nc` (in the queue group, if given). */
  subscribe(nc: NatsConnection, subject: string, options?: SubscribeOptions): Subscription;
  /** inFlight is how many messages are being served now. */
  readonly inFlight: number;
  /**
   * close drains: the subscriptions stop taking messages (the broker stops sending them),
   * the messages already received are served and answered, then it resolves. Close the
   * connection after it (`await nc.drain()`).
   */
  close(): Promise<void>;
}

/**
 * defaultErrorEncoder is Go kit's `DefaultErrorEncoder` with svckit's header: the body is
 * exactly `{"err":"<message>"}`, the canonical code travels in `svckit-error-code`.
 */
export const defaultErrorEncoder: ErrorEncodeFunc<Outgoing> = errorEncoderWith(codeOf);

function errorEncoderWith(codeFor: (err: unknown) => Code): ErrorEncodeFunc<Outgoing> {
  return (_ctx, err, reply) => {
    reply.headers = undefined;
    setHeader(reply, errorCodeHeader, codeFor(err));
    reply.data = JSON.stringify({ err: err instanceof Error ? err.message : String(err) });
  };
}

function fallback(_ctx: Context, _err: unknown, reply: Outgoing): void {
  reply.headers = undefined;
  setHeader(reply, errorCodeHeader, 'internal');
  reply.data = '{"err":"internal error"}';
}

/**
 * createServer serves an endpoint over NATS request/reply (Go kit's `natstransport.Subscriber`)
 * on the core server kernel: before(ctx, msg) → decode → endpoint → after → encode → publish
 * to `msg.reply`. The request's `connect-timeout-ms` header is its context's deadline; an error
 * is answered `{"err":"..."}` with its code in `svckit-error-code`; requests over
 * `maxPayloadBytes`, or beyond `maxInFlight` at once, are refused `resource_exhausted` without
 * decoding. {@link msgOf} reads the message from the context.
 *
 * @example
 * const server = createServer(uppercase, decodeJSONRequest, encodeJSONResponse);
 * server.subscribe(nc, 'stringsvc.uppercase', { queue: 'stringsvc' });
 * // on shutdown: await server.close(); await nc.drain();
 */
export function createServer<Req, Res>(
  endpoint: Endpoint<Req, Res>,
  decode: DecodeFunc<Msg, Req>,
  encode: EncodeFunc<Outgoing, Res>,
  options: ServerOptions = {},
): Server {
  if (options.errorEncoder !== undefined && options.errorCode !== undefined) {
    throw new TypeError('nats createServer: errorCode configures the default error encoder');
  }
  const maxPayload = options.maxPayloadBytes ?? defaultMaxPayloadBytes;
  const maxInFlight = options.maxInFlight ?? defaultMaxInFlight;
  const maxTimeout = options.maxTimeoutMs;
  const errorHandler = options.errorHandler;
  const guardedDecode: DecodeFunc<Msg, Req> = (ctx, msg) => {
    if (msg.data.length > maxPayload) {
      throw new ServiceError(
        'resource_exhausted',
        `message too large: ${msg.data.length} bytes, at most ${maxPayload}`,
      );
    }
    return decode(ctx, msg);
  };
  const errorEncoder =
    options.errorEncoder ??
    (options.errorCode === undefined ? defaultErrorEncoder : errorEncoderWith(options.errorCode));
  const serve = createKernel(endpoint, guardedDecode, encode, {
    before: options.before,
    after: options.after,
    errorHandler,
    errorEncoder,
    fallback,
    finalizer: options.finalizer,
  });
  const busy = errorEncoder;
  const report = (ctx: Context, err: unknown): void => {
    try {
      errorHandler?.(ctx, err);
    } catch {
      // an error handler must not throw; the message is still answered
    }
  };

  const subscriptions = new Set<Subscription>();
  let inFlight = 0;
  let idle: (() => void) | undefined;

  const send = (msg: Msg, reply: Outgoing, ctx: Context): void => {
    const to = msg.reply;
    if (to === undefined || to === '') return;
    try {
      msg.respond(
        reply.data ?? '',
        reply.headers === undefined ? undefined : { headers: reply.headers },
      );
    } catch (err) {
      // The reply could not go (too large for the broker, connection closed): say so.
      report(ctx, err);
      const text = err instanceof Error ? err.message : String(err);
      const code = /max.?payload/i.test(text) ? 'resource_exhausted' : codeOf(err);
      const failed = newOutgoing();
      const sendFailure = (): void => {
        try {
          const h = failed.headers === undefined ? undefined : { headers: failed.headers };
          msg.respond(failed.data ?? '', h);
        } catch {
          // nothing more can be sent
        }
      };
      const failure = new ServiceError(code, `reply not sent: ${text}`);
      let encoded: void | Promise<void> = undefined;
      try {
        encoded = busy(ctx, failure, failed);
      } catch {
        fallback(ctx, failure, failed);
      }
      if (encoded === undefined) sendFailure();
      else encoded.then(sendFailure, () => (fallback(ctx, failure, failed), sendFailure()));
    }
  };

  const serveMsg = async (msg: Msg): Promise<void> => {
    let ctx = withMsg(background(), msg);
    const reply = newOutgoing();
    if (inFlight >= maxInFlight) {
      const err = new ServiceError(
        'resource_exhausted',
        `server busy: ${inFlight} requests in flight`,
      );
      report(ctx, err);
      try {
        await busy(ctx, err, reply);
      } catch {
        fallback(ctx, err, reply);
      }
      send(msg, reply, ctx);
      return;
    }
    inFlight++;
    let cancel: (() => void) | undefined;
    try {
      let timeout = parseTimeout(headerOf(msg.headers, timeoutHeader));
      if (maxTimeout !== undefined && (timeout === undefined || timeout > maxTimeout))
        timeout = maxTimeout;
      if (timeout !== undefined) [ctx, cancel] = withDeadline(ctx, Date.now() + timeout);
      await serve(ctx, msg, reply);
      send(msg, reply, ctx);
    } finally {
      cancel?.();
      inFlight--;
      if (inFlight === 0 && idle !== undefined) idle();
    }
  };

  return {
    serveMsg,
    get inFlight() {
      return inFlight;
    },
    subscribe(nc, subject, subscribeOptions = {}) {
      const sub = nc.subscribe(subject, {
        ...(subscribeOptions.queue === undefined ? {} : { queue: subscribeOptions.queue }),
        callback: (err, msg) => {
          if (err !== null) return; // the subscription closed with an error (permissions)
          void serveMsg(msg);
        },
      });
      subscriptions.add(sub);
      void sub.closed.then(() => subscriptions.delete(sub));
      return sub;
    },
    async close() {
      await Promise.all(
        [...subscriptions].map((s) =>
          s.isClosed() ? undefined : s.drain().catch(() => undefined),
        ),
      );
      if (inFlight > 0) await new Promise<void>((resolve) => (idle = resolve));
      idle = undefined;
    },
  };
}

import type { ConsumeMessage } from 'amqplib';
import { DeadlineExceededError, isCancelable } from '@svckit/core/context';
import type { Context } from '@svckit/core/context';
import { ServiceError, isCode } from '@svckit/core/errors';
import type { Endpoint } from '@svckit/core/endpoint';
import { errorCodeHeader, formatTimeout, timeoutHeader } from '@svckit/core/transport';
import { errorText } from './codec.js';
import { coalesce } from './coalesce.js';
import type { Connection } from './connection.js';
import { headerOf, newPublishing, setHeader } from './message.js';
import type { Publishing } from './message.js';
import { repliesOf } from './replies.js';
import type { Replies } from './replies.js';

/** defaultTimeoutMs bounds a call when its context allows more or has no deadline: 10 s (Go kit). */
export const defaultTimeoutMs = 10_000;

/** ClientOptions are an AMQP {@link createClient}'s hooks and settings, all optional. */
export interface ClientOptions {
  /** exchange to publish to. Default `""`, the default exchange (routing key = queue name). */
  readonly exchange?: string;
  /** before hooks run after encoding, before publishing; they may set properties and headers. */
  readonly before?: readonly ((ctx: Context, request: Publishing) => Context)[];
  /** after hooks see the reply delivery before it is decoded or turned into an error. */
  readonly after?: readonly ((ctx: Context, reply: ConsumeMessage) => Context)[];
  /** finalizer hooks run at the end of every call, with its error (or undefined). */
  readonly finalizer?: readonly ((ctx: Context, err: unknown) => void)[];
  /** timeoutMs bounds every call (Go kit's `PublisherTimeout`). Default 10000. */
  readonly timeoutMs?: number;
  /**
   * propagateDeadline sends the context's remaining budget as `connect-timeout-ms` (when it has
   * a deadline) and the call's budget as the message's `expiration` (RabbitMQ drops a request
   * that waited in its queue past it). Default true.
   */
  readonly propagateDeadline?: boolean;
  /** replies: `queue` (default; a server-named exclusive queue, as Go kit) or `direct` (RabbitMQ's direct reply-to). */
  readonly replies?: 'queue' | 'direct';
}

/**
 * createClient returns an endpoint making AMQP RPC calls (Go kit's `amqptransport.Publisher`):
 * encode → before → deadline headers → publish to `exchange`/`routingKey` with `replyTo` (the
 * connection's reply queue) and a fresh `correlationId` → the reply with that id → after → an
 * error reply (one with `svckit-error-code`) rejects with a `ServiceError` of that code and the
 * `err` text, any other reply is decoded → finalizers. The budget is the context's, at most
 * `timeoutMs` (10 s); while the broker is down the call waits for the connection up to that
 * deadline; a channel lost mid-call fails it at once `unavailable`.
 *
 * @example
 * const sum = createClient(conn, 'addsvc.sum', encodeJSONRequest, decodeJSONResponse);
 * await sum(background(), { a: 1, b: 2 }); // { v: 3 }
 */
export function createClient<Req, Res>(
  conn: Connection,
  routingKey: string,
  encode: (ctx: Context, request: Publishing, value: Req) => void | Promise<void>,
  decode: (ctx: Context, reply: ConsumeMessage) => Res | Promise<Res>,
  options: ClientOptions = {},
): Endpoint<Req, Res> {
  const exchange = options.exchange ?? '';
  const before = options.before ?? [];
  const after = options.after ?? [];
  const finalizer = options.finalizer ?? [];
  const timeoutMs = options.timeoutMs ?? defaultTimeoutMs;
  const propagate = options.propagateDeadline !== false;
  const kind = options.replies ?? 'queue';
  let ready: Replies | undefined; // the connection's replies, once set up (they outlive channels)
  return async (ctx, value) => {
    const now = Date.now();
    const own = ctx.deadline;
    const deadline = own === undefined || own > now + timeoutMs ? now + timeoutMs : own;
    let failure: unknown;
    try {
      if (deadline <= now) throw new DeadlineExceededError();
      const request = newPublishing();
      const encoded = encode(ctx, request, value);
      if (encoded !== undefined) await encoded;
      for (let i = 0; i < before.length; i++) {
        ctx = (before[i] as (c: Context, p: Publishing) => Context)(ctx, request);
      }
      if (propagate) {
        // The caller's own budget travels as a header; any budget as the message's expiration.
        const budget = formatTimeout(deadline - Date.now());
        if (own !== undefined) setHeader(request, timeoutHeader, budget);
        request.properties.expiration ??= budget;
      }
      const content = request.content ?? '';
      const replies = ready ?? (ready = await repliesOf(conn, kind));
      const reply = await replies.call(
        exchange,
        routingKey,
        typeof content === 'string' ? Buffer.from(content) : content,
        request.properties,
        deadline,
        isCancelable(ctx) ? ctx.signal : undefined,
      );
      for (let i = 0; i < after.length; i++)
        ctx = (after[i] as (c: Context, d: ConsumeMessage) => Context)(ctx, reply);
      const code = headerOf(reply.properties.headers, errorCodeHeader);
      if (code !== undefined) {
        throw new ServiceError(isCode(code) ? code : 'unknown', errorText(reply.content));
      }
      const decoded = decode(ctx, reply);
      return decoded instanceof Promise ? await decoded : decoded; // a sync decoder costs no tick
    } catch (err) {
      failure = err;
      throw err;
    } finally {
      for (let i = 0; i < finalizer.length; i++)
        (finalizer[i] as (c: Context, e: unknown) => void)(ctx, failure);
    }
  };
}

/**
 * createSender returns an endpoint that publishes and does not wait (Go kit's
 * `SendAndForgetDeliverer`): encode → before → publish, resolving once the message is handed
 * to the channel; waits for a channel up to the context's deadline while the broker is down.
 */
export function createSender<Req>(
  conn: Connection,
  routingKey: string,
  encode: (ctx: Context, request: Publishing, value: Req) => void | Promise<void>,
  options: Pick<ClientOptions, 'exchange' | 'before' | 'timeoutMs'> = {},
): Endpoint<Req, void> {
  const exchange = options.exchange ?? '';
  const before = options.before ?? [];
  const timeoutMs = options.timeoutMs ?? defaultTimeoutMs;
  return async (ctx, value) => {
    const request = newPublishing();
    await encode(ctx, request, value);
    for (const f of before) ctx = f(ctx, request);
    let ch = conn.channel;
    if (ch === undefined) {
      // The broker is down: wait for a channel up to the deadline (a timer only in this case).
      const left = Math.min(
        timeoutMs,
        ctx.deadline === undefined ? Infinity : ctx.deadline - Date.now(),
      );
      if (left <= 0) throw new DeadlineExceededError();
      const timeout = AbortSignal.timeout(left);
      const signal = isCancelable(ctx) ? AbortSignal.any([ctx.signal, timeout]) : timeout;
      try {
        ch = await conn.ready(signal);
      } catch (err) {
        throw signal.reason === timeout.reason ? new DeadlineExceededError() : err;
      }
    }
    const content = request.content ?? '';
    ch.publish(
      exchange,
      routingKey,
      typeof content === 'string' ? Buffer.from(content) : content,
      request.properties,
    );
    coalesce(ch);
  };
}

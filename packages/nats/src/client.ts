import { NoRespondersError } from '@nats-io/transport-node';
import type { Msg, NatsConnection } from '@nats-io/transport-node';
import { DeadlineExceededError, isCancelable } from '@svckit/core/context';
import type { Context } from '@svckit/core/context';
import { ServiceError, isCode } from '@svckit/core/errors';
import type { Endpoint } from '@svckit/core/endpoint';
import { errorCodeHeader, formatTimeout, timeoutHeader } from '@svckit/core/transport';
import { errorText } from './codec.js';
import { headerOf, newOutgoing, setHeader } from './message.js';
import type { Outgoing } from './message.js';
import { inboxRequest, sharedReplies } from './replies.js';
import type { RequestFunc } from './replies.js';

/** defaultTimeoutMs is a call's budget when the context gives less time or none: 10 s (Go kit). */
export const defaultTimeoutMs = 10_000;

/** ClientOptions are a NATS {@link createClient}'s hooks and settings, all optional. */
export interface ClientOptions {
  /** before hooks run after encoding, before sending; they may set request headers. */
  readonly before?: readonly ((ctx: Context, request: Outgoing) => Context)[];
  /** after hooks see the reply (its headers) before it is decoded or turned into an error. */
  readonly after?: readonly ((ctx: Context, reply: Msg) => Context)[];
  /** finalizer hooks run at the end of every call, with its error (or undefined). */
  readonly finalizer?: readonly ((ctx: Context, err: unknown) => void)[];
  /** timeoutMs bounds every call (Go kit's `PublisherTimeout`). Default 10000. */
  readonly timeoutMs?: number;
  /**
   * propagateDeadline sends the context's remaining budget as `connect-timeout-ms` (when the
   * context has a deadline: `timeoutMs` alone is this client's bound, not sent). Default true.
   */
  readonly propagateDeadline?: boolean;
  /**
   * replies: `shared` (default) routes every reply over one subscription per connection;
   * `inbox` subscribes a fresh inbox per request.
   */
  readonly replies?: 'shared' | 'inbox';
}

/**
 * createClient returns an endpoint calling `subject` over NATS request/reply (Go kit's
 * `natstransport.Publisher`): encode → before → the deadline as `connect-timeout-ms` →
 * publish with a reply subject → after → an error reply (one with `svckit-error-code`) rejects
 * with a `ServiceError` of that code and the `err` text, any other reply is decoded →
 * finalizers. The call's budget is the context's, at most `timeoutMs` (10 s; one timer for all
 * calls of a connection, none per call): it rejects with
 * `DeadlineExceededError` at the deadline; no subscriber on the subject rejects at once with
 * `unavailable` ("no responders"); a closed connection with `unavailable`.
 *
 * @example
 * const uppercase = createClient(nc, 'stringsvc.uppercase', encodeJSONRequest, decodeJSONResponse);
 * await uppercase(background(), { s: 'hi' }); // { v: 'HI' }
 */
export function createClient<Req, Res>(
  nc: NatsConnection,
  subject: string,
  encode: (ctx: Context, request: Outgoing, value: Req) => void | Promise<void>,
  decode: (ctx: Context, reply: Msg) => Res | Promise<Res>,
  options: ClientOptions = {},
): Endpoint<Req, Res> {
  const before = options.before ?? [];
  const after = options.after ?? [];
  const finalizer = options.finalizer ?? [];
  const timeoutMs = options.timeoutMs ?? defaultTimeoutMs;
  const propagate = options.propagateDeadline !== false;
  const inbox: RequestFunc | undefined = options.replies === 'inbox' ? inboxRequest(nc) : undefined;
  return async (ctx, value) => {
    const now = Date.now();
    const own = ctx.deadline;
    const deadline = own === undefined || own > now + timeoutMs ? now + timeoutMs : own;
    let failure: unknown;
    try {
      if (deadline <= now) throw new DeadlineExceededError();
      const request = newOutgoing();
      const encoded = encode(ctx, request, value);
      if (encoded !== undefined) await encoded;
      for (let i = 0; i < before.length; i++) {
        ctx = (before[i] as (c: Context, r: Outgoing) => Context)(ctx, request);
      }
      // The caller's own budget travels; the transport's default timeout is only its bound.
      if (propagate && own !== undefined) {
        setHeader(request, timeoutHeader, formatTimeout(deadline - Date.now()));
      }
      const send = inbox ?? sharedReplies(nc).request;
      const signal = isCancelable(ctx) ? ctx.signal : undefined;
      const reply = await send(subject, request.data ?? '', request.headers, deadline, signal);
      const h = reply.headers;
      if (h !== undefined && h.code === 503 && reply.data.length === 0) {
        const cause = new NoRespondersError(subject);
        throw new ServiceError('unavailable', cause.message, { cause });
      }
      for (let i = 0; i < after.length; i++)
        ctx = (after[i] as (c: Context, m: Msg) => Context)(ctx, reply);
      const code = headerOf(h, errorCodeHeader);
      if (code !== undefined) {
        throw new ServiceError(isCode(code) ? code : 'unknown', errorText(reply.data));
      }
      return await decode(ctx, reply);
    } catch (err) {
      failure = err;
      throw err;
    } finally {
      for (let i = 0; i < finalizer.length; i++)
        (finalizer[i] as (c: Context, e: unknown) => void)(ctx, failure);
    }
  };
}

import {
  DeadlineExceededError,
  background,
  isCancelable,
  remaining,
  withSignal,
} from '../../context/index.js';
import type { Context } from '../../context/index.js';
import { ServiceError, isCode } from '../../errors/index.js';
import type { Endpoint } from '../../endpoint/index.js';
import { errorCodeHeader, formatTimeout, timeoutHeader } from '../headers.js';
import { newMessage } from './message.js';
import type { Message } from './message.js';
import type { Server } from './server.js';

/** ClientOptions are the hooks of an in-process {@link createClient}, all optional. */
export interface ClientOptions {
  /** before hooks run after encoding, before sending; they may set headers. */
  readonly before?: readonly ((ctx: Context, message: Message) => Context)[];
  /** after hooks see the reply (its headers) before it is decoded or turned into an error. */
  readonly after?: readonly ((ctx: Context, reply: Message) => Context)[];
  /** finalizer hooks run at the end of every call, with its error (or undefined). */
  readonly finalizer?: readonly ((ctx: Context, err: unknown) => void)[];
  /**
   * propagateDeadline sends the context's remaining time as `connect-timeout-ms`. Default
   * true.
   */
  readonly propagateDeadline?: boolean;
}

/**
 * createClient returns an endpoint calling an in-process {@link Server}, with a client
 * transport's semantics: `encode` fills a fresh {@link Message}, `before` hooks run, the
 * deadline goes as `connect-timeout-ms`, the message is copied to the server, the reply back;
 * `after` hooks run; an error reply (one with `svckit-error-code`) rejects with a
 * `ServiceError` of that code and text, any other reply is decoded. The context's
 * cancellation reaches the server's context; at the deadline the call rejects with
 * `DeadlineExceededError` even if the server does not stop.
 *
 * @example
 * const call = createClient(server, (_ctx, m, s: string) => { m.payload = s; },
 *   (_ctx, reply) => reply.payload as string);
 */
export function createClient<Req, Res>(
  server: Server,
  encode: (ctx: Context, message: Message, request: Req) => void | Promise<void>,
  decode: (ctx: Context, reply: Message) => Res | Promise<Res>,
  options: ClientOptions = {},
): Endpoint<Req, Res> {
  const before = options.before ?? [];
  const after = options.after ?? [];
  const finalizer = options.finalizer ?? [];
  const propagate = options.propagateDeadline !== false;
  return async (ctx, request) => {
    let failure: unknown;
    try {
      const left = remaining(ctx);
      if (left <= 0) throw new DeadlineExceededError();
      const message = newMessage();
      await encode(ctx, message, request);
      for (const f of before) ctx = f(ctx, message);
      if (propagate && ctx.deadline !== undefined) {
        message.headers[timeoutHeader] = formatTimeout(remaining(ctx));
      }
      const reply = await send(server, ctx, message);
      for (const f of after) ctx = f(ctx, reply);
      const code = reply.headers[errorCodeHeader];
      if (code !== undefined) {
        throw new ServiceError(isCode(code) ? code : 'unknown', String(reply.payload));
      }
      return await decode(ctx, reply);
    } catch (err) {
      failure = err;
      throw err;
    } finally {
      for (const f of finalizer) f(ctx, failure);
    }
  };
}

/**
 * send calls the server over a "connection" that the caller's cancellation closes, and
 * settles at the caller's cancellation or deadline even if the server goes on.
 */
function send(server: Server, ctx: Context, message: Message): Promise<Message> {
  if (!isCancelable(ctx)) return server.serve(background(), message);
  const signal = ctx.signal;
  if (signal.aborted) return Promise.reject(signal.reason as Error);
  const [connection, close] = withSignal(background(), signal);
  return new Promise<Message>((resolve, reject) => {
    const onAbort = (): void => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    server.serve(connection, message).then(
      (reply) => {
        signal.removeEventListener('abort', onAbort);
        close();
        resolve(reply);
      },
      (err: unknown) => {
        signal.removeEventListener('abort', onAbort);
        close();
        reject(err);
      },
    );
  });
}

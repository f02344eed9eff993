import type { Context } from '../context/index.js';
import { DeadlineExceededError } from '../context/index.js';
import type { Endpoint } from '../endpoint/index.js';
import type { ErrorHandler } from './error-handler.js';
import { nopErrorHandler } from './error-handler.js';

/**
 * BeforeFunc runs before decoding (Go kit's `ServerBefore`): it reads the incoming message
 * (headers, metadata) and returns the context for the rest of the flow, the same or a derived
 * one.
 */
export type BeforeFunc<In> = (ctx: Context, message: In) => Context;

/**
 * AfterFunc runs after a successful endpoint call, before encoding (Go kit's `ServerAfter`):
 * it may set reply headers and returns the context for the encoder.
 */
export type AfterFunc<Out> = (ctx: Context, reply: Out) => Context;

/** DecodeFunc turns the incoming message into the endpoint's request; a throw fails the flow. */
export type DecodeFunc<In, Req> = (ctx: Context, message: In) => Req | Promise<Req>;

/** EncodeFunc writes the endpoint's response into the reply; a throw fails the flow. */
export type EncodeFunc<Out, Res> = (
  ctx: Context,
  reply: Out,
  response: Res,
) => void | Promise<void>;

/** ErrorEncodeFunc writes an error into the reply (Go kit's `ErrorEncoder`). */
export type ErrorEncodeFunc<Out> = (ctx: Context, err: unknown, reply: Out) => void | Promise<void>;

/**
 * FallbackFunc is a transport's last-resort answer, run when its error encoder itself failed
 * (HTTP: a bare 500). It must not throw.
 */
export type FallbackFunc<Out> = (ctx: Context, err: unknown, reply: Out) => void;

/** Outcome is what a finalizer learns about one served message. */
export interface Outcome<In, Out> {
  /** message is the incoming message. */
  readonly message: In;
  /** reply is what the flow wrote to. */
  readonly reply: Out;
  /** failed is true when decoding, the endpoint or encoding failed (the error was encoded). */
  readonly failed: boolean;
  /** error is what failed the flow, when it failed. */
  readonly error: unknown;
  /** response is the endpoint's response, when it succeeded. */
  readonly response: unknown;
}

/**
 * FinalizerFunc runs at the very end of every served message, success or failure (Go kit's
 * `ServerFinalizer`). It must not throw; what it throws goes to the error handler.
 */
export type FinalizerFunc<In, Out> = (ctx: Context, outcome: Outcome<In, Out>) => void;

/**
 * SettleFunc runs once the flow of a message is over, finalizers included; what it returns is
 * what {@link Serve} resolves to, in the same promise step (the HTTP Fetch face builds its Web
 * `Response` there). It must not throw.
 */
export type SettleFunc<Out, R> = (reply: Out) => R;

/** KernelOptions are a server transport's hooks, as the kernel runs them. */
export interface KernelOptions<In, Out, R = void> {
  /** before hooks run in order before decoding; each may return a new context. */
  readonly before?: readonly BeforeFunc<In>[] | undefined;
  /** after hooks run in order after the endpoint succeeded, before encoding. */
  readonly after?: readonly AfterFunc<Out>[] | undefined;
  /** errorHandler sees every error first (to log or count it). Default: nothing. */
  readonly errorHandler?: ErrorHandler | undefined;
  /** errorEncoder writes an error into the reply: the transport's error table lives here. */
  readonly errorEncoder: ErrorEncodeFunc<Out>;
  /** fallback answers when the error encoder itself failed. Default: nothing more. */
  readonly fallback?: FallbackFunc<Out> | undefined;
  /** finalizer hooks run last, with what happened. */
  readonly finalizer?: readonly FinalizerFunc<In, Out>[] | undefined;
  /** settle makes what serve resolves to, last. Default: nothing (serve resolves to undefined). */
  readonly settle?: SettleFunc<Out, R> | undefined;
}

/**
 * Serve serves one incoming message: `ctx` is the root context the transport made for it (the
 * message's deadline, the connection's cancellation), `reply` what the flow writes to. It
 * never rejects; it resolves to what the kernel's `settle` made of the reply (undefined
 * without one).
 */
export type Serve<In, Out, R = void> = (ctx: Context, message: In, reply: Out) => Promise<R>;

/**
 * createKernel returns the transport-neutral server flow every svckit server transport runs
 * (Go kit's `Server.ServeHTTP`/`ServeGRPC`/`ServeMsg`, written once): before hooks → if the
 * context's deadline has already passed, fail with `DeadlineExceededError` without decoding →
 * decode → endpoint → after hooks → encode; on any error: `errorHandler(ctx, err)`, then
 * `errorEncoder(ctx, err, reply)` (then `fallback` if that throws, after the error handler
 * saw the encoder's error); finalizers last, with the {@link Outcome}. It never rejects, and
 * synchronous hooks and encoders cost no extra tick; `settle` (if given) runs last and makes
 * what serve resolves to. A transport is an adapter: it builds the root context and the reply
 * from its wire, calls the returned {@link Serve}, and sends the reply.
 *
 * @example
 * const serve = createKernel(endpoint, decode, encode, { errorEncoder, before: [readHeaders] });
 * await serve(rootContext, incoming, reply); // then send reply
 */
export function createKernel<In, Out, Req, Res, R = void>(
  endpoint: Endpoint<Req, Res>,
  decode: DecodeFunc<In, Req>,
  encode: EncodeFunc<Out, Res>,
  options: KernelOptions<In, Out, R>,
): Serve<In, Out, R> {
  const before = options.before ?? [];
  const after = options.after ?? [];
  const errorHandler = options.errorHandler ?? nopErrorHandler;
  const errorEncoder = options.errorEncoder;
  const fallback = options.fallback;
  const finalizer = options.finalizer ?? [];
  // Without settle, serve resolves to undefined (R is void then).
  const settle = options.settle ?? (noSettle as unknown as SettleFunc<Out, R>);

  const recover = (ctx: Context, encodeErr: unknown, reply: Out): void => {
    handle(errorHandler, ctx, encodeErr);
    if (fallback === undefined) return;
    try {
      fallback(ctx, encodeErr, reply);
    } catch {
      // A fallback must not throw; the flow still finishes.
    }
  };

  // fail is synchronous when the error encoder is, so the error path costs no extra tick.
  const fail = (ctx: Context, err: unknown, reply: Out): Promise<void> | undefined => {
    handle(errorHandler, ctx, err);
    let encoded: void | Promise<void>;
    try {
      encoded = errorEncoder(ctx, err, reply);
    } catch (encodeErr) {
      recover(ctx, encodeErr, reply);
      return undefined;
    }
    if (encoded === undefined) return undefined;
    return Promise.resolve(encoded).then(undefined, (encodeErr: unknown) =>
      recover(ctx, encodeErr, reply),
    );
  };

  const finalize = (
    ctx: Context,
    message: In,
    reply: Out,
    failed: boolean,
    error: unknown,
    response: unknown,
  ): void => {
    const outcome: Outcome<In, Out> = { message, reply, failed, error, response };
    for (let i = 0; i < finalizer.length; i++) {
      try {
        (finalizer[i] as FinalizerFunc<In, Out>)(ctx, outcome);
      } catch (err) {
        handle(errorHandler, ctx, err);
      }
    }
  };

  return async (root, message, reply) => {
    let ctx = root;
    let response: Res | undefined;
    try {
      for (let i = 0; i < before.length; i++) ctx = (before[i] as BeforeFunc<In>)(ctx, message);
      const deadline = ctx.deadline;
      if (deadline !== undefined && deadline <= Date.now()) throw new DeadlineExceededError();
      const decoded = decode(ctx, message);
      // A synchronous decoder costs no tick (a Promise is awaited).
      const request = decoded instanceof Promise ? ((await decoded) as Req) : (decoded as Req);
      response = await endpoint(ctx, request);
      for (let i = 0; i < after.length; i++) ctx = (after[i] as AfterFunc<Out>)(ctx, reply);
      const encoded = encode(ctx, reply, response);
      if (encoded !== undefined) await encoded; // sync encoders cost no extra tick
    } catch (err) {
      const failing = fail(ctx, err, reply);
      if (failing !== undefined) await failing;
      if (finalizer.length > 0) finalize(ctx, message, reply, true, err, undefined);
      return settle(reply);
    }
    if (finalizer.length > 0) finalize(ctx, message, reply, false, undefined, response);
    return settle(reply);
  };
}

function noSettle(): undefined {
  return undefined;
}

function handle(handler: ErrorHandler, ctx: Context, err: unknown): void {
  try {
    handler(ctx, err);
  } catch {
    // An error handler must not throw; if it does, the message still gets its answer.
  }
}

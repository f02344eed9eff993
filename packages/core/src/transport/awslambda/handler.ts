import { background, withDeadline, withValue } from '../../context/index.js';
import type { Context } from '../../context/index.js';
import type { Endpoint } from '../../endpoint/index.js';
import type { ErrorHandler } from '../error-handler.js';
import { createKernel } from '../kernel.js';
import type { Serve } from '../kernel.js';
import { lambdaContextKey } from './context.js';
import type { LambdaContext } from './context.js';

/** LambdaHandler is a Lambda function handler: `(event, context) => Promise<result>`. */
export type LambdaHandler<Event = unknown, Result = unknown> = (
  event: Event,
  context: LambdaContext,
) => Promise<Result>;

/** BeforeFunc runs before decoding; it reads the event and returns the context to go on with. */
export type BeforeFunc<Event> = (ctx: Context, event: Event) => Context;
/** AfterFunc runs after a successful endpoint call, before encoding. */
export type AfterFunc<Res> = (ctx: Context, response: Res) => Context;
/** DecodeEventFunc turns the event into the endpoint's request (Go kit's `DecodeRequestFunc`). */
export type DecodeEventFunc<Event, Req> = (ctx: Context, event: Event) => Req | Promise<Req>;
/** EncodeResultFunc turns the response into the invocation's result (Go kit's `EncodeResponseFunc`). */
export type EncodeResultFunc<Res, Result> = (
  ctx: Context,
  response: Res,
) => Result | Promise<Result>;
/**
 * ErrorEncoder turns an error into the invocation's result (Go kit's `ErrorEncoder`); throwing
 * fails the invocation with what it throws (the default: the error itself, which the Lambda
 * runtime reports as a function error).
 */
export type ErrorEncoder<Result> = (ctx: Context, err: unknown) => Result | Promise<Result>;

/** FinalizerInfo is what a finalizer learns: the event, and the result or the error. */
export interface FinalizerInfo<Event, Result> {
  readonly event: Event;
  /** result is what the invocation returned, when it returned. */
  readonly result: Result | undefined;
  /** error is what failed the flow (decode, endpoint, encode), or undefined. */
  readonly error: unknown;
}

/** FinalizerFunc runs last, success or failure (Go kit's `ServerFinalizer`); it must not throw. */
export type FinalizerFunc<Event, Result> = (
  ctx: Context,
  info: FinalizerInfo<Event, Result>,
) => void;

/** HandlerOptions are the hooks of {@link createHandler}, all optional. */
export interface HandlerOptions<Event, Res, Result> {
  readonly before?: readonly BeforeFunc<Event>[];
  readonly after?: readonly AfterFunc<Res>[];
  /** errorEncoder answers errors; default: rethrow (the invocation fails with the error). */
  readonly errorEncoder?: ErrorEncoder<Result>;
  /** errorHandler sees every error first (to log or count it). */
  readonly errorHandler?: ErrorHandler;
  readonly finalizer?: readonly FinalizerFunc<Event, Result>[];
}

/** Slot is where the flow leaves the invocation's result or error. */
interface Slot<Result> {
  result: Result | undefined;
  failed: boolean;
  error: unknown;
}

const rethrow = (_ctx: Context, err: unknown): never => {
  throw err;
};

/**
 * createHandler exposes an endpoint as a Lambda function handler (Go kit's `awslambda.NewHandler`),
 * on the core kernel: the context carries the {@link LambdaContext} (`lambdaContext(ctx)`) and
 * a deadline of now + `getRemainingTimeInMillis()`; `before` hooks → decode the event → the
 * endpoint → `after` hooks → encode the result. Any error goes to the error handler, then the
 * error encoder, whose value is returned (the default rethrows, so that Lambda reports a
 * function error). Finalizers see the result and the error.
 *
 * @example
 * export const handler = createHandler(uppercase, (_ctx, e: { s: string }) => e.s,
 *   (_ctx, v: string) => ({ v }));
 */
export function createHandler<Event, Req, Res, Result>(
  endpoint: Endpoint<Req, Res>,
  decode: DecodeEventFunc<Event, Req>,
  encode: EncodeResultFunc<Res, Result>,
  options: HandlerOptions<Event, Res, Result> = {},
): LambdaHandler<Event, Result> {
  const errorEncoder = options.errorEncoder ?? rethrow;
  const after = options.after ?? [];
  const finalizer = options.finalizer ?? [];
  const serve: Serve<Event, Slot<Result>> = createKernel<Event, Slot<Result>, Req, Res>(
    endpoint,
    decode,
    // After hooks see the response (Go kit's HandlerResponseFunc), so they run here, right
    // before the encoder, on the context they return.
    async (ctx, slot, response) => {
      for (let i = 0; i < after.length; i++) ctx = (after[i] as AfterFunc<Res>)(ctx, response);
      slot.result = await encode(ctx, response);
    },
    {
      before: options.before,
      errorHandler: options.errorHandler,
      errorEncoder: async (ctx, err, slot) => {
        try {
          slot.result = await errorEncoder(ctx, err);
        } catch (thrown) {
          slot.failed = true;
          slot.error = thrown;
        }
      },
      finalizer:
        finalizer.length === 0
          ? undefined
          : finalizer.map(
              (f) => (ctx, outcome) =>
                f(ctx, {
                  event: outcome.message,
                  result: outcome.reply.failed ? undefined : outcome.reply.result,
                  error: outcome.error,
                }),
            ),
    },
  );
  return async (event, context) => {
    let ctx: Context = withValue(background(), lambdaContextKey, context);
    const left =
      typeof context?.getRemainingTimeInMillis === 'function'
        ? context.getRemainingTimeInMillis()
        : NaN;
    let cancel: (() => void) | undefined;
    if (Number.isFinite(left)) [ctx, cancel] = withDeadline(ctx, Date.now() + left);
    const slot: Slot<Result> = { result: undefined, failed: false, error: undefined };
    try {
      await serve(ctx, event, slot);
    } finally {
      cancel?.();
    }
    if (slot.failed) throw slot.error;
    return slot.result as Result;
  };
}

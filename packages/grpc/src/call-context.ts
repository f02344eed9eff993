import type { ServerUnaryCall } from '@grpc/grpc-js';
import { CanceledError, DeadlineExceededError } from '@svckit/core/context';
import type { Context, ContextKey } from '@svckit/core/context';
import { createKey } from '@svckit/core/context';

/**
 * IncomingCall is the call a server serves: grpc-js's unary call, whose `request` is the
 * serialized request message (svckit's server decodes it in its own flow).
 */
export type IncomingCall = ServerUnaryCall<Buffer, Buffer>;

/** callKey holds the incoming call in a server's request context. */
export const callKey: ContextKey<IncomingCall> = createKey<IncomingCall>('@svckit/grpc call');

/**
 * callOf returns the incoming gRPC call a server's request context belongs to — its
 * `metadata`, `getPeer()`, `getPath()`, `getAuthContext()` (the client certificate under
 * mutual TLS) — or undefined outside a gRPC server.
 */
export function callOf(ctx: Context): IncomingCall | undefined {
  return ctx.value(callKey);
}

/**
 * fullMethod returns the full method name of the call being served, `/pb.Add/Sum` (what Go
 * kit's `Interceptor` stores under `ContextKeyRequestMethod`), or undefined outside a gRPC
 * server.
 */
export function fullMethod(ctx: Context): string | undefined {
  return ctx.value(callKey)?.getPath();
}

/** deadlineMs turns grpc-js's deadline (a Date, a number, Infinity for none) into ms or undefined. */
function deadlineMs(deadline: Date | number): number | undefined {
  const ms = typeof deadline === 'number' ? deadline : deadline.getTime();
  return Number.isFinite(ms) ? ms : undefined;
}

/**
 * CallContext is the root context of one served call: its deadline is the caller's
 * (`grpc-timeout`), and its signal — made only when someone reads it, so calls whose endpoint
 * never looks pay for no AbortController, listener or timer — aborts with a `CanceledError`
 * when the client cancels, a `DeadlineExceededError` at the deadline, and a `CanceledError`
 * once the call is answered (as Go cancels a handler's context when it returns).
 */
export class CallContext implements Context {
  readonly deadline: number | undefined;
  private controller: AbortController | undefined = undefined;
  private timer: ReturnType<typeof setTimeout> | undefined = undefined;
  /** onCancel listens for the client's cancellation; made with the signal. */
  private onCancel: (() => void) | undefined = undefined;

  constructor(readonly call: IncomingCall) {
    this.deadline = deadlineMs(call.getDeadline());
  }

  get signal(): AbortSignal {
    if (this.controller !== undefined) return this.controller.signal;
    const controller = (this.controller = new AbortController());
    const onCancel = (): void =>
      this.abort(
        this.deadline !== undefined && this.deadline <= Date.now()
          ? new DeadlineExceededError()
          : new CanceledError(),
      );
    if (this.call.cancelled) {
      onCancel();
      return controller.signal;
    }
    this.onCancel = onCancel;
    this.call.on('cancelled', onCancel);
    if (this.deadline !== undefined) {
      const ms = this.deadline - Date.now();
      if (ms <= 0) this.abort(new DeadlineExceededError());
      else this.timer = setTimeout(() => this.abort(new DeadlineExceededError()), ms);
    }
    return controller.signal;
  }

  value<T>(key: ContextKey<T>): T | undefined {
    return key === (callKey as ContextKey<unknown>) ? (this.call as T) : key.defaultValue;
  }

  /** done ends the context once the call is answered: listeners and the timer go. */
  done(): void {
    if (this.controller !== undefined) this.abort(new CanceledError());
  }

  private abort(reason: unknown): void {
    const controller = this.controller;
    if (controller === undefined || controller.signal.aborted) return;
    if (this.timer !== undefined) clearTimeout(this.timer);
    if (this.onCancel !== undefined) this.call.removeListener('cancelled', this.onCancel);
    controller.abort(reason);
  }
}

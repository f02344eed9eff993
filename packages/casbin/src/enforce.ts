import { UnauthenticatedError, principalOf } from '@svckit/core/auth';
import type { Context } from '@svckit/core/context';
import type { Middleware } from '@svckit/core/endpoint';
import { ServiceError } from '@svckit/core/errors';
import type { Enforcer } from 'casbin';
import { StringAdapter, newEnforcer, newModelFromString } from 'casbin';

/** EnforceOptions configure {@link enforce}. */
export interface EnforceOptions<Req> {
  /** enforcer decides; build it with casbin (`newEnforcer`) or {@link enforcerFromText}. */
  readonly enforcer: Enforcer | Promise<Enforcer>;
  /** object is what the call touches (a path, a resource name). */
  readonly object: (ctx: Context, request: Req) => string;
  /** action is what it does to it (a method, `read`/`write`). */
  readonly action: (ctx: Context, request: Req) => string;
  /**
   * subject is who calls. Default: the context's principal (`@svckit/core/auth`'s
   * `principalOf`), which Basic auth and `@svckit/jwt`'s parser set.
   */
  readonly subject?: (ctx: Context, request: Req) => string | undefined;
}

/**
 * enforce is Go kit's `casbin.NewEnforcer` middleware: the call goes through only when the
 * enforcer allows (subject, object, action). Deny by default: no subject is `unauthenticated`;
 * a denial is `permission_denied` (HTTP 403, gRPC PERMISSION_DENIED); an enforcer that fails
 * (a broken model, an adapter error) denies too, as `internal`, never lets the call through.
 *
 * @example
 * const guarded = enforce({
 *   enforcer: enforcerFromText(model, policy),
 *   object: (ctx) => requestFacts(ctx)?.path ?? '',
 *   action: (ctx) => requestFacts(ctx)?.method ?? '',
 * })(endpoint);
 */
export function enforce<Req, Res>(options: EnforceOptions<Req>): Middleware<Req, Res> {
  const enforcer = Promise.resolve(options.enforcer);
  enforcer.catch(() => undefined); // reported per call
  const subjectOf = options.subject ?? ((ctx: Context) => principalOf(ctx));
  const { object, action } = options;
  return (next) => async (ctx, request) => {
    const sub = subjectOf(ctx, request);
    if (sub === undefined || sub === '') {
      throw new UnauthenticatedError('no authenticated subject', { reason: 'SUBJECT_MISSING' });
    }
    const obj = object(ctx, request);
    const act = action(ctx, request);
    let allowed: boolean;
    try {
      allowed = await (await enforcer).enforce(sub, obj, act);
    } catch (err) {
      throw new ServiceError('internal', 'authorization failed', {
        cause: err,
        reason: 'ENFORCER_FAILED',
      });
    }
    if (allowed !== true) {
      throw new ServiceError('permission_denied', 'unauthorized access', {
        reason: 'POLICY_DENIED',
      });
    }
    return next(ctx, request);
  };
}

/**
 * enforcerFromText builds a casbin enforcer from a model's text (the `.conf` file) and a
 * policy's text (CSV lines, `p, alice, /data, GET`), held in memory.
 */
export function enforcerFromText(model: string, policy: string): Promise<Enforcer> {
  return newEnforcer(newModelFromString(model), new StringAdapter(policy));
}

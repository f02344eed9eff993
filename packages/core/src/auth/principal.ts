import type { Context } from '../context/index.js';
import { createKey, withValue } from '../context/index.js';

/**
 * principalKey holds who the caller is once authenticated: the user of a Basic credential,
 * the `sub` of a verified JWT. Authorization middlewares (`@svckit/casbin`) take their subject
 * from it.
 */
export const principalKey = createKey<string>('svckit.auth.principal');

/** withPrincipal returns a context naming the authenticated caller. */
export function withPrincipal(ctx: Context, principal: string): Context {
  return withValue(ctx, principalKey, principal);
}

/** principalOf returns the authenticated caller, or undefined before (or without) authentication. */
export function principalOf(ctx: Context): string | undefined {
  return ctx.value(principalKey);
}

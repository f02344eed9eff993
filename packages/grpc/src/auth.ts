import type { Metadata } from '@grpc/grpc-js';
import { withAuthorization } from '@svckit/core/auth';
import type { Context } from '@svckit/core/context';
import { ServiceError } from '@svckit/core/errors';

/**
 * authorizationToContext is a server `before` hook that puts the call's `authorization`
 * metadata into the context (`@svckit/core/auth`'s `withAuthorization`), where the auth
 * middlewares — `@svckit/core/auth/basic`, `@svckit/jwt`, `@svckit/casbin` — read it. A call
 * carrying the key more than once (or a value with a comma, which is what Node's HTTP/2
 * server makes of a repeated header) is refused as UNAUTHENTICATED, before decoding.
 *
 * @example
 * createServer(basic({ user, password, realm })(sum), decode, encode, {
 *   before: [authorizationToContext],
 * });
 */
export function authorizationToContext(ctx: Context, md: Metadata): Context {
  const values = md.get('authorization');
  if (values.length === 0) return ctx;
  const v = values[0]!;
  const text = typeof v === 'string' ? v : v.toString('utf8');
  // Node's HTTP/2 server joins a repeated header into one value with ", "; no Basic or Bearer
  // credential has a comma.
  if (values.length > 1 || text.includes(',')) {
    throw new ServiceError('unauthenticated', 'more than one authorization metadata value', {
      reason: 'DUPLICATE_AUTHORIZATION',
    });
  }
  return withAuthorization(ctx, text);
}

/**
 * authorizationToMetadata returns a client `before` hook sending `value(ctx)` as the call's
 * `authorization` metadata when it gives one (a credential the caller holds, or a token a
 * signer put in the context: `@svckit/jwt`'s `tokenToGrpc` builds on it).
 */
export function authorizationToMetadata(
  value: (ctx: Context) => string | undefined,
): (ctx: Context, md: Metadata) => Context {
  return (ctx, md) => {
    const v = value(ctx);
    if (v !== undefined) md.set('authorization', v);
    return ctx;
  };
}

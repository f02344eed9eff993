import type { Context } from '@svckit/core/context';
import type { ClientRequestFunc } from '@svckit/core/transport/http';
import { withAuthorization } from '@svckit/core/auth';
import { bearerOf } from './context.js';

/**
 * tokenToHttp is an HTTP client `before` hook (Go kit's `ContextToHTTP`): it sends the
 * context's token as `Authorization: Bearer <token>`. On the server side nothing is needed:
 * the parser reads the header itself.
 */
export const tokenToHttp: ClientRequestFunc = (ctx, req) => {
  const bearer = bearerOf(ctx);
  if (bearer !== undefined) req.headers['authorization'] = bearer;
  return ctx;
};

/**
 * tokenToHeaders writes the context's token as `authorization: Bearer <token>` through `set`:
 * for a NATS message's headers (`(k, v) => headers.set(k, v)`) or AMQP properties' headers
 * (`(k, v) => (props.headers[k] = v)`).
 */
export function tokenToHeaders(ctx: Context, set: (name: string, value: string) => void): void {
  const bearer = bearerOf(ctx);
  if (bearer !== undefined) set('authorization', bearer);
}

/**
 * headersToContext is the server side of {@link tokenToHeaders}: it puts the message's
 * `authorization` header, read through `get`, into the context for the parser (NATS, AMQP; HTTP
 * needs nothing, gRPC has `@svckit/grpc`'s `authorizationToContext`).
 */
export function headersToContext(ctx: Context, get: (name: string) => string | undefined): Context {
  const v = get('authorization');
  return v === undefined || v === '' ? ctx : withAuthorization(ctx, v);
}

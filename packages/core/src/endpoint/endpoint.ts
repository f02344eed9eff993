import type { Context } from '../context/index.js';

/**
 * Endpoint is the fundamental building block of servers and clients: one RPC method, as an
 * async function of a context and a request (Go kit's `endpoint.Endpoint`). A service is plain
 * code; endpoints adapt it; transports expose endpoints. The type parameters let a server and
 * a client share the request and response types end to end.
 */
export type Endpoint<Req = unknown, Res = unknown> = (ctx: Context, request: Req) => Promise<Res>;

/**
 * Middleware wraps an endpoint to add behaviour (logging, metrics, retries, breakers...) and
 * returns a new endpoint with the same signature (Go kit's `endpoint.Middleware`).
 */
export type Middleware<Req = unknown, Res = unknown> = (
  next: Endpoint<Req, Res>,
) => Endpoint<Req, Res>;

/**
 * GenericMiddleware is a middleware that fits an endpoint of any request and response types:
 * what svckit's own middlewares (breakers, limiters, timeouts, bulkheads, instrumenting)
 * return, so that `chain(instrumenting(…), erroringLimiter(…), circuitBreaker(…))(endpoint)`
 * infers `Req` and `Res` from the endpoint, with no type arguments. It is assignable to every
 * `Middleware<Req, Res>`.
 */
export type GenericMiddleware = <Req, Res>(next: Endpoint<Req, Res>) => Endpoint<Req, Res>;

/**
 * chain composes middlewares into one. The first middleware is the outermost: it sees the
 * request first and the response last (Go kit's `endpoint.Chain`).
 *
 * Typed and generic middlewares mix: `Req` and `Res` come from the typed ones, and when every
 * middleware is generic the chain is generic too and takes them from the endpoint.
 *
 * @example
 * const ep = chain(logging, instrumenting, breaker)(uppercase);
 * // request flow: logging -> instrumenting -> breaker -> uppercase
 */
export function chain<Req, Res>(
  outer: Middleware<Req, Res>,
  ...others: Middleware<Req, Res>[]
): Middleware<Req, Res> {
  return (next) => {
    let wrapped = next;
    for (let i = others.length - 1; i >= 0; i--)
      wrapped = (others[i] as Middleware<Req, Res>)(wrapped);
    return outer(wrapped);
  };
}

const nopResponse = Object.freeze({});

/** nop is an endpoint that does nothing and resolves to an empty object (Go kit's `Nop`). */
export const nop: Endpoint<unknown, object> = () => Promise.resolve(nopResponse);

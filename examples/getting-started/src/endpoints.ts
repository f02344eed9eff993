/**
 * @module
 * The endpoints (docs/getting-started.md, step 2): one `(ctx, request) => Promise<response>`
 * per service method, and a logging middleware that wraps any of them.
 */
// #region endpoints
import type { Endpoint, Middleware } from '@svckit/core/endpoint';
import type { Logger } from '@svckit/core/log';
import type { StringService } from './service.js';

/** StringRequest is the request of both methods: `{"s": "..."}` on the wire. */
export interface StringRequest {
  s: string;
}
/** UppercaseResponse is `{"v": "HELLO"}`. */
export interface UppercaseResponse {
  v: string;
}
/** CountResponse is `{"v": 5}`. */
export interface CountResponse {
  v: number;
}

/** Endpoints are the service's methods as endpoints; the server and the client share them. */
export interface Endpoints {
  uppercase: Endpoint<StringRequest, UppercaseResponse>;
  count: Endpoint<StringRequest, CountResponse>;
}

/** makeEndpoints adapts the service: unpack the request, call, pack the response. */
export function makeEndpoints(svc: StringService): Endpoints {
  return {
    uppercase: async (ctx, req) => ({ v: await svc.uppercase(ctx, req.s) }),
    count: async (ctx, req) => ({ v: await svc.count(ctx, req.s) }),
  };
}

/** logging logs one logfmt line per call: `method=uppercase took=0.1ms err=null`. */
export function logging<Req, Res>(logger: Logger, method: string): Middleware<Req, Res> {
  return (next) => async (ctx, req) => {
    const begin = performance.now();
    let err: unknown = null;
    try {
      return await next(ctx, req);
    } catch (e) {
      err = e;
      throw e;
    } finally {
      logger.log(
        'method',
        method,
        'took',
        `${(performance.now() - begin).toFixed(1)}ms`,
        'err',
        err,
      );
    }
  };
}
// #endregion endpoints

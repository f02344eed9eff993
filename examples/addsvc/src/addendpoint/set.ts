/**
 * The endpoint layer of addsvc (Go kit's `addsvc/pkg/addendpoint/set.go`): request and
 * response types, one endpoint per method with the business error carried in the response
 * (`Failer`), and {@link newSet}, which wires the example's server middlewares around them.
 */
import { circuitBreaker, createBreaker } from '@svckit/core/circuitbreaker';
import type { Breaker } from '@svckit/core/circuitbreaker';
import type { Context } from '@svckit/core/context';
import { chain } from '@svckit/core/endpoint';
import type { Endpoint, Failer } from '@svckit/core/endpoint';
import type { Logger } from '@svckit/core/log';
import { withContext } from '@svckit/core/log';
import type { Histogram } from '@svckit/core/metrics';
import { erroringLimiter, tokenBucket } from '@svckit/core/ratelimit';
import type { Service } from '../addservice/service.js';
import { instrumentingMiddleware, loggingMiddleware } from './middleware.js';

/** SumRequest collects the request parameters of Sum. */
export interface SumRequest {
  readonly a: bigint;
  readonly b: bigint;
}

/** SumResponse is Sum's value, or the business error in `err` (Go kit's `Failer`). */
export interface SumResponse extends Failer {
  readonly v: bigint;
  readonly err: Error | undefined;
}

/** ConcatRequest collects the request parameters of Concat. */
export interface ConcatRequest {
  readonly a: string;
  readonly b: string;
}

/** ConcatResponse is Concat's value, or the business error in `err` (Go kit's `Failer`). */
export interface ConcatResponse extends Failer {
  readonly v: string;
  readonly err: Error | undefined;
}

/** Set collects the endpoints of the add service (Go kit's `addendpoint.Set`). */
export interface Set {
  readonly sum: Endpoint<SumRequest, SumResponse>;
  readonly concat: Endpoint<ConcatRequest, ConcatResponse>;
}

function failed(this: { err: Error | undefined }): Error | undefined {
  return this.err;
}

/** sumResponse builds a {@link SumResponse}. */
export function sumResponse(v: bigint, err?: Error): SumResponse {
  return { v, err, failed };
}

/** concatResponse builds a {@link ConcatResponse}. */
export function concatResponse(v: string, err?: Error): ConcatResponse {
  return { v, err, failed };
}

function asError(err: unknown): Error {
  return err instanceof Error ? err : new Error(String(err));
}

/**
 * makeSumEndpoint adapts the service's Sum: a rejection of the service is a business error,
 * returned inside a successful response (Go kit's `MakeSumEndpoint`).
 */
export function makeSumEndpoint(svc: Service): Endpoint<SumRequest, SumResponse> {
  return (ctx, req) =>
    svc.sum(ctx, req.a, req.b).then(
      (v) => sumResponse(v),
      (err: unknown) => sumResponse(0n, asError(err)),
    );
}

/** makeConcatEndpoint adapts the service's Concat (Go kit's `MakeConcatEndpoint`). */
export function makeConcatEndpoint(svc: Service): Endpoint<ConcatRequest, ConcatResponse> {
  return (ctx, req) =>
    svc.concat(ctx, req.a, req.b).then(
      (v) => concatResponse(v),
      (err: unknown) => concatResponse('', asError(err)),
    );
}

/** SetOptions tune {@link newSet}. */
export interface SetOptions {
  /**
   * rateLimit puts the example's limiters in front of the endpoints (default true): Sum 1
   * call/s (burst 1), Concat 1 call/s (burst 100). `false` leaves them out, for load and
   * interop tests (flag `-ratelimit=false`); the breakers stay.
   */
  readonly rateLimit?: boolean;
  /** now is the limiters' and breakers' monotonic clock in ms (tests). Default `performance.now`. */
  readonly now?: () => number;
}

/** Breakers are the two circuit breakers of a {@link Set}, to read their state. */
export interface Breakers {
  readonly sum: Breaker;
  readonly concat: Breaker;
}

/**
 * newBreaker is the server breaker of the example: gobreaker's defaults (opens after more
 * than 5 consecutive failures, stays open 60 s, one probe), counting every endpoint error as
 * Go kit's does. Below it the only endpoint errors are the limiter's rejections (business
 * errors travel inside responses), so six rejected calls in a row open it: then every call
 * fails with `circuit breaker is open` for a minute.
 */
function newBreaker(name: string, now: (() => number) | undefined): Breaker {
  return createBreaker({ name, isFailure: () => true, ...(now === undefined ? {} : { now }) });
}

/**
 * newSet wires the endpoints as Go kit's `addendpoint.New`, innermost first: the rate limiter
 * (unless `rateLimit: false`), the circuit breaker, logging (`method=Sum transport_error=…
 * took=…`) and instrumenting (`duration` observed in seconds with labels `method`, `success`).
 */
export function newSet(
  svc: Service,
  logger: Logger,
  duration: Histogram,
  options: SetOptions = {},
): Set & { readonly breakers: Breakers } {
  const limit = options.rateLimit ?? true;
  const now = options.now;
  const clock = now === undefined ? {} : { now };
  const breakers: Breakers = {
    sum: newBreaker('Sum', now),
    concat: newBreaker('Concat', now),
  };
  const sum = chain<SumRequest, SumResponse>(
    instrumentingMiddleware(duration.with('method', 'Sum')),
    loggingMiddleware(withContext(logger, 'method', 'Sum')),
    circuitBreaker(breakers.sum),
    ...(limit ? [erroringLimiter(tokenBucket({ rate: 1, burst: 1, ...clock }))] : []),
  )(makeSumEndpoint(svc));
  const concat = chain<ConcatRequest, ConcatResponse>(
    instrumentingMiddleware(duration.with('method', 'Concat')),
    loggingMiddleware(withContext(logger, 'method', 'Concat')),
    circuitBreaker(breakers.concat),
    ...(limit ? [erroringLimiter(tokenBucket({ rate: 1, burst: 100, ...clock }))] : []),
  )(makeConcatEndpoint(svc));
  return { sum, concat, breakers };
}

/**
 * setService uses a {@link Set} as a {@link Service} (Go kit's `Set.Sum`, `Set.Concat`): an
 * endpoint error rejects, and so does a business error carried in the response. The clients
 * of `addtransport` are Sets; addcli calls them through this.
 */
export function setService(set: Set): Service {
  return {
    async sum(ctx: Context, a: bigint, b: bigint) {
      const response = await set.sum(ctx, { a, b });
      if (response.err !== undefined) throw response.err;
      return response.v;
    },
    async concat(ctx: Context, a: string, b: string) {
      const response = await set.concat(ctx, { a, b });
      if (response.err !== undefined) throw response.err;
      return response.v;
    },
  };
}

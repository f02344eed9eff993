/**
 * Endpoints adapting the service (Go kit's `makeUppercaseEndpoint` / `makeCountEndpoint`).
 * Every error of `uppercase` travels in-band: the response carries `err` and the endpoint
 * succeeds (with stringsvc3's `--proxy` that includes the proxy's own failures). The uppercase
 * response is also a `Failer`, so stringsvc2's instrumenting counts it as `error="true"`, as Go
 * kit's service-level instrumenting does.
 */
import type { Endpoint, Failer } from '@svckit/core/endpoint';
import type { StringService } from './service.js';

/** UppercaseRequest is `{"s": string}`. */
export interface UppercaseRequest {
  readonly s: string;
}

/** UppercaseResponse is `{"v": string, "err"?: string}` (`err` omitted when empty), a {@link Failer}. */
export interface UppercaseResponse extends Failer {
  readonly v: string;
  readonly err?: string;
}

/** CountRequest is `{"s": string}`. */
export interface CountRequest {
  readonly s: string;
}

/** CountResponse is `{"v": number}`. */
export interface CountResponse {
  readonly v: number;
}

/** Endpoints are the two endpoints a stringsvc serves, possibly wrapped in middlewares. */
export interface Endpoints {
  readonly uppercase: Endpoint<UppercaseRequest, UppercaseResponse>;
  readonly count: Endpoint<CountRequest, CountResponse>;
}

// failed lives on the prototype: JSON encoding sees only the own fields v and err.
const failerPrototype: Failer = {
  failed(this: { err?: string }) {
    return this.err === undefined ? undefined : new Error(this.err);
  },
};

/** uppercaseResponse builds the wire object `{v}` or `{v, err}` with `failed()` attached. */
export function uppercaseResponse(v: string, err?: string): UppercaseResponse {
  const response = Object.create(failerPrototype) as { v: string; err?: string };
  response.v = v;
  if (err !== undefined) response.err = err;
  return response as UppercaseResponse;
}

/** makeUppercaseEndpoint returns the uppercase endpoint of svc; every error becomes `err`. */
export function makeUppercaseEndpoint(
  svc: StringService,
): Endpoint<UppercaseRequest, UppercaseResponse> {
  return async (ctx, req) => {
    try {
      return uppercaseResponse(await svc.uppercase(ctx, req.s));
    } catch (err) {
      return uppercaseResponse('', err instanceof Error ? err.message : String(err));
    }
  };
}

/** makeCountEndpoint returns the count endpoint of svc. */
export function makeCountEndpoint(svc: StringService): Endpoint<CountRequest, CountResponse> {
  return async (ctx, req) => ({ v: svc.count(ctx, req.s) });
}

/** makeEndpoints returns both endpoints of svc (Go kit's two `make…Endpoint` calls). */
export function makeEndpoints(svc: StringService): Endpoints {
  return { uppercase: makeUppercaseEndpoint(svc), count: makeCountEndpoint(svc) };
}

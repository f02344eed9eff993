/**
 * Endpoints adapting the service (Go kit's `makeUppercaseEndpoint` / `makeCountEndpoint`).
 * Business errors travel in-band (`{"v":"","err":"empty string"}`, status 200); the uppercase
 * response is also a `Failer`, so the instrumenting middleware counts it as `error="true"`, as
 * Go kit's service-level instrumenting does.
 */
import type { Endpoint, Failer } from '@svckit/core/endpoint';
import type { StringService } from './service.js';

/** UppercaseRequest is `{"s": string}`. */
export interface UppercaseRequest {
  readonly s: string;
}

/** UppercaseResponse is `{"v": string, "err"?: string}`, and a {@link Failer}. */
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

/** makeUppercaseEndpoint returns the uppercase endpoint of svc. */
export function makeUppercaseEndpoint(
  svc: StringService,
): Endpoint<UppercaseRequest, UppercaseResponse> {
  return async (_ctx, req) => {
    try {
      return uppercaseResponse(svc.uppercase(req.s));
    } catch (err) {
      return uppercaseResponse('', err instanceof Error ? err.message : String(err));
    }
  };
}

/** makeCountEndpoint returns the count endpoint of svc. */
export function makeCountEndpoint(svc: StringService): Endpoint<CountRequest, CountResponse> {
  return async (_ctx, req) => ({ v: svc.count(req.s) });
}

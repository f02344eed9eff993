/**
 * Endpoints adapting the service (Go kit's `makeUppercaseEndpoint` / `makeCountEndpoint`).
 * Business errors travel in-band: the response carries `err` and the endpoint succeeds.
 */
import type { Endpoint } from '@svckit/core/endpoint';
import type { StringService } from './service.js';

/** UppercaseRequest is `{"s": string}`. */
export interface UppercaseRequest {
  readonly s: string;
}

/** UppercaseResponse is `{"v": string, "err"?: string}` (`err` omitted when empty). */
export interface UppercaseResponse {
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

/** makeUppercaseEndpoint returns the uppercase endpoint of svc. */
export function makeUppercaseEndpoint(
  svc: StringService,
): Endpoint<UppercaseRequest, UppercaseResponse> {
  return async (_ctx, req) => {
    try {
      return { v: svc.uppercase(req.s) };
    } catch (err) {
      return { v: '', err: err instanceof Error ? err.message : String(err) };
    }
  };
}

/** makeCountEndpoint returns the count endpoint of svc. */
export function makeCountEndpoint(svc: StringService): Endpoint<CountRequest, CountResponse> {
  return async (_ctx, req) => ({ v: svc.count(req.s) });
}

/**
 * Endpoints adapting the service (Go kit's `makeUppercaseEndpoint` / `makeCountEndpoint` in
 * `stringsvc3/transport.go`). Every error of `uppercase` travels in-band, as in Go kit: the
 * response carries `err` and the endpoint succeeds. With `--proxy` that includes the proxy's
 * own failures (all instances down, retries exhausted): the caller gets
 * `200 {"v":"","err":"<why>"}`.
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

/** makeUppercaseEndpoint returns the uppercase endpoint of svc; errors become `err`. */
export function makeUppercaseEndpoint(
  svc: StringService,
): Endpoint<UppercaseRequest, UppercaseResponse> {
  return (ctx, req) =>
    svc.uppercase(ctx, req.s).then(
      (v) => ({ v }),
      (err: unknown) => ({ v: '', err: err instanceof Error ? err.message : String(err) }),
    );
}

/** makeCountEndpoint returns the count endpoint of svc. */
export function makeCountEndpoint(svc: StringService): Endpoint<CountRequest, CountResponse> {
  return (ctx, req) => Promise.resolve({ v: svc.count(ctx, req.s) });
}

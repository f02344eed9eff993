/**
 * Type tests, checked by `tsc -b` in CI (never run): if inference regresses, the build fails.
 * `Equal` must be exactly `true`, and every `@ts-expect-error` line must still be an error
 * (so a result that silently became `any` fails too).
 */
import { bulkhead } from '../bulkhead/index.js';
import { circuitBreaker, createBreaker } from '../circuitbreaker/index.js';
import type { Context } from '../context/index.js';
import { instrumenting } from '../metrics/instrumenting/index.js';
import { createCounter, createHistogram } from '../metrics/generic/index.js';
import { delayingLimiter, erroringLimiter, tokenBucket } from '../ratelimit/index.js';
import { timeout } from '../timeout/index.js';
import { createClient, decodeJSONResponse, encodeJSONRequest } from '../transport/http/index.js';
import type { ClientRequest, ClientResponse } from '../transport/http/index.js';
import { chain } from './index.js';
import type { Endpoint, Middleware } from './index.js';

type Equal<A, B> =
  (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;

interface SumRequest {
  readonly a: number;
  readonly b: number;
}
interface SumResponse {
  readonly v: number;
}
declare const sum: Endpoint<SumRequest, SumResponse>;
const bucket = tokenBucket({ rate: 10, burst: 10 });
const metrics = { requests: createCounter('r'), latency: createHistogram('l'), method: 'sum' };

// chain of svckit's middlewares, no type arguments: Req and Res come from the endpoint.
const guarded = chain(
  instrumenting(metrics),
  erroringLimiter(bucket),
  circuitBreaker(createBreaker()),
)(sum);
export const chainInfers: Equal<typeof guarded, Endpoint<SumRequest, SumResponse>> = true;

// Each middleware alone, and the rest of the family.
export const alone = circuitBreaker()(sum);
export const aloneInfers: Equal<typeof alone, Endpoint<SumRequest, SumResponse>> = true;
export const family = chain(timeout(100), bulkhead(), delayingLimiter(bucket))(sum);
export const familyInfers: Equal<typeof family, Endpoint<SumRequest, SumResponse>> = true;

// Mixed with a typed middleware, the typed one fixes the types.
declare const logging: Middleware<SumRequest, SumResponse>;
export const mixed = chain(logging, circuitBreaker(), timeout(50))(sum);
export const mixedInfers: Equal<typeof mixed, Endpoint<SumRequest, SumResponse>> = true;

// The old spelling with type arguments still compiles.
export const explicit = circuitBreaker<SumRequest, SumResponse>(createBreaker());
export const explicitTyped: Equal<typeof explicit, Middleware<SumRequest, SumResponse>> = true;

// @ts-expect-error the chained endpoint keeps its request type
void guarded({} as Context, { a: 'one', b: 2 });
// @ts-expect-error and its response type
export const wrongResponse: Endpoint<SumRequest, { v: string }> = guarded;
// @ts-expect-error a typed middleware of other types does not fit
chain(logging, circuitBreaker())({} as Endpoint<string, string>);

// createClient with typed codecs infers Req and Res.
const encodeSum = (_ctx: Context, req: ClientRequest, r: SumRequest): void => {
  req.body = JSON.stringify(r);
};
const decodeSum = async (_ctx: Context, res: ClientResponse): Promise<SumResponse> =>
  (await res.json()) as SumResponse;
const client = createClient('POST', 'http://127.0.0.1:1/sum', encodeSum, decodeSum);
export const clientInfers: Equal<typeof client, Endpoint<SumRequest, SumResponse>> = true;
// With the JSON helpers, the response type is the decoder's type argument.
const jsonClient = createClient(
  'POST',
  'http://127.0.0.1:1/sum',
  encodeJSONRequest,
  decodeJSONResponse<SumResponse>,
);
export const jsonClientFits: Endpoint<SumRequest, SumResponse> = jsonClient;
// And a client composes with the chain without type arguments.
export const resilient = chain(erroringLimiter(bucket), circuitBreaker())(client);
export const resilientInfers: Equal<typeof resilient, Endpoint<SumRequest, SumResponse>> = true;
// @ts-expect-error a typed client rejects the wrong request
void client({} as Context, { a: 1 });

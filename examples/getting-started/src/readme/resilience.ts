/**
 * @module
 * The resilience example of packages/core/README.md (the region below is that code block);
 * `readme.test.ts` runs it as a program and checks what it prints.
 */
// #region resilience
import { bulkhead } from '@svckit/core/bulkhead';
import { circuitBreaker, createBreaker, isCircuitOpen } from '@svckit/core/circuitbreaker';
import { background } from '@svckit/core/context';
import { chain } from '@svckit/core/endpoint';
import type { Endpoint } from '@svckit/core/endpoint';
import { erroringLimiter, tokenBucket } from '@svckit/core/ratelimit';
import { timeout } from '@svckit/core/timeout';

let healthy = false;
const upstream: Endpoint<string, string> = async (_ctx, s) => {
  if (!healthy) throw new Error('connection refused');
  return s.toUpperCase();
};

const breaker = createBreaker({
  name: 'upstream',
  openTimeoutMs: 100, // default 60 s
  onStateChange: (from, to, name) => console.log(`breaker ${name}: ${from} -> ${to}`),
});
// Local rejections (limiter, bulkhead) sit outside the breaker so they never count as the
// upstream's failures; the timeout sits inside, so a slow upstream does.
const client = chain<string, string>(
  erroringLimiter(tokenBucket({ rate: 100, burst: 10 })), // 100 calls/s, bursts of 10
  bulkhead({ maxConcurrent: 20, maxQueue: 50 }),
  circuitBreaker(breaker),
  timeout(250), // each call gets a 250 ms deadline
)(upstream);

for (let i = 0; i < 8; i++) {
  await client(background(), 'hi').catch((err: unknown) =>
    console.log(isCircuitOpen(err) ? 'failed fast' : (err as Error).message),
  );
}
healthy = true;
await new Promise((r) => setTimeout(r, 120)); // the open timeout passes: one probe is let through
console.log(await client(background(), 'hi'), breaker.state); // HI closed
// #endregion resilience

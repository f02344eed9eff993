/**
 * The `lb` suite: what svckit's client-side resilience stack costs per call. The stack is Go
 * kit's stringsvc3 proxy shape — `retry(3, 1000, roundRobin(fixedEndpointer([...3 endpoints])))`,
 * each endpoint behind a circuit breaker and a rate limiter (a token bucket with a huge burst,
 * so the bench measures overhead, not limiting) — around a no-op endpoint, against calling the
 * no-op directly. Each layer is also measured alone, and the native breaker is compared with
 * the raw opossum and cockatiel breakers in the same run.
 *
 * Sub-microsecond differences drown in tinybench's per-task means on a shared 2-core machine
 * (a GC pause or a neighbour's burst lands in one task only), so this suite times batches of
 * sequential awaited calls, in several passes over the tasks, and keeps each task's median
 * batch. The await per call is in every task, bare included, and cancels out.
 */
import CircuitBreaker from 'opossum';
import { ConsecutiveBreaker, circuitBreaker as cockatielBreaker, handleAll } from 'cockatiel';
import { bulkhead } from '@svckit/core/bulkhead';
import { circuitBreaker, createBreaker } from '@svckit/core/circuitbreaker';
import { background } from '@svckit/core/context';
import { chain } from '@svckit/core/endpoint';
import type { Endpoint } from '@svckit/core/endpoint';
import { erroringLimiter, tokenBucket } from '@svckit/core/ratelimit';
import { fixedEndpointer } from '@svckit/core/sd';
import { retry, roundRobin } from '@svckit/core/sd/lb';
import { timeout } from '@svckit/core/timeout';
import { compare } from '../report.js';
import type { Throughput } from '../report.js';

type Req = { s: string };
type Res = { v: number };

/** run executes the suite and prints `lb: svckit-stack/bare = <ratio>` and the peer lines. */
export async function run(): Promise<void> {
  const ctx = background();
  const req: Req = { s: 'hello' };
  const response: Res = { v: 5 };
  const noop: Endpoint<Req, Res> = () => Promise.resolve(response);
  // As stringsvc3: the limiter outside, so limited calls never count against the breaker.
  const guarded = (): Endpoint<Req, Res> =>
    chain<Req, Res>(
      erroringLimiter(tokenBucket({ rate: 1e12, burst: 1e12 })),
      circuitBreaker(createBreaker()),
    )(noop);

  const stack = retry(3, 1000, roundRobin(fixedEndpointer([guarded(), guarded(), guarded()])));
  const breakerLimiter = guarded();
  const breakerOnly = circuitBreaker<Req, Res>(createBreaker())(noop);
  const limiterOnly = erroringLimiter<Req, Res>(tokenBucket({ rate: 1e12, burst: 1e12 }))(noop);
  const retryOnly = retry(3, 1000, roundRobin(fixedEndpointer([noop, noop, noop])));
  const timed = timeout<Req, Res>(1000)(noop);
  const bulk = bulkhead<Req, Res>({ maxConcurrent: 100 })(noop);
  // The raw libraries, configured alike: no per-call timeout, trip on consecutive failures.
  const opossum = new CircuitBreaker(noop, { timeout: false });
  const cockatiel = cockatielBreaker(handleAll, {
    halfOpenAfter: 60_000,
    breaker: new ConsecutiveBreaker(6),
  });

  const results = await interleaved({
    bare: () => noop(ctx, req),
    'svckit-stack': () => stack(ctx, req),
    'svckit-breaker+limiter': () => breakerLimiter(ctx, req),
    'svckit-breaker': () => breakerOnly(ctx, req),
    'svckit-limiter': () => limiterOnly(ctx, req),
    'svckit-retry+roundrobin': () => retryOnly(ctx, req),
    'svckit-timeout': () => timed(ctx, req),
    'svckit-bulkhead': () => bulk(ctx, req),
    opossum: () => opossum.fire(ctx, req),
    cockatiel: () => cockatiel.execute(() => noop(ctx, req)),
  });
  opossum.shutdown();
  const get = (name: string) => {
    const r = results[name];
    if (!r) throw new Error(`lb suite: missing result ${name}`);
    return r;
  };
  const bare = get('bare');
  console.log(`lb: ${(get('svckit-stack').nsPerOp - bare.nsPerOp).toFixed(0)} ns added per call`);
  compare('lb', get('svckit-stack'), bare);
  compare('lb', get('svckit-breaker'), get('opossum'));
  compare('lb', get('svckit-breaker'), get('cockatiel'));
}

const BATCH = 10_000;
const PASSES = 3;
const WARMUP_BATCHES = 2;
const BATCHES = 7;

/**
 * interleaved times every task in batches of {@link BATCH} sequential calls and returns each
 * task's median ns per call as a {@link Throughput}. Each pass runs every task in turn: a few
 * warm-up batches (which also absorb the garbage the previous task left for the collector),
 * then measured batches. Bounded: PASSES * (WARMUP_BATCHES + BATCHES) * BATCH calls per task.
 */
async function interleaved(
  tasks: Record<string, () => Promise<unknown>>,
): Promise<Record<string, Throughput>> {
  const samples: Record<string, number[]> = {};
  for (const name of Object.keys(tasks)) samples[name] = [];
  for (let pass = 0; pass < PASSES; pass++) {
    for (const [name, fn] of Object.entries(tasks)) {
      for (let batch = 0; batch < WARMUP_BATCHES + BATCHES; batch++) {
        const started = performance.now();
        for (let i = 0; i < BATCH; i++) await fn();
        const ns = ((performance.now() - started) * 1e6) / BATCH;
        if (batch >= WARMUP_BATCHES) samples[name]?.push(ns);
      }
    }
  }
  const out: Record<string, Throughput> = {};
  for (const [name, xs] of Object.entries(samples)) {
    xs.sort((a, b) => a - b);
    const ns = xs[xs.length >> 1] as number;
    out[name] = { name, opsPerSec: 1e9 / ns, nsPerOp: ns };
  }
  const bare = out['bare']?.nsPerOp ?? 0;
  console.table(
    Object.values(out).map((t) => ({
      task: t.name,
      'ops/s': Math.round(t.opsPerSec).toLocaleString('en-US'),
      'ns/call (median)': t.nsPerOp.toFixed(0),
      'ns added': t.name === 'bare' ? '' : (t.nsPerOp - bare).toFixed(0),
    })),
  );
  return out;
}

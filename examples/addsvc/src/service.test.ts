// The service's rules (§2.1) and the endpoint layer (§2.2): in-band business errors, the
// example's limiters and breakers on a fake clock, metrics and log lines.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { background } from '@svckit/core/context';
import { Registry, newCounterFrom, newSummaryFrom } from '@svckit/prometheus';
import { newSet } from './addendpoint/set.js';
import { instrumentingMiddleware, loggingMiddleware } from './addservice/middleware.js';
import {
  errIntOverflow,
  errMaxSizeExceeded,
  errTwoZeroes,
  newBasicService,
} from './addservice/service.js';
import { recordingLogger } from './addsvc.test.helper.js';

const ctx = background();

describe('the add service (§2.1)', () => {
  const svc = newBasicService();
  it('checks overflow at the int32 boundary, on 64-bit values', async () => {
    assert.equal(await svc.sum(ctx, 2147483646n, 1n), 2147483647n);
    assert.equal(await svc.sum(ctx, -2147483647n, -1n), -2147483648n);
    assert.equal(await svc.sum(ctx, 2n ** 40n, -1n), 2n ** 40n - 1n);
    await assert.rejects(svc.sum(ctx, 2147483647n, 1n), (e) => e === errIntOverflow);
    await assert.rejects(svc.sum(ctx, -2147483648n, -1n), (e) => e === errIntOverflow);
    await assert.rejects(svc.sum(ctx, 0n, 0n), (e) => e === errTwoZeroes);
    assert.equal(await svc.sum(ctx, 0n, 1n), 1n);
  });

  it('counts Concat in bytes of UTF-8', async () => {
    assert.equal(await svc.concat(ctx, 'ééééé', ''), 'ééééé'); // 10 bytes
    await assert.rejects(svc.concat(ctx, 'ééééé', 'x'), (e) => e === errMaxSizeExceeded);
    assert.equal(await svc.concat(ctx, '', ''), '');
  });
});

function wired(rateLimit = true) {
  let now = 0;
  const lines: string[][] = [];
  const registry = new Registry();
  const ints = newCounterFrom({ name: 'ints', help: 'h', registry });
  const chars = newCounterFrom({ name: 'chars', help: 'h', registry });
  const duration = newSummaryFrom({
    name: 'd',
    help: 'h',
    labelNames: ['method', 'success'],
    registry,
  });
  const logger = recordingLogger(lines);
  const svc = instrumentingMiddleware(ints, chars)(loggingMiddleware(logger)(newBasicService()));
  const set = newSet(svc, logger, duration, { rateLimit, now: () => now });
  return { set, lines, registry, advance: (ms: number) => (now += ms) };
}

describe('the endpoints (§2.2)', () => {
  it('carries business errors inside successful responses (Failer)', async () => {
    const { set } = wired(false);
    const r = await set.sum(ctx, { a: 0n, b: 0n });
    assert.equal(r.v, 0n);
    assert.equal(r.failed(), errTwoZeroes);
    assert.equal((await set.concat(ctx, { a: 'a', b: 'b' })).failed(), undefined);
  });

  it('limits Sum to 1/s (burst 1) and Concat to 1/s after a burst of 100', async () => {
    const { set, advance } = wired();
    assert.equal((await set.sum(ctx, { a: 1n, b: 1n })).v, 2n);
    await assert.rejects(set.sum(ctx, { a: 1n, b: 1n }), { message: 'rate limit exceeded' });
    advance(1000);
    assert.equal((await set.sum(ctx, { a: 1n, b: 1n })).v, 2n);
    for (let i = 0; i < 100; i++) await set.concat(ctx, { a: 'a', b: '' });
    await assert.rejects(set.concat(ctx, { a: 'a', b: '' }), { message: 'rate limit exceeded' });
  });

  it("opens the breaker after 6 rejections for 60 s, then probes (gobreaker's defaults)", async () => {
    const { set, advance } = wired();
    await set.sum(ctx, { a: 1n, b: 1n });
    for (let i = 0; i < 6; i++)
      await assert.rejects(set.sum(ctx, { a: 1n, b: 1n }), { message: 'rate limit exceeded' });
    assert.equal(set.breakers.sum.state, 'open');
    advance(59_000);
    await assert.rejects(set.sum(ctx, { a: 1n, b: 1n }), { message: 'circuit breaker is open' });
    advance(1_000);
    assert.equal(set.breakers.sum.state, 'half-open');
    assert.equal((await set.sum(ctx, { a: 1n, b: 1n })).v, 2n); // the probe: a token is there
    assert.equal(set.breakers.sum.state, 'closed');
  });

  it('logs and instruments as Go kit: service line, endpoint line, metrics', async () => {
    const { set, lines, registry } = wired(false);
    await set.sum(ctx, { a: 40n, b: 2n });
    await set.sum(ctx, { a: -5n, b: 1n });
    await set.concat(ctx, { a: 'é', b: 'x' });
    await set.sum(ctx, { a: 0n, b: 0n });
    const text = lines.map((l) => l.join(' '));
    assert.ok(text.includes('method Sum a 40 b 2 v 42 err null'), text.join('\n'));
    assert.ok(text.includes("method Sum a 0 b 0 v 0 err can't sum two zeroes"), text.join('\n'));
    assert.ok(text.includes('method Concat a é b x v éx err null'), text.join('\n'));
    assert.ok(
      text.some((l) => /^method Concat transport_error null took [\d.]+(ns|µs|ms|s)$/.test(l)),
    );
    const metrics = await registry.metrics();
    assert.match(metrics, /^ints 42$/m); // a negative sum is not added
    assert.match(metrics, /^chars 3$/m);
    assert.match(metrics, /^d_count\{method="Sum",success="true"\} 3$/m);
    assert.match(metrics, /^d_count\{method="Concat",success="true"\} 1$/m);
  });
});

// The guide's program, run as a user runs it (node dist/main.js --listen), called through the
// guide's client: results, a 400, logs, /metrics, a graceful stop, then the breaker opening.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { isCircuitOpen } from '@svckit/core/circuitbreaker';
import { background } from '@svckit/core/context';
import { codeOf } from '@svckit/core/errors';
import { RequestError, ResponseStatusError } from '@svckit/core/transport/http';
import { startProcess } from '@svckit/testing';
import { makeClient, shout } from './index.js';

const main = fileURLToPath(new URL('./main.js', import.meta.url));

async function waitFor<T>(what: string, probe: () => T | undefined, ms = 10_000): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const v = probe();
    if (v !== undefined) return v;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

test('the getting-started service: server, client, logging, metrics, breaker', async (t) => {
  const proc = await startProcess(process.execPath, [main, '--listen', '127.0.0.1:0']);
  t.after(() => proc.stop());
  const addr = await waitFor(
    'the listening line',
    () => /msg=listening addr=(http:\/\/127\.0\.0\.1:\d+)/.exec(proc.output())?.[1],
  );

  const client = makeClient(addr);
  const ctx = background();
  assert.deepEqual(await client.uppercase(ctx, { s: 'hello' }), { v: 'HELLO' });
  assert.deepEqual(await client.count(ctx, { s: 'hello' }), { v: 5 });
  assert.equal(await shout(addr, 'hi'), 'HI');

  // A business error crosses the wire with its code and message: a 400, not a breaker failure.
  const bad = await client.uppercase(ctx, { s: '' }).catch((e: unknown) => e);
  assert.ok(bad instanceof ResponseStatusError, String(bad));
  assert.equal(bad.status, 400);
  assert.equal(codeOf(bad), 'invalid_argument');
  assert.equal(bad.message, 'empty string');
  const malformed = await fetch(`${addr}/count`, { method: 'POST', body: '{"s":1}' });
  assert.equal(malformed.status, 400);
  assert.equal(await malformed.text(), 's must be a string');

  // Logging: one logfmt line per call.
  assert.match(proc.output(), /ts=\S+ method=uppercase took=\d+\.\dms err=null/);
  assert.match(proc.output(), /method=uppercase took=\S+ err="empty string"/);

  // Metrics: the calls above, counted by method and outcome.
  const metrics = await (await fetch(`${addr}/metrics`)).text();
  assert.match(metrics, /requests_total\{method="uppercase",error="false",outcome="success"\} 2/);
  assert.match(metrics, /requests_total\{method="uppercase",error="true",outcome="error"\} 1/);
  assert.match(metrics, /requests_total\{method="count",error="false",outcome="success"\} 1/);
  assert.match(metrics, /request_duration_seconds_count\{method="count",[^}]*\} 1/);
  assert.equal((await fetch(`${addr}/nothing`)).status, 404);

  // SIGTERM: a graceful stop, exit code 0.
  proc.signal('SIGTERM');
  assert.deepEqual(await proc.exited, { code: 0, signal: null });
  assert.match(proc.output(), /msg=stopping signal=SIGTERM/);

  // The server is gone: 6 refused calls open the uppercase breaker, the 7th fails fast.
  for (let i = 1; i <= 6; i++) {
    const err = await client.uppercase(ctx, { s: 'x' }).catch((e: unknown) => e);
    assert.ok(err instanceof RequestError, `call ${i}: ${String(err)}`);
    assert.equal(codeOf(err), 'unavailable');
  }
  const fast = await client.uppercase(ctx, { s: 'x' }).catch((e: unknown) => e);
  assert.ok(isCircuitOpen(fast), `7th call: ${String(fast)}`);
  // Each method has its own breaker.
  assert.ok((await client.count(ctx, { s: 'x' }).catch((e: unknown) => e)) instanceof RequestError);
});

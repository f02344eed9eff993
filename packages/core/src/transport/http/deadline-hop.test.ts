// The deadline crosses real processes: A (this test) calls B, which calls C, with a 300 ms
// budget, and C would sleep a minute. Each hop gets the remaining budget in Connect-Timeout-Ms.
// C's sleep is long so that 'aborted before it ended' holds however loaded the machine: a hop
// whose context was not aborted would still be in flight when the test looks.
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { startProcess } from '@svckit/testing';
import type { StartedProcess } from '@svckit/testing';
import { background, withTimeout } from '../../context/index.js';
import { codeOf } from '../../errors/index.js';
import { createClient, decodeJSONResponse, encodeJSONRequest } from './index.js';

const helper = fileURLToPath(new URL('./deadline-hop.test.helper.js', import.meta.url));

interface Stats {
  name: string;
  inflight: number;
  completed: number;
  aborts: { ms: number; at: number; code: string }[];
  deadlines: number[];
}

const started: StartedProcess[] = [];
after(async () => {
  for (const p of started) await p.stop();
});

async function hop(name: string, next?: string): Promise<{ url: string; proc: StartedProcess }> {
  const proc = await startProcess(process.execPath, [helper, name, ...(next ? [next] : [])]);
  started.push(proc);
  for (let i = 0; i < 200; i++) {
    const m = /port (\d+)/.exec(proc.output());
    if (m) return { url: `http://127.0.0.1:${m[1]}`, proc };
    if (!proc.running()) break;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`${name} did not start: ${proc.output()}`);
}

const stats = (url: string) =>
  createClient('GET', `${url}/stats`, () => {}, decodeJSONResponse<Stats>)(background(), undefined);

describe('deadline propagation across processes (A -> B -> C)', () => {
  it('B and C are aborted at the 300 ms budget, A gets deadline_exceeded, nothing keeps running', async (t) => {
    const c = await hop('C');
    const b = await hop('B', `${c.url}/work`);
    const callB = createClient('POST', `${b.url}/work`, encodeJSONRequest, decodeJSONResponse);

    const t0 = Date.now();
    const [ctx, cancel] = withTimeout(background(), 300);
    const outcome = await callB(ctx, {}).then(
      () => 'resolved',
      (err: unknown) => err,
    );
    cancel();
    const elapsed = Date.now() - t0;
    assert.equal(codeOf(outcome), 'deadline_exceeded', String(outcome));
    assert.ok(elapsed < 60_000, `A gave up at its deadline, before C's sleep: ${elapsed} ms`);

    // Wait until both hops have nothing in flight (bounded: 20 s, a third of C's sleep).
    let sb: Stats | undefined;
    let sc: Stats | undefined;
    for (let i = 0; i < 400; i++) {
      [sb, sc] = await Promise.all([stats(b.url), stats(c.url)]);
      if (sb.inflight === 0 && sc.inflight === 0) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    assert.ok(sb !== undefined && sc !== undefined);
    for (const s of [sb, sc]) {
      assert.equal(s.inflight, 0, `${s.name}: no call in flight`);
      assert.equal(s.deadlines.length, 1, `${s.name}: got one call with a deadline`);
      assert.ok((s.deadlines[0] as number) <= 300, `${s.name}: budget ${s.deadlines[0]} <= 300`);
      assert.equal(s.aborts.length, 1, `${s.name}: its context was aborted`);
      const abort = s.aborts[0] as { ms: number; at: number; code: string };
      // Its own deadline, or its caller leaving at the same deadline (whichever comes first:
      // each hop's deadline is its caller's plus the transit, as with gRPC).
      assert.ok(['deadline_exceeded', 'canceled'].includes(abort.code), `${s.name}: ${abort.code}`);
      // Same machine, same clock: not before A's deadline (t0 + 300), well before C's sleep.
      assert.ok(abort.at >= t0 + 295, `${s.name}: aborted ${abort.at - t0} ms after A began`);
      assert.ok(abort.ms < 60_000, `${s.name}: aborted at ${abort.ms} ms, before the sleep ended`);
    }
    t.diagnostic(
      `A gave up after ${elapsed} ms; ` +
        [sb, sc]
          .map((s) => `${s.name} aborted at ${s.aborts[0]?.ms} ms (${s.aborts[0]?.code})`)
          .join(', '),
    );
    assert.equal(sc.completed, 0, "C's sleep was stopped, not left to finish");

    // Nothing left to wait for: both shut down gracefully at once.
    for (const p of [b.proc, c.proc]) {
      p.signal('SIGTERM');
      assert.deepEqual(await p.exited, { code: 0, signal: null }, p.output());
    }
  });
});

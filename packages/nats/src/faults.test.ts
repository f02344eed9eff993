// Faults with a nats-server of the test's own: the broker killed mid-load and restarted, and a
// server process stopped by SIGTERM under load. Every load loop is bounded.
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';
import { connect } from '@nats-io/transport-node';
import { background } from '@svckit/core/context';
import { codeOf } from '@svckit/core/errors';
import { startProcess } from '@svckit/testing';
import {
  createClient,
  createServer,
  decodeJSONRequest,
  decodeJSONResponse,
  encodeJSONRequest,
  encodeJSONResponse,
} from './index.js';
import { ownBroker } from './testdata/broker.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const reconnecting = { reconnectTimeWait: 50, maxReconnectAttempts: -1, reconnectJitter: 0 };

interface Tally {
  ok: number;
  failed: Map<string, number>;
  slowest: number;
}

/** load makes `total` calls, `concurrency` at a time, and tallies how each ended. */
async function load(
  call: (i: number) => Promise<unknown>,
  total: number,
  concurrency: number,
  tally: Tally,
  onDone?: (done: number) => void,
) {
  let next = 0;
  let done = 0;
  const worker = async (): Promise<void> => {
    while (next < total) {
      const i = next++;
      const started = Date.now();
      try {
        await call(i);
        tally.ok++;
      } catch (err) {
        const code = codeOf(err);
        tally.failed.set(code, (tally.failed.get(code) ?? 0) + 1);
      }
      tally.slowest = Math.max(tally.slowest, Date.now() - started);
      onDone?.(++done);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
}

describe('nats: faults on a broker of our own', () => {
  it('broker killed mid-load and restarted: every call settles by its deadline, service back within 5 s', async (t) => {
    const broker = await ownBroker(t);
    if (broker === undefined) return;
    t.after(() => broker.stop());
    const srv = await connect({ servers: broker.url, ...reconnecting });
    const cli = await connect({ servers: broker.url, ...reconnecting });
    t.after(async () => {
      await srv.close();
      await cli.close();
    });
    const subject = 'faults.kill';
    createServer(
      async (_ctx, r: { i: number }) => (await sleep(2), r.i),
      decodeJSONRequest<{ i: number }>,
      encodeJSONResponse,
    ).subscribe(srv, subject);
    const call = createClient(cli, subject, encodeJSONRequest, decodeJSONResponse<number>, {
      timeoutMs: 500,
    });
    const tally: Tally = { ok: 0, failed: new Map(), slowest: 0 };
    let killed: Promise<void> | undefined;
    let back = 0;
    const total = 400;
    await load(
      (i) => call(background(), { i }),
      total,
      20,
      tally,
      (done) => {
        if (done === 100) {
          killed = broker.kill().then(async () => {
            await sleep(300);
            await broker.start();
            back = Date.now();
          });
        }
      },
    );
    await killed;
    const failed = [...tally.failed.values()].reduce((a, b) => a + b, 0);
    t.diagnostic(
      `ok ${tally.ok}, failed ${JSON.stringify([...tally.failed])}, slowest ${tally.slowest} ms`,
    );
    assert.equal(tally.ok + failed, total, 'sent = answered + failed');
    assert.ok(tally.ok >= 100, `ok ${tally.ok}`);
    for (const code of tally.failed.keys())
      assert.ok(['deadline_exceeded', 'unavailable'].includes(code), code);
    assert.ok(
      tally.slowest < 2000,
      `no call outlives its 500 ms deadline by much: ${tally.slowest} ms`,
    );
    // Served again within 5 s of the broker accepting connections again.
    let recovered = -1;
    for (let i = 0; i < 100 && recovered < 0; i++) {
      try {
        await call(background(), { i });
        recovered = Date.now() - back;
      } catch {
        await sleep(50);
      }
    }
    assert.ok(recovered >= 0 && recovered < 5000, `recovered after ${recovered} ms`);
  });

  it('broker gone mid-call: a connection that gives up fails its calls at once, unavailable', async (t) => {
    const broker = await ownBroker(t);
    if (broker === undefined) return;
    t.after(() => broker.stop());
    const srv = await connect({ servers: broker.url, reconnect: false });
    const cli = await connect({ servers: broker.url, reconnect: false });
    createServer(
      async () => (await sleep(5000), 'late'),
      decodeJSONRequest,
      encodeJSONResponse,
    ).subscribe(srv, 'faults.gone');
    await srv.flush();
    const call = createClient(cli, 'faults.gone', encodeJSONRequest, decodeJSONResponse);
    // The assertion is attached before the kill: the call may fail while kill() is awaited.
    const failed = assert.rejects(
      call(background(), {}),
      (err: unknown) => codeOf(err) === 'unavailable',
    );
    await sleep(50);
    const killedAt = Date.now();
    await broker.kill();
    await failed;
    assert.ok(Date.now() - killedAt < 2000, 'not after the 10 s timeout');
    await assert.rejects(call(background(), {}), (err: unknown) => codeOf(err) === 'unavailable');
  });

  it('SIGTERM under load: the server process drains, no request in flight is lost', async (t) => {
    const broker = await ownBroker(t);
    if (broker === undefined) return;
    t.after(() => broker.stop());
    const fixture = fileURLToPath(new URL('./testdata/slow-server.js', import.meta.url));
    const proc = await startProcess(process.execPath, [fixture, broker.url, 'faults.drain', '50']);
    t.after(() => proc.stop());
    for (let i = 0; i < 200 && !proc.output().includes('ready'); i++) await sleep(25);
    assert.match(proc.output(), /ready/);
    const cli = await connect({ servers: broker.url });
    t.after(() => cli.close());
    const call = createClient(cli, 'faults.drain', encodeJSONRequest, decodeJSONResponse<number>, {
      timeoutMs: 3000,
    });
    const tally: Tally = { ok: 0, failed: new Map(), slowest: 0 };
    let termAt = 0;
    await load(
      async (i) => assert.equal(await call(background(), { i }), i),
      300,
      40,
      tally,
      (done) => {
        if (done === 60) {
          termAt = Date.now();
          proc.signal('SIGTERM');
        }
      },
    );
    const exit = await proc.exited;
    t.diagnostic(`ok ${tally.ok}, failed ${JSON.stringify([...tally.failed])}`);
    assert.equal(exit.code, 0, proc.output());
    const drained = /drained (\d+)/.exec(proc.output());
    assert.ok(drained !== null, proc.output());
    // Every request the server took was answered: none ran into its deadline. After the server
    // left, calls fail at once "no responders" (unavailable).
    assert.equal(
      tally.failed.get('deadline_exceeded'),
      undefined,
      JSON.stringify([...tally.failed]),
    );
    assert.equal(tally.ok, Number(drained[1]), 'every request served was answered');
    assert.ok(tally.ok > 60 && termAt > 0, `ok ${tally.ok}`);
    assert.equal(tally.ok + (tally.failed.get('unavailable') ?? 0), 300);
  });
});

// Faults with a RabbitMQ of the test's own: killed mid-load and restarted, with the
// ack-after-endpoint server. Every load loop is bounded.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { background } from '@svckit/core/context';
import { codeOf } from '@svckit/core/errors';
import {
  createClient,
  createConnection,
  createServer,
  decodeJSONRequest,
  decodeJSONResponse,
  encodeJSONRequest,
  encodeJSONResponse,
} from './index.js';
import { ownBroker } from './testdata/broker.js';
import type { OwnBroker } from './testdata/broker.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('amqp: faults on a broker of our own', () => {
  let broker: OwnBroker | undefined;
  before(async (t) => {
    broker = await ownBroker(t as never);
  });
  after(() => broker?.stop());

  it('broker killed mid-load and restarted: every call settles by its deadline, served again within 5 s', async (t) => {
    if (broker === undefined) return t.skip('no RabbitMQ');
    const own = broker;
    const errors: unknown[] = [];
    const srv = await createConnection(broker.url, { onError: (e) => errors.push(e) });
    const cli = await createConnection(broker.url, { onError: (e) => errors.push(e) });
    t.after(async () => {
      await srv.close();
      await cli.close();
    });
    let endpointDone = 0;
    const server = createServer(
      async (_ctx, r: { i: number }) => {
        await sleep(2);
        endpointDone++;
        return r.i;
      },
      decodeJSONRequest<{ i: number }>,
      encodeJSONResponse,
      { ack: 'afterEndpoint' },
    );
    await server.consume(srv, 'faults.kill');
    const call = createClient(cli, 'faults.kill', encodeJSONRequest, decodeJSONResponse<number>, {
      timeoutMs: 1000,
    });

    const total = 300;
    let next = 0;
    let ok = 0;
    const failed = new Map<string, number>();
    let slowest = 0;
    let killed: Promise<number> | undefined;
    const worker = async (): Promise<void> => {
      while (next < total) {
        const i = next++;
        if (i === 60) {
          killed = own.kill().then(async () => {
            await sleep(200);
            await own.start();
            return Date.now();
          });
        }
        const started = Date.now();
        try {
          assert.equal(await call(background(), { i }), i);
          ok++;
        } catch (err) {
          failed.set(codeOf(err), (failed.get(codeOf(err)) ?? 0) + 1);
        }
        slowest = Math.max(slowest, Date.now() - started);
      }
    };
    await Promise.all(Array.from({ length: 10 }, worker));
    const back = await (killed as Promise<number>);
    const nfailed = [...failed.values()].reduce((a, b) => a + b, 0);
    t.diagnostic(`ok ${ok}, failed ${JSON.stringify([...failed])}, slowest ${slowest} ms`);
    assert.equal(ok + nfailed, total, 'sent = answered + failed: nothing lost silently');
    for (const code of failed.keys())
      assert.ok(['deadline_exceeded', 'unavailable'].includes(code), code);
    assert.ok(slowest < 3000, `no call outlives its 1 s deadline by much: ${slowest} ms`);
    assert.ok(endpointDone >= ok, 'every answer came from a finished endpoint');
    let recovered = -1;
    for (let i = 0; i < 200 && recovered < 0; i++) {
      try {
        await call(background(), { i });
        recovered = Date.now() - back;
      } catch {
        await sleep(25);
      }
    }
    t.diagnostic(`served again ${recovered} ms after the broker accepted connections`);
    assert.ok(recovered >= 0 && recovered < 5000, `recovered after ${recovered} ms`);
  });

  it('calls made while the broker is down fail by their deadline, never hang', async (t) => {
    if (broker === undefined) return t.skip('no RabbitMQ');
    const cli = await createConnection(broker.url);
    t.after(() => cli.close());
    await broker.kill();
    await sleep(100);
    const call = createClient(cli, 'faults.down', encodeJSONRequest, decodeJSONResponse, {
      timeoutMs: 300,
    });
    const started = Date.now();
    const results = await Promise.allSettled(
      Array.from({ length: 20 }, () => call(background(), {})),
    );
    assert.ok(Date.now() - started < 3000);
    for (const r of results) {
      assert.equal(r.status, 'rejected');
      assert.ok(['deadline_exceeded', 'unavailable'].includes(codeOf(r.reason)), String(r.reason));
    }
  });
});

// Acks and drain on a real RabbitMQ: with ack afterEndpoint a delivery whose server dies before
// answering is redelivered to another; a server process stopped by SIGTERM under load answers
// every request it took. Every load loop is bounded.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';
import { connect } from 'amqplib';
import { background } from '@svckit/core/context';
import { codeOf } from '@svckit/core/errors';
import { requireService, startProcess } from '@svckit/testing';
import {
  createClient,
  createConnection,
  createServer,
  decodeJSONRequest,
  decodeJSONResponse,
  deliveryOf,
  encodeJSONRequest,
  encodeJSONResponse,
} from './index.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('amqp: acks and drain', () => {
  it('ack afterEndpoint: a server dying mid-call leaves the delivery to another; auto-ack loses it', async (t) => {
    const url = requireService(t, 'amqp');
    if (url === undefined) return;
    const cli = await createConnection(url);
    t.after(() => cli.close());
    for (const ack of ['afterEndpoint', 'auto'] as const) {
      const queue = `svckit.ack.${randomUUID()}`;
      const dying = await createConnection(url);
      let started = 0;
      const first = createServer(
        async () => (started++, await sleep(2000), 'first'),
        decodeJSONRequest,
        encodeJSONResponse,
        { ack },
      );
      await first.consume(dying, queue, { declare: { autoDelete: false } });
      const call = createClient(cli, queue, encodeJSONRequest, decodeJSONResponse<string>, {
        timeoutMs: 3000,
      });
      const answer = call(background(), {});
      for (let i = 0; i < 200 && started === 0; i++) await sleep(10);
      assert.equal(started, 1, 'the first server took it');
      await dying.close(); // it dies before answering

      const survivor = await createConnection(url);
      let redelivered: boolean | undefined;
      const second = createServer(
        async (ctx) => ((redelivered = deliveryOf(ctx)?.delivery.fields.redelivered), 'second'),
        decodeJSONRequest,
        encodeJSONResponse,
        { ack },
      );
      await second.consume(survivor, queue, { declare: { autoDelete: false } });
      if (ack === 'afterEndpoint') {
        assert.equal(await answer, 'second');
        assert.equal(redelivered, true);
      } else {
        await assert.rejects(answer, (err: unknown) => codeOf(err) === 'deadline_exceeded');
        assert.equal(redelivered, undefined, 'auto-ack: the broker forgot it once delivered');
      }
      await second.close();
      await survivor.close();
      const raw = await connect(url);
      await (await raw.createChannel()).deleteQueue(queue);
      await raw.close();
    }
  });

  it('SIGTERM under load: the server process drains, every request it took is answered', async (t) => {
    const url = requireService(t, 'amqp');
    if (url === undefined) return;
    const queue = `svckit.drain.${randomUUID()}`;
    const fixture = fileURLToPath(new URL('./testdata/slow-server.js', import.meta.url));
    const proc = await startProcess(process.execPath, [fixture, url, queue, '40']);
    t.after(() => proc.stop());
    for (let i = 0; i < 400 && !proc.output().includes('ready'); i++) await sleep(25);
    assert.match(proc.output(), /ready/);
    const cli = await createConnection(url);
    t.after(async () => {
      await cli.close();
      const raw = await connect(url);
      await (await raw.createChannel()).deleteQueue(queue);
      await raw.close();
    });
    const call = createClient(cli, queue, encodeJSONRequest, decodeJSONResponse<number>, {
      timeoutMs: 1000,
    });
    let next = 0;
    let done = 0;
    let ok = 0;
    const failed = new Map<string, number>();
    const worker = async (): Promise<void> => {
      while (next < 200) {
        const i = next++;
        try {
          assert.equal(await call(background(), { i }), i);
          ok++;
        } catch (err) {
          failed.set(codeOf(err), (failed.get(codeOf(err)) ?? 0) + 1);
        }
        if (++done === 60) proc.signal('SIGTERM');
      }
    };
    await Promise.all(Array.from({ length: 30 }, worker));
    const exit = await proc.exited;
    assert.equal(exit.code, 0, proc.output());
    const drained = /drained (\d+)/.exec(proc.output());
    assert.ok(drained !== null, proc.output());
    t.diagnostic(`ok ${ok}, served ${drained[1]}, failed ${JSON.stringify([...failed])}`);
    assert.equal(ok, Number(drained[1]), 'every request the server took was answered');
    assert.ok(ok >= 60);
    // The rest waited in the queue with nobody consuming: they failed by their deadline.
    assert.equal(ok + (failed.get('deadline_exceeded') ?? 0), 200);
  });
});

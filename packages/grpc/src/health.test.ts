import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Metadata } from '@grpc/grpc-js';
import type { ClientReadableStream } from '@grpc/grpc-js';
import { background } from '@svckit/core/context';
import { codeOf } from '@svckit/core/errors';
import {
  HealthCheckResponse_ServingStatus as Status,
  HealthService,
  addHealth,
  bindService,
  createClient,
  createServer,
  serviceDefinition,
  shutdown,
} from './index.js';
import type { HealthCheckResponse } from './index.js';
import { Add } from './gen/pb/addsvc_pb.js';
import type { SumRequest } from './gen/pb/addsvc_pb.js';
import { sleep, start } from './testdata/harness.js';
import type { Running } from './testdata/harness.js';

// grpc.health.v1 on a real grpc.Server, and graceful shutdown with calls in flight.

const slowSum = (ms: number) =>
  createServer(
    async (ctx, r: { a: bigint }) => {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, ms);
        ctx.signal.addEventListener('abort', () => (clearTimeout(timer), resolve()));
      });
      return { v: r.a };
    },
    (_ctx, m: SumRequest) => ({ a: m.a }),
    (_ctx, r) => r,
  );

function check(running: Running, service: string): Promise<Status> {
  const call = createClient(
    running.conn,
    HealthService.method.check,
    (_ctx, s: string) => ({ service: s }),
    (_ctx, reply) => reply.status,
  );
  return call(background(), service);
}

/** watch opens a Watch stream and records every status it streams, and how it ended. */
function watch(running: Running, service: string) {
  const method = serviceDefinition(HealthService)['Watch'];
  assert.ok(method !== undefined);
  const seen: Status[] = [];
  const stream = running.conn.makeServerStreamRequest(
    method.path,
    method.requestSerialize,
    method.responseDeserialize,
    { service },
    new Metadata(),
  ) as ClientReadableStream<HealthCheckResponse>;
  stream.on('data', (r: HealthCheckResponse) => seen.push(r.status));
  const ended = new Promise<number>((resolve) => {
    stream.on('status', (s: { code: number }) => resolve(s.code));
    stream.on('error', () => undefined);
  });
  return { seen, ended, cancel: () => stream.cancel() };
}

const waitFor = async (cond: () => boolean) => {
  for (let i = 0; i < 100 && !cond(); i++) await sleep(10);
};

describe('health (grpc.health.v1) and graceful shutdown', () => {
  it('Check: "" and every bound service SERVING, an unknown one NOT_FOUND; setStatus changes it', async (t) => {
    let health: ReturnType<typeof addHealth> | undefined;
    const running = await start((server) => {
      bindService(server, Add, { sum: slowSum(0) });
      health = addHealth(server);
    });
    t.after(() => running.stop());
    assert.equal(await check(running, ''), Status.SERVING);
    assert.equal(await check(running, 'pb.Add'), Status.SERVING);
    await assert.rejects(check(running, 'pb.Nope'), (err: unknown) => codeOf(err) === 'not_found');
    const w = watch(running, 'pb.Add');
    const unknown = watch(running, 'pb.Later');
    await waitFor(() => w.seen.length === 1 && unknown.seen.length === 1);
    health?.setStatus('pb.Add', 'NOT_SERVING');
    health?.setStatus('pb.Later', 'SERVING');
    await waitFor(() => w.seen.length === 2 && unknown.seen.length === 2);
    assert.equal(await check(running, 'pb.Add'), Status.NOT_SERVING);
    assert.deepEqual(w.seen, [Status.SERVING, Status.NOT_SERVING]);
    assert.deepEqual(unknown.seen, [Status.SERVICE_UNKNOWN, Status.SERVING]);
    w.cancel();
    unknown.cancel();
  });

  it('shutdown: Watch sees NOT_SERVING and ends, the call in flight finishes, new calls are refused', async () => {
    const running = await start((server) => {
      bindService(server, Add, { sum: slowSum(300) });
      addHealth(server);
    });
    const sum = createClient(
      running.conn,
      Add.method.sum,
      (_ctx, r: { a: bigint }) => r,
      (_ctx, reply) => reply.v,
    );
    const w = watch(running, '');
    await waitFor(() => w.seen.length === 1);
    const inFlight = sum(background(), { a: 7n });
    await sleep(50);
    const t0 = Date.now();
    const stopping = shutdown(running.server, { timeoutMs: 5000 });
    assert.equal(await w.ended, 0, 'the Watch stream ends with OK');
    assert.deepEqual(w.seen, [Status.SERVING, Status.NOT_SERVING]);
    await assert.rejects(
      sum(background(), { a: 1n }),
      (err: unknown) => codeOf(err) === 'unavailable',
    );
    assert.equal(await inFlight, 7n, 'the call in flight finished');
    assert.deepEqual(await stopping, { forced: false });
    assert.ok(Date.now() - t0 >= 150, 'shutdown waited for the call');
    running.conn.close();
  });

  it('shutdown past its timeout cancels the calls still running', async () => {
    const running = await start((server) => bindService(server, Add, { sum: slowSum(5000) }));
    const sum = createClient(
      running.conn,
      Add.method.sum,
      (_ctx, r: { a: bigint }) => r,
      (_ctx, reply) => reply.v,
    );
    const inFlight = assert.rejects(sum(background(), { a: 7n }), (err: unknown) =>
      ['canceled', 'unavailable'].includes(codeOf(err)),
    );
    await sleep(50);
    assert.deepEqual(await shutdown(running.server, { timeoutMs: 100 }), { forced: true });
    await inFlight;
    running.conn.close();
  });
});

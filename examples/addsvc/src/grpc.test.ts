// addsvc over gRPC (examples-protocol.md §2.4): pb.Add on the Go peer's proto, business errors
// in-band with status OK, endpoint errors UNKNOWN with their text, health and reflection.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Metadata, credentials, loadPackageDefinition } from '@grpc/grpc-js';
import type { Client, ClientDuplexStream, ServiceClientConstructor } from '@grpc/grpc-js';
import { loadSync } from '@grpc/proto-loader';
import { background, withTimeout } from '@svckit/core/context';
import { codeOf } from '@svckit/core/errors';
import {
  HealthCheckResponse_ServingStatus,
  HealthService,
  StatusError,
  createClient,
  dial,
} from '@svckit/grpc';
import { setService } from './addendpoint/set.js';
import { Add, grpcErrorText, newGRPCClient, str2err } from './addtransport/grpc.js';
import { errTwoZeroes, isAddError } from './addservice/service.js';
import { startAddsvc } from './addsvc.test.helper.js';
import type { Running } from './addsvc.test.helper.js';

describe('addsvc over gRPC', () => {
  let run: Running;
  let conn: Client;
  before(async () => {
    run = await startAddsvc(['-ratelimit=false']);
    conn = dial(run.grpc);
  });
  after(async () => {
    conn.close();
    await run.stop();
  });

  it('serves /pb.Add/Sum and /pb.Add/Concat with the in-band err empty on success', async () => {
    const sum = createClient(
      conn,
      Add.method.sum,
      (_ctx, r: { a: bigint; b: bigint }) => r,
      (_ctx, reply) => reply,
    );
    const concat = createClient(
      conn,
      Add.method.concat,
      (_ctx, r: { a: string; b: string }) => r,
      (_ctx, reply) => reply,
    );
    const s = await sum(background(), { a: 1n, b: 2n });
    assert.deepEqual([s.v, s.err], [3n, '']);
    const c = await concat(background(), { a: '<a>', b: 'é' });
    assert.deepEqual([c.v, c.err], ['<a>é', '']);
  });

  it('answers business errors with status OK and the text in err', async () => {
    const sum = createClient(
      conn,
      Add.method.sum,
      (_ctx, r: { a: bigint; b: bigint }) => r,
      (_ctx, reply) => reply,
    );
    const concat = createClient(
      conn,
      Add.method.concat,
      (_ctx, r: { a: string; b: string }) => r,
      (_ctx, reply) => reply,
    );
    for (const [req, err] of [
      [{ a: 0n, b: 0n }, "can't sum two zeroes"],
      [{ a: 2147483647n, b: 1n }, 'integer overflow'],
      [{ a: -2147483648n, b: -1n }, 'integer overflow'],
    ] as const) {
      const reply = await sum(background(), req);
      assert.deepEqual([reply.v, reply.err], [0n, err]);
    }
    const reply = await concat(background(), { a: 'ééééé', b: 'x' });
    assert.deepEqual([reply.v, reply.err], ['', 'result exceeds maximum size']);
  });

  it("the client turns err back into the service's own error", async () => {
    const svc = setService(newGRPCClient(conn));
    await assert.rejects(svc.sum(background(), 0n, 0n), (err) => err === errTwoZeroes);
    const remote = str2err('some other text');
    assert.ok(
      remote !== undefined && isAddError(remote) === false && codeOf(remote) === 'invalid_argument',
    );
    assert.equal(str2err(''), undefined);
  });

  it('reports SERVING on grpc.health.v1 for "" and pb.Add', async () => {
    const check = createClient(
      conn,
      HealthService.method.check,
      (_ctx, service: string) => ({ service }),
      (_ctx, r) => r.status,
    );
    assert.equal(await check(background(), ''), HealthCheckResponse_ServingStatus.SERVING);
    assert.equal(await check(background(), 'pb.Add'), HealthCheckResponse_ServingStatus.SERVING);
  });

  it('lists its services over server reflection (grpcurl list)', async () => {
    const require = createRequire(import.meta.url);
    const protoDir = join(
      dirname(require.resolve('@grpc/reflection/package.json')),
      'build',
      'proto',
    );
    const definition = loadSync(join(protoDir, 'grpc/reflection/v1/reflection.proto'), {
      oneofs: true,
    });
    const pkg = loadPackageDefinition(definition) as unknown as {
      grpc: { reflection: { v1: { ServerReflection: ServiceClientConstructor } } };
    };
    const client = new pkg.grpc.reflection.v1.ServerReflection(
      run.grpc,
      credentials.createInsecure(),
    );
    type Reply = { listServicesResponse?: { service: { name: string }[] } };
    const stream = (
      client as unknown as { serverReflectionInfo(md: Metadata): ClientDuplexStream<object, Reply> }
    ).serverReflectionInfo(new Metadata());
    const reply = await new Promise<Reply>((resolve, reject) => {
      stream.once('data', resolve);
      stream.once('error', reject);
      stream.write({ listServices: '' });
    });
    stream.end();
    client.close();
    const names = (reply.listServicesResponse?.service ?? []).map((s) => s.name).sort();
    assert.ok(names.includes('pb.Add'), names.join(', '));
    assert.ok(names.includes('grpc.health.v1.Health'), names.join(', '));
  });

  it('passes the deadline through: an expired call is DEADLINE_EXCEEDED, not UNKNOWN', async () => {
    const [ctx, cancel] = withTimeout(background(), 0);
    try {
      await assert.rejects(
        setService(newGRPCClient(conn)).sum(ctx, 1n, 1n),
        (err) => codeOf(err) === 'deadline_exceeded',
      );
    } finally {
      cancel();
    }
  });
});

describe('addsvc over gRPC with the rate limit', () => {
  it('answers a rejected call with UNKNOWN and its text, as grpc-go answers Go kit', async (t) => {
    const run = await startAddsvc();
    t.after(() => run.stop());
    const conn = dial(run.grpc);
    t.after(() => conn.close());
    const svc = setService(newGRPCClient(conn));
    assert.equal(await svc.sum(background(), 1n, 2n), 3n);
    await assert.rejects(svc.sum(background(), 1n, 2n), (err) => {
      assert.ok(err instanceof StatusError);
      assert.equal(err.status, 2);
      assert.equal(err.message, 'rate limit exceeded');
      assert.equal(grpcErrorText(err), 'rpc error: code = Unknown desc = rate limit exceeded');
      return true;
    });
  });
});

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { create, createRegistry, fromBinary, isMessage } from '@bufbuild/protobuf';
import { AnySchema } from '@bufbuild/protobuf/wkt';
import { Metadata, status as grpcStatus } from '@grpc/grpc-js';
import { background, createKey, withValue } from '@svckit/core/context';
import { ServiceError, codeNumber, codeOf, codes } from '@svckit/core/errors';
import type { Code } from '@svckit/core/errors';
import {
  BadRequestSchema,
  ErrorInfoSchema,
  RetryInfoSchema,
  StatusError,
  StatusSchema,
  bindService,
  callOf,
  createClient,
  createServer,
  fullMethod,
  metadataRecord,
  setRequestHeader,
  setResponseHeader,
  setResponseTrailer,
} from './index.js';
import { Add, SumRequestSchema, file_pb_addsvc } from './gen/pb/addsvc_pb.js';
import type { SumRequest } from './gen/pb/addsvc_pb.js';
import { start } from './testdata/harness.js';
import type { Running } from './testdata/harness.js';

// svckit's gRPC server and client against each other on a real grpc.Server on 127.0.0.1, and
// the wire checked with grpc-js's own client where it matters.

const seen = createKey<string>('seen');
const decodeSum = (_ctx: unknown, m: SumRequest) => ({ a: m.a, b: m.b });
const encodeSum = (_ctx: unknown, r: { v: bigint; err?: string }) => ({ v: r.v, err: r.err ?? '' });

describe('server and client: hooks, metadata, header and trailer', () => {
  const log: string[] = [];
  let running: Running;
  before(async () => {
    const sum = createServer(
      async (ctx, r: { a: bigint; b: bigint }) => {
        log.push(`endpoint ${ctx.value(seen) ?? '-'} ${fullMethod(ctx) ?? '-'}`);
        return { v: r.a + r.b };
      },
      decodeSum,
      encodeSum,
      {
        before: [
          (ctx, md) => {
            const record = metadataRecord(md);
            log.push(
              `server before ${JSON.stringify(record['x-tag'])} ${JSON.stringify(record['x-token-bin'])}`,
            );
            return withValue(ctx, seen, record['x-id']?.[0] ?? 'none');
          },
        ],
        after: [
          setResponseHeader('X-Served-By', 'svckit'),
          setResponseTrailer('x-count', '1'),
          setResponseTrailer('x-count', '2'),
          (ctx) => (log.push('server after'), ctx),
        ],
        finalizer: [
          (_ctx, err) => log.push(`server finalizer ${err === undefined ? 'ok' : 'err'}`),
        ],
      },
    );
    const concat = createServer(
      async (ctx, r: { a: string; b: string }) => ({
        v: r.a === 'peer' ? (callOf(ctx)?.getPeer() ?? '') : `${r.a}${r.b}`,
        err: '',
      }),
      (_ctx, m: { a: string; b: string }) => ({ a: m.a, b: m.b }),
      (_ctx, r) => r,
    );
    running = await start((server) => bindService(server, Add, { sum, concat }));
  });
  after(() => running.stop());

  it('runs every hook in order on both sides; metadata, header and trailer travel', async () => {
    log.length = 0;
    let header: Record<string, string[]> = {};
    let trailer: Record<string, string[]> = {};
    const call = createClient(
      running.conn,
      Add.method.sum,
      (_ctx, r: { a: bigint; b: bigint }) => (log.push('client encode'), r),
      (_ctx, reply) => (log.push('client decode'), reply.v),
      {
        before: [
          setRequestHeader('X-Id', 'r1'),
          setRequestHeader('x-tag', 'a'),
          setRequestHeader('x-tag', 'b'),
          setRequestHeader('x-token-bin', 'sécret'),
          (ctx) => (log.push('client before'), ctx),
        ],
        after: [
          (ctx, h, t) => {
            header = metadataRecord(h);
            trailer = metadataRecord(t);
            log.push('client after');
            return ctx;
          },
        ],
        finalizer: [
          (_ctx, err) => log.push(`client finalizer ${err === undefined ? 'ok' : 'err'}`),
        ],
      },
    );
    assert.equal(await call(background(), { a: 2n ** 60n, b: 1n }), 2n ** 60n + 1n);
    assert.deepEqual(log, [
      'client encode',
      'client before',
      // Node's HTTP/2 server joins a repeated request header into one value (grpc-js reads it so).
      'server before ["a, b"] ["sécret"]',
      'endpoint r1 /pb.Add/Sum',
      'server after',
      'server finalizer ok',
      'client after',
      'client decode',
      'client finalizer ok',
    ]);
    assert.deepEqual(header['x-served-by'], ['svckit']);
    // Both values went on the wire; Node's HTTP/2 joins repeated fields when receiving.
    assert.deepEqual(trailer['x-count'], ['1, 2']);
  });

  it('sends no header or trailer metadata of its own when no hook set any', async () => {
    let header: Metadata | undefined;
    let trailer: Metadata | undefined;
    const call = createClient(
      running.conn,
      Add.method.concat,
      (_ctx, r: { a: string; b: string }) => r,
      (_ctx, reply) => reply.v,
      { after: [(ctx, h, t) => ((header = h), (trailer = t), ctx)] },
    );
    assert.equal(await call(background(), { a: 'a', b: 'b' }), 'ab');
    const userKeys = (md: Metadata | undefined) =>
      Object.keys(md?.getMap() ?? {}).filter(
        (k) => !k.startsWith('grpc-') && k !== 'content-type' && k !== 'date',
      );
    assert.deepEqual(userKeys(header), []);
    assert.deepEqual(userKeys(trailer), []);
  });

  it('every client built on one connection shares its one channel', async () => {
    const make = () =>
      createClient(
        running.conn,
        Add.method.concat,
        (_ctx, a: string) => ({ a }),
        (_ctx, r) => r.v,
      );
    const [one, two] = [make(), make()];
    const peers = await Promise.all([one, two, one, two].map((c) => c(background(), 'peer')));
    assert.match(peers[0] ?? '', /^127\.0\.0\.1:\d+$/);
    assert.equal(new Set(peers).size, 1, `one connection: ${peers.join(' ')}`);
  });

  it('an encoder may return the reply fields only; defaults fill the rest', async () => {
    const call = createClient(
      running.conn,
      Add.method.sum,
      (_ctx, r: { a: bigint }) => ({ a: r.a }),
      (_ctx, reply) => reply,
    );
    const reply = await call(background(), { a: 5n });
    assert.equal(reply.v, 5n);
    assert.equal(reply.err, '');
    assert.equal(reply.$typeName, 'pb.SumReply');
  });
});

describe('errors: codes both ways, messages, details', () => {
  let running: Running;
  let failWith: unknown;
  before(async () => {
    const failing = createServer(
      async () => {
        throw failWith;
      },
      decodeSum,
      encodeSum,
      { registry: createRegistry(file_pb_addsvc) },
    );
    const goKit = createServer(
      async () => {
        throw new ServiceError('invalid_argument', 'rate limit exceeded');
      },
      (_ctx, m: { a: string }) => m,
      () => ({}),
      { errorCode: () => 'unknown' },
    );
    running = await start((server) => bindService(server, Add, { sum: failing, concat: goKit }));
  });
  after(() => running.stop());

  const sumClient = (registry?: ReturnType<typeof createRegistry>) =>
    createClient(
      running.conn,
      Add.method.sum,
      (_ctx, r: { a: bigint }) => r,
      (_ctx, reply) => reply.v,
      registry === undefined ? {} : { registry },
    );

  /** rawStatus calls with grpc-js's own client: what is on the wire. */
  const rawStatus = (): Promise<{ code: number; details: string; metadata: Metadata }> =>
    new Promise((resolve) => {
      running.conn.makeUnaryRequest(
        '/pb.Add/Sum',
        (b: Buffer) => b,
        (b: Buffer) => b,
        Buffer.alloc(0),
        new Metadata(),
        (err) => resolve(err as never),
      );
    });

  it('every canonical code is its gRPC status on the wire and comes back as itself', async () => {
    const call = sumClient();
    for (const code of codes) {
      failWith = new ServiceError(code, `failed with ${code}`);
      const wire = await rawStatus();
      assert.equal(wire.code, codeNumber(code), code);
      assert.equal(wire.details, `failed with ${code}`);
      await assert.rejects(call(background(), { a: 1n }), (err: unknown) => {
        assert.ok(err instanceof StatusError, code);
        assert.equal(err.code, code);
        assert.equal(err.status, codeNumber(code));
        assert.equal(err.message, `failed with ${code}`);
        return true;
      });
    }
    assert.equal(grpcStatus.UNAUTHENTICATED, codeNumber('unauthenticated'));
  });

  it("a plain error is UNKNOWN with its message (Go kit's behaviour); a thrown string too", async () => {
    failWith = new Error('boom');
    assert.deepEqual([(await rawStatus()).code, (await rawStatus()).details], [2, 'boom']);
    await assert.rejects(sumClient()(background(), { a: 1n }), {
      code: 'unknown',
      message: 'boom',
    });
    failWith = 'just a string';
    assert.equal((await rawStatus()).details, 'just a string');
  });

  it('the errorCode option is the server error table (addsvc: UNKNOWN for everything)', async () => {
    const call = createClient(
      running.conn,
      Add.method.concat,
      (_ctx, r: { a: string }) => r,
      (_ctx, reply) => reply.v,
    );
    await assert.rejects(call(background(), { a: 'x' }), (err: unknown) => {
      assert.equal(codeOf(err), 'unknown');
      assert.equal((err as StatusError).status, 2);
      assert.equal((err as Error).message, 'rate limit exceeded');
      return true;
    });
  });

  it('ServiceError details travel as google.rpc.Status in grpc-status-details-bin', async () => {
    const badRequest = create(BadRequestSchema, {
      fieldViolations: [{ field: 'a', description: 'must be positive' }],
    });
    const custom = create(SumRequestSchema, { a: 2n ** 62n });
    failWith = new ServiceError('invalid_argument', 'bad sum', {
      details: [badRequest, { id: 7, tags: ['x'] }, 'plain text', custom, () => 'not JSON'],
      reason: 'NEGATIVE_A',
      retryAfterMs: 1500,
    });
    const wire = await rawStatus();
    const raw = wire.metadata.get('grpc-status-details-bin')[0] as Buffer;
    const status = fromBinary(StatusSchema, raw);
    assert.equal(status.code, 3);
    assert.equal(status.message, 'bad sum');
    assert.deepEqual(
      status.details.map((d) => d.typeUrl),
      [
        'type.googleapis.com/google.rpc.BadRequest',
        'type.googleapis.com/google.protobuf.Struct',
        'type.googleapis.com/google.protobuf.Value',
        'type.googleapis.com/pb.SumRequest',
        'type.googleapis.com/google.rpc.ErrorInfo',
        'type.googleapis.com/google.rpc.RetryInfo',
      ],
    );
    assert.deepEqual(wire.metadata.get('grpc-retry-pushback-ms'), ['1500']);

    await assert.rejects(sumClient()(background(), { a: 1n }), (err: unknown) => {
      assert.ok(err instanceof StatusError);
      assert.equal(err.code, 'invalid_argument');
      assert.equal(err.reason, 'NEGATIVE_A');
      assert.equal(err.retryAfterMs, 1500);
      const [bad, json, text, unknownType, info, retry] = err.details;
      assert.ok(isMessage(bad, BadRequestSchema));
      assert.equal(bad.fieldViolations[0]?.description, 'must be positive');
      assert.deepEqual(json, { id: 7, tags: ['x'] });
      assert.equal(text, 'plain text');
      assert.ok(isMessage(unknownType, AnySchema), 'a type the client does not know stays an Any');
      assert.ok(isMessage(info, ErrorInfoSchema));
      assert.ok(isMessage(retry, RetryInfoSchema));
      return true;
    });
    const knowing = sumClient(createRegistry(file_pb_addsvc));
    await assert.rejects(knowing(background(), { a: 1n }), (err: unknown) => {
      const detail = (err as StatusError).details[3];
      assert.ok(isMessage(detail, SumRequestSchema));
      assert.equal(detail.a, 2n ** 62n);
      return true;
    });
  });

  it('svckit errors keep their reason across the wire (ErrorInfo)', async () => {
    failWith = Object.assign(new Error('limited'), {
      code: 'resource_exhausted' as Code,
      reason: 'RATE_LIMITED',
    });
    await assert.rejects(sumClient()(background(), { a: 1n }), {
      code: 'resource_exhausted',
      reason: 'RATE_LIMITED',
      message: 'limited',
    });
  });
});

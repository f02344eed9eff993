import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Metadata } from '@grpc/grpc-js';
import { basic } from '@svckit/core/auth/basic';
import { background } from '@svckit/core/context';
import { codeOf, reasonOf } from '@svckit/core/errors';
import {
  authorizationToContext,
  authorizationToMetadata,
  bindService,
  createClient,
  createServer,
  setRequestHeader,
} from './index.js';
import { create, toBinary } from '@bufbuild/protobuf';
import { Add, SumRequestSchema } from './gen/pb/addsvc_pb.js';
import type { SumRequest } from './gen/pb/addsvc_pb.js';
import { frame, rawCall, start } from './testdata/harness.js';
import type { Running } from './testdata/harness.js';

// Basic auth over a real gRPC server: the credential travels as `authorization` metadata and
// reaches core's middleware through authorizationToContext.

const b64 = (s: string): string => Buffer.from(s).toString('base64');

describe('auth over gRPC: authorization metadata into the context', () => {
  let running: Running;
  before(async () => {
    const sum = createServer(
      basic({ user: 'u', password: 'p', realm: 'add' })(
        async (_ctx, r: { a: bigint; b: bigint }) => ({ v: r.a + r.b, err: '' }),
      ),
      (_ctx, m: SumRequest) => ({ a: m.a, b: m.b }),
      (_ctx, r: { v: bigint; err: string }) => r,
      { before: [authorizationToContext] },
    );
    running = await start((server) => bindService(server, Add, { sum }));
  });
  after(() => running.stop());

  const client = (hooks: Parameters<typeof createClient>[4] = {}) =>
    createClient(
      running.conn,
      Add.method.sum,
      (_ctx, r: { a: bigint; b: bigint }) => r,
      (_ctx, reply) => reply.v,
      hooks,
    );

  it('passes with the right credential, sent from the context by authorizationToMetadata', async () => {
    const call = client({ before: [authorizationToMetadata(() => `Basic ${b64('u:p')}`)] });
    assert.equal(await call(background(), { a: 1n, b: 2n }), 3n);
  });

  it('answers UNAUTHENTICATED without a credential and with a wrong one', async () => {
    const cases = [
      client(),
      client({ before: [setRequestHeader('authorization', `Basic ${b64('u:x')}`)] }),
    ];
    const reasons: (string | undefined)[] = [];
    for (const call of cases) {
      await assert.rejects(call(background(), { a: 1n, b: 2n }), (err: unknown) => {
        assert.equal(codeOf(err), 'unauthenticated');
        reasons.push(reasonOf(err));
        return true;
      });
    }
    assert.deepEqual(reasons, ['CREDENTIALS_MISSING', 'CREDENTIALS_INVALID']);
  });

  // grpc-js and Node's HTTP/2 client refuse to send the header twice; Node's HTTP/2 server joins
  // a repeated header with ", ", so that is what two values from another client look like.
  it('refuses a call carrying two authorization values, even both right (raw HTTP/2)', async () => {
    const message = frame(toBinary(SumRequestSchema, create(SumRequestSchema, { a: 1n, b: 2n })));
    const good = `Basic ${b64('u:p')}`;
    const one = await rawCall(running.port, '/pb.Add/Sum', message, { authorization: good });
    assert.equal(one.status, 0);
    const two = await rawCall(running.port, '/pb.Add/Sum', message, {
      authorization: `${good}, ${good}`,
    });
    assert.equal(two.status, 16, two.message);
    assert.match(two.message ?? '', /more than one authorization/);
    const md = new Metadata();
    md.add('authorization', good);
    md.add('authorization', good);
    assert.throws(
      () => authorizationToContext(background(), md),
      (err: unknown) => codeOf(err) === 'unauthenticated',
    );
  });
});

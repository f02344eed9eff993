import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Server as GrpcServer } from '@grpc/grpc-js';
import type { ServerUnaryCall, sendUnaryData, Metadata } from '@grpc/grpc-js';
import { background } from '@svckit/core/context';
import { codeFromNumber, codeOf } from '@svckit/core/errors';
import {
  createClient,
  decodeKeyValue,
  dial,
  encodeKeyValue,
  listen,
  metadataOf,
  metadataRecord,
  serviceDefinition,
  setRequestHeader,
  shutdown,
} from './index.js';
import type { StatusError } from './index.js';
import { Add } from './gen/pb/addsvc_pb.js';
import type { ConcatReply, ConcatRequest, SumReply, SumRequest } from './gen/pb/addsvc_pb.js';

// svckit's client against a plain grpc-js server (not svckit): statuses it did not choose,
// and the metadata helpers' wire format, which Go kit's EncodeKeyValue shares.

describe('the client against a plain grpc-js server; metadata on the wire', () => {
  let server: GrpcServer;
  let address = '';
  let received: Metadata | undefined;
  before(async () => {
    server = new GrpcServer();
    server.addService(serviceDefinition(Add), {
      // Sum fails with the status number given as `a`.
      Sum: (call: ServerUnaryCall<SumRequest, SumReply>, callback: sendUnaryData<unknown>) =>
        callback({ code: Number(call.request.a), details: `status ${call.request.a}` }),
      Concat: (
        call: ServerUnaryCall<ConcatRequest, ConcatReply>,
        callback: sendUnaryData<unknown>,
      ) => {
        received = call.metadata;
        callback(null, { v: 'ok' });
      },
    });
    address = `127.0.0.1:${await listen(server, '127.0.0.1:0')}`;
  });
  after(() => shutdown(server, { timeoutMs: 100 }));

  it('every gRPC status from a server that is not svckit reads as its code', async (t) => {
    const conn = dial(address);
    t.after(() => conn.close());
    const call = createClient(
      conn,
      Add.method.sum,
      (_ctx, n: number) => ({ a: BigInt(n) }),
      (_ctx, r) => r,
    );
    for (let n = 1; n <= 16; n++) {
      await assert.rejects(call(background(), n), (err: unknown) => {
        assert.equal(codeOf(err), codeFromNumber(n));
        assert.equal((err as StatusError).status, n);
        assert.equal((err as Error).message, `status ${n}`);
        assert.deepEqual((err as StatusError).details, []);
        return true;
      });
    }
  });

  it("metadata helpers: lower-cased keys, Go kit's base64 for -bin text, raw bytes as they are", async (t) => {
    const conn = dial(address);
    t.after(() => conn.close());
    const call = createClient(
      conn,
      Add.method.concat,
      (_ctx, r: object) => r,
      (_ctx, r) => r.v,
      {
        before: [
          setRequestHeader('X-Request-ID', 'r-1'),
          setRequestHeader('X-Token-Bin', 'hello'),
          setRequestHeader('x-raw-bin', new Uint8Array([0, 255, 1])),
        ],
      },
    );
    assert.equal(await call(background(), {}), 'ok');
    assert.deepEqual(received?.get('x-request-id'), ['r-1']);
    // Go kit's EncodeKeyValue("x-token-bin", "hello") puts base64("hello") in the binary value.
    assert.deepEqual(received?.get('x-token-bin'), [Buffer.from('aGVsbG8=')]);
    assert.deepEqual(received?.get('x-raw-bin'), [Buffer.from([0, 255, 1])]);
    const record = metadataRecord(received as Metadata);
    assert.deepEqual(record['x-token-bin'], ['hello']);
    assert.deepEqual(record['x-raw-bin'], [Buffer.from([0, 255, 1]).toString('base64')]);
  });

  it('encodeKeyValue and decodeKeyValue are inverses; metadataOf keeps every value', () => {
    const [key, value] = encodeKeyValue('Trace-Bin', 'é!');
    assert.equal(key, 'trace-bin');
    assert.deepEqual(decodeKeyValue(key, value), ['trace-bin', 'é!']);
    assert.deepEqual(encodeKeyValue('X-Plain', 'v'), ['x-plain', 'v']);
    const md = metadataOf({ 'X-Tag': ['a', 'b'], one: '1' });
    assert.deepEqual(md.get('x-tag'), ['a', 'b']);
    assert.deepEqual(metadataRecord(md), { 'x-tag': ['a', 'b'], one: ['1'] });
  });
});

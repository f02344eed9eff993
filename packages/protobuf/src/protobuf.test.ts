import assert from 'node:assert/strict';
import { once } from 'node:events';
import { createServer as createNodeServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { create, toBinary } from '@bufbuild/protobuf';
import { background } from '@svckit/core/context';
import { ServiceError, codeOf } from '@svckit/core/errors';
import { createClient, createServer } from '@svckit/core/transport/http';
import {
  decodeProtobufRequest,
  decodeProtobufResponse,
  encodeProtobufRequest,
  encodeProtobufResponse,
  protobufCodec,
} from './index.js';
import { OrderSchema, ReceiptSchema } from './gen/testpb/sample_pb.js';
import type { Order, Receipt } from './gen/testpb/sample_pb.js';

// protobuf bodies over a real node:http server on 127.0.0.1, with svckit's HTTP client.

const big = 2n ** 53n + 1n; // not a JS number: it must travel exactly

async function placeOrder(_ctx: unknown, order: Order): Promise<Receipt> {
  if (order.customer === '') throw new ServiceError('invalid_argument', 'customer is required');
  return create(ReceiptSchema, { orderId: order.id, status: `ok ${order.lines.length}` });
}

describe('@svckit/protobuf over HTTP', () => {
  let base = '';
  const httpServer = createNodeServer();
  before(async () => {
    const server = createServer(
      placeOrder,
      decodeProtobufRequest(OrderSchema),
      encodeProtobufResponse(ReceiptSchema),
      { bodyLimit: 64 * 1024 },
    );
    const garbage = createServer(
      async () => 'x',
      async () => undefined,
      (_ctx, w) => {
        w.setHeader('content-type', 'application/x-protobuf');
        w.end(new Uint8Array([0x0a, 0xff])); // a length-delimited field cut short
      },
    );
    httpServer.on('request', (req, res) =>
      req.url === '/garbage' ? garbage.node(req, res) : server.node(req, res),
    );
    httpServer.listen(0, '127.0.0.1');
    await once(httpServer, 'listening');
    base = `http://127.0.0.1:${(httpServer.address() as AddressInfo).port}`;
  });
  after(() => httpServer.close());

  const post = (body: Uint8Array<ArrayBuffer> | string, type = 'application/x-protobuf') =>
    fetch(`${base}/order`, { method: 'POST', body, headers: { 'content-type': type } });

  it('round-trips a message, 64-bit integers beyond 2^53 exact, both ways', async () => {
    const call = createClient(
      'POST',
      `${base}/order`,
      encodeProtobufRequest(OrderSchema),
      decodeProtobufResponse(ReceiptSchema),
    );
    const order = create(OrderSchema, {
      id: big,
      totalCents: 2n ** 64n - 1n,
      customer: 'ada',
      lines: [{ sku: 'a', quantity: 2 }],
      labels: { k: 'v' },
    });
    const receipt = await call(background(), order);
    assert.equal(receipt.orderId, big);
    assert.equal(receipt.status, 'ok 1');
    assert.equal(receipt.$typeName, 'testpb.Receipt');
  });

  it('the server answers application/x-protobuf with the binary body', async () => {
    const res = await post(toBinary(OrderSchema, create(OrderSchema, { id: 7n, customer: 'x' })));
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('content-type'), 'application/x-protobuf');
    const receipt = protobufCodec(ReceiptSchema).decode(new Uint8Array(await res.arrayBuffer()));
    assert.equal(receipt.orderId, 7n);
  });

  it('bad input is a 400 saying why, never a 500, and the server keeps serving', async () => {
    const cases: [string, Uint8Array<ArrayBuffer> | string][] = [
      ['truncated field', new Uint8Array([0x1a, 0x05, 0x61])],
      ['invalid wire type', new Uint8Array([0x0f])],
      ['varint too long', new Uint8Array([0x08, ...new Array<number>(11).fill(0xff)])],
      ['JSON sent to a protobuf endpoint', '{"id":1}'],
    ];
    for (const [name, body] of cases) {
      const res = await post(body);
      const text = await res.text();
      assert.equal(res.status, 400, `${name}: ${text}`);
      assert.match(text, /malformed protobuf body: not a testpb\.Order/, name);
    }
    const tooBig = await post(new Uint8Array(65 * 1024));
    assert.equal(tooBig.status, 413);
    await tooBig.text();
    const ok = await post(toBinary(OrderSchema, create(OrderSchema, { customer: 'y' })));
    assert.equal(ok.status, 200);
    await ok.arrayBuffer();
  });

  it('an error status reaches the client with its code and the server text', async () => {
    const call = createClient(
      'POST',
      `${base}/order`,
      encodeProtobufRequest(OrderSchema),
      decodeProtobufResponse(ReceiptSchema),
    );
    await assert.rejects(call(background(), create(OrderSchema)), (err: unknown) => {
      assert.equal(codeOf(err), 'invalid_argument');
      assert.equal((err as Error).message, 'customer is required');
      return true;
    });
  });

  it('a response that does not decode is internal (the callee broke its contract)', async () => {
    const call = createClient(
      'POST',
      `${base}/garbage`,
      encodeProtobufRequest(OrderSchema),
      decodeProtobufResponse(ReceiptSchema),
    );
    await assert.rejects(call(background(), create(OrderSchema)), (err: unknown) => {
      assert.equal(codeOf(err), 'internal');
      assert.equal((err as ServiceError).reason, 'INVALID_PROTOBUF');
      assert.match((err as Error).message, /malformed protobuf response: not a testpb\.Receipt/);
      return true;
    });
  });
});

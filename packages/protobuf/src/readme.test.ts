// The example of packages/protobuf/README.md, compiled and run (only the import paths differ).
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { createServer as createNodeServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { test } from 'node:test';
import { create } from '@bufbuild/protobuf';
import { background } from '@svckit/core/context';
import { ServiceError } from '@svckit/core/errors';
import { createClient, createServer } from '@svckit/core/transport/http';
import {
  decodeProtobufRequest,
  decodeProtobufResponse,
  encodeProtobufRequest,
  encodeProtobufResponse,
} from './index.js';
import { OrderSchema, ReceiptSchema } from './gen/testpb/sample_pb.js';
import type { Order } from './gen/testpb/sample_pb.js';

test('README example', async () => {
  const lines: string[] = [];
  const console = { log: (...args: unknown[]) => lines.push(args.map(String).join(' ')) };
  // --- README ---
  const placeOrder = async (_ctx: unknown, order: Order) => {
    if (order.customer === '') throw new ServiceError('invalid_argument', 'customer is required');
    return create(ReceiptSchema, { orderId: order.id, status: 'ok' });
  };
  const server = createServer(
    placeOrder,
    decodeProtobufRequest(OrderSchema),
    encodeProtobufResponse(ReceiptSchema),
  );
  const http = createNodeServer(server.node).listen(0, '127.0.0.1');
  await once(http, 'listening');
  const url = `http://127.0.0.1:${(http.address() as AddressInfo).port}/order`;

  const call = createClient(
    'POST',
    url,
    encodeProtobufRequest(OrderSchema),
    decodeProtobufResponse(ReceiptSchema),
  );
  const receipt = await call(
    background(),
    create(OrderSchema, { id: 2n ** 53n + 1n, customer: 'ada' }),
  );
  console.log(receipt.orderId); // 9007199254740993n: int64 is an exact bigint
  http.close();
  // --- README ---
  assert.deepEqual(lines, ['9007199254740993']);
});

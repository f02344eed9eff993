// The example of packages/amqp/README.md, compiled and run against a real RabbitMQ (only the
// import paths and the URL differ); the test also checks the README still shows this code.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { background, withTimeout } from '@svckit/core/context';
import { ServiceError } from '@svckit/core/errors';
import { requireService } from '@svckit/testing';
import {
  createClient,
  createConnection,
  createServer,
  decodeJSONRequest,
  decodeJSONResponse,
  encodeJSONRequest,
  encodeJSONResponse,
} from './index.js';

const self = readFileSync(new URL('../src/readme.test.ts', import.meta.url), 'utf8');
const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');

test('README example', async (t) => {
  const url = requireService(t, 'amqp');
  if (url === undefined) return;
  const lines: string[] = [];
  const console = {
    log: (...args: unknown[]) => lines.push(args.map((a) => JSON.stringify(a)).join(' ')),
  };
  const process = { env: { AMQP_URL: url } };
  // --- README ---
  // One connection per process: it reconnects with back-off and re-declares what it consumes.
  const conn = await createConnection(process.env.AMQP_URL ?? 'amqp://guest:guest@127.0.0.1:5672');

  // Server side (Go kit's amqptransport.Subscriber): an endpoint on a queue.
  const sum = createServer(
    async (_ctx, req: { a: number; b: number }) => {
      if (req.a === 0 && req.b === 0)
        throw new ServiceError('invalid_argument', "can't sum two zeroes");
      return { v: req.a + req.b };
    },
    decodeJSONRequest<{ a: number; b: number }>,
    encodeJSONResponse,
    { ack: 'afterEndpoint' }, // acknowledged once answered; redelivered if we crash before
  );
  await sum.consume(conn, 'readme.sum', { declare: { autoDelete: true } });

  // Client side (Go kit's amqptransport.Publisher): RPC as an endpoint.
  const call = createClient(
    conn,
    'readme.sum',
    encodeJSONRequest,
    decodeJSONResponse<{ v: number }>,
  );
  const [ctx, cancel] = withTimeout(background(), 1000); // connect-timeout-ms and expiration
  console.log(await call(ctx, { a: 1, b: 2 })); // {"v":3}
  await call(ctx, { a: 0, b: 0 }).catch((err: ServiceError) => console.log(err.code, err.message));
  // "invalid_argument" "can't sum two zeroes": the reply was {"err":"..."}, code in a header
  cancel();

  // Shutdown: stop consuming, answer what is in flight, then close.
  await sum.close();
  await conn.close();
  // --- END ---
  assert.deepEqual(lines, ['{"v":3}', `"invalid_argument" "can't sum two zeroes"`]);
  const region = self.slice(
    self.indexOf('// --- README ---\n') + 18,
    self.indexOf('  // --- END ---'),
  );
  assert.ok(readme.includes(region.replace(/^ {2}/gm, '')), 'README.md shows this example');
});

// The example of packages/nats/README.md, compiled and run against a real nats-server (only the
// import paths and the URL differ); the test also checks the README still shows this code.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { connect } from '@nats-io/transport-node';
import { background, withTimeout } from '@svckit/core/context';
import { ServiceError } from '@svckit/core/errors';
import { requireService } from '@svckit/testing';
import {
  createClient,
  createServer,
  decodeJSONRequest,
  decodeJSONResponse,
  encodeJSONRequest,
  encodeJSONResponse,
} from './index.js';

const self = readFileSync(new URL('../src/readme.test.ts', import.meta.url), 'utf8');
const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');

test('README example', async (t) => {
  const url = requireService(t, 'nats');
  if (url === undefined) return;
  const lines: string[] = [];
  const console = {
    log: (...args: unknown[]) => lines.push(args.map((a) => JSON.stringify(a)).join(' ')),
  };
  const process = { env: { NATS_URL: url } };
  // --- README ---
  const nc = await connect({ servers: process.env.NATS_URL ?? 'nats://127.0.0.1:4222' });

  // Server side (Go kit's natstransport.Subscriber): an endpoint on a subject, in a queue group.
  const uppercase = createServer(
    async (_ctx, req: { s: string }) => {
      if (req.s === '') throw new ServiceError('invalid_argument', 'empty string');
      return { v: req.s.toUpperCase() };
    },
    decodeJSONRequest<{ s: string }>,
    encodeJSONResponse,
  );
  uppercase.subscribe(nc, 'readme.uppercase', { queue: 'readme' });

  // Client side (Go kit's natstransport.Publisher): an endpoint like any other.
  const call = createClient(
    nc,
    'readme.uppercase',
    encodeJSONRequest,
    decodeJSONResponse<{ v: string }>,
  );
  const [ctx, cancel] = withTimeout(background(), 1000); // sent as connect-timeout-ms
  console.log(await call(ctx, { s: 'hello' })); // {"v":"HELLO"}
  await call(ctx, { s: '' }).catch((err: ServiceError) => console.log(err.code, err.message));
  // "invalid_argument" "empty string": the reply was {"err":"empty string"}, code in a header
  cancel();

  // Shutdown: drain the server (requests in flight are answered), then the connection.
  await uppercase.close();
  await nc.drain();
  // --- END ---
  assert.deepEqual(lines, ['{"v":"HELLO"}', '"invalid_argument" "empty string"']);
  const region = self.slice(
    self.indexOf('// --- README ---\n') + 18,
    self.indexOf('  // --- END ---'),
  );
  const block = region.replace(/^ {2}/gm, '');
  assert.ok(readme.includes(block), 'README.md shows the example this test runs');
});

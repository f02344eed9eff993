// The example of README.md, compiled and run (imports relative, port 0, the server closed).
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { test } from 'node:test';
import { background } from '../../../context/index.js';
import { listen } from '../index.js';
import { JsonRpcError, createBatchClient, createClient, createServer, method } from './index.js';

test('README example', async (t) => {
  const log: unknown[] = [];
  const console = { log: (...args: unknown[]) => log.push(args) };
  // --- README ---
  const server = createServer({
    subtract: method({
      endpoint: async (_ctx, r: { minuend: number; subtrahend: number }) =>
        r.minuend - r.subtrahend,
      params: ['minuend', 'subtrahend'], // [42, 23] arrives as { minuend: 42, subtrahend: 23 }
      decode: (_ctx, p) => {
        const { minuend, subtrahend } = (p ?? {}) as Record<string, unknown>;
        if (typeof minuend !== 'number' || typeof subtrahend !== 'number') {
          throw new Error('minuend and subtrahend must be numbers'); // answered -32602
        }
        return { minuend, subtrahend };
      },
    }),
  });
  const http = await listen(server.node, { port: 0 }); // or createRouter().post('/rpc', server)
  const base = `http://127.0.0.1:${(http.address() as AddressInfo).port}/`;

  const subtract = createClient<[number, number], number>(base, 'subtract');
  console.log(await subtract(background(), [42, 23])); // 19, sent with id 0

  const batch = createBatchClient(base);
  const [a, b] = await batch(background(), [
    { method: 'subtract', params: { minuend: 5, subtrahend: 2 } },
    { method: 'nope' },
  ]);
  console.log(a, b); // { ok: true, result: 3 } { ok: false, error: JsonRpcError -32601 }
  // --- end ---
  t.after(() => {
    http.closeAllConnections();
    http.close();
  });
  assert.deepEqual(log[0], [19]);
  const [first, second] = log[1] as [unknown, { ok: boolean; error: unknown }];
  assert.deepEqual(first, { ok: true, result: 3 });
  assert.ok(second.error instanceof JsonRpcError && second.error.jsonRpcCode === -32601);
  await assert.rejects(
    subtract(background(), [1, 'x'] as unknown as [number, number]),
    (err: unknown) => err instanceof JsonRpcError && err.jsonRpcCode === -32602,
  );
});

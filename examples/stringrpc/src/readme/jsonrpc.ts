/**
 * @module
 * The example of packages/core/src/transport/http/jsonrpc/README.md (the region below is that
 * code block); `readme.test.ts` imports it and checks what it printed.
 */
// #region readme
import type { AddressInfo } from 'node:net';
import { background } from '@svckit/core/context';
import { listen } from '@svckit/core/transport/http';
import {
  createBatchClient,
  createClient,
  createServer,
  method,
} from '@svckit/core/transport/http/jsonrpc';

const server = createServer({
  subtract: method({
    endpoint: async (_ctx, r: { minuend: number; subtrahend: number }) => r.minuend - r.subtrahend,
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
export const http = await listen(server.node, { port: 0 }); // or createRouter().post('/rpc', server)
const url = `http://127.0.0.1:${(http.address() as AddressInfo).port}/`;

const subtract = createClient<[number, number], number>(url, 'subtract');
console.log(await subtract(background(), [42, 23])); // 19, sent with id 0

const batch = createBatchClient(url);
const [a, b] = await batch(background(), [
  { method: 'subtract', params: { minuend: 5, subtrahend: 2 } },
  { method: 'nope' },
]);
console.log(a, b); // { ok: true, result: 3 } { ok: false, error: JsonRpcError -32601 }
// #endregion readme

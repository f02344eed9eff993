/**
 * @module
 * The HTTP client example of packages/core/README.md (the region below is that code block);
 * `readme.test.ts` runs it.
 */
// #region client
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { background, withTimeout } from '@svckit/core/context';
import {
  createClient,
  decodeJSONResponse,
  encodeJSONRequest,
  setRequestHeader,
} from '@svckit/core/transport/http';

// Any HTTP server will do; here a plain node:http one on a free port.
const server = createServer((req, res) => {
  let body = '';
  req.on('data', (c) => (body += c));
  req.on('end', () => {
    const { a, b } = JSON.parse(body) as { a: number; b: number };
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ v: a + b, caller: req.headers['x-caller'] }));
  });
});
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
const { port } = server.address() as AddressInfo;

const sum = createClient<{ a: number; b: number }, { v: number; caller: string }>(
  'POST',
  `http://127.0.0.1:${port}/sum`,
  encodeJSONRequest,
  decodeJSONResponse,
  { before: [setRequestHeader('X-Caller', 'docs')] },
);

const [ctx, cancel] = withTimeout(background(), 1000);
try {
  console.log(await sum(ctx, { a: 1, b: 2 })); // { v: 3, caller: 'docs' }
} finally {
  cancel();
  server.close();
}
// #endregion client

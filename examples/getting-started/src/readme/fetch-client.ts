/**
 * @module
 * The Fetch client example of packages/core/README.md (the region below is that code block);
 * `readme.test.ts` runs it under Node, `readme-bun.test.ts` under Bun.
 */
// #region fetch
import { background, withTimeout } from '@svckit/core/context';
import {
  createFetchClient,
  createServer,
  decodeJSONRequest,
  decodeJSONResponse,
  encodeJSONRequest,
  encodeJSONResponse,
} from '@svckit/core/transport/http';

// An svckit server's Fetch face stands in for the remote service: the client's `fetch` option
// takes any (input, init) => Promise<Response>, here one that never opens a socket.
const remote = createServer(
  async (_ctx, req: { a: number; b: number }) => ({ v: req.a + req.b }),
  decodeJSONRequest((body) => body as { a: number; b: number }),
  encodeJSONResponse,
);
const sum = createFetchClient<{ a: number; b: number }, { v: number }>(
  'POST',
  'http://adder.internal/sum',
  encodeJSONRequest,
  decodeJSONResponse,
  { fetch: (input, init) => remote.fetch(new Request(input, init)) }, // default: globalThis.fetch
);

const [ctx, cancel] = withTimeout(background(), 1000);
try {
  console.log(await sum(ctx, { a: 1, b: 2 })); // { v: 3 }
} finally {
  cancel();
}
// #endregion fetch

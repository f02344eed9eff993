// The example of README.md, compiled and run (imports relative, port 0).
import assert from 'node:assert/strict';
import { createServer as createNodeServer } from 'node:http';
import { test } from 'node:test';
import { createRouter, listen } from '../http/index.js';
import { baseURL, listenPlain, track } from '../http/serve.test.helper.js';
import { createProxy } from './index.js';

test('README example', async () => {
  const origin = await listenPlain(
    createNodeServer((req, res) => res.end(`${req.url} ${String(req.headers['x-gateway'])}`)),
  );
  // --- README ---
  const router = createRouter().mount(
    '/api',
    createProxy(origin, {
      stripPrefix: '/api', // /api/sum → http://127.0.0.1:8081/sum
      before: [(ctx, request) => ((request.headers['x-gateway'] = 'svckit'), ctx)],
    }),
  );
  const server = await listen(router.node, { port: 0 }); // Bun: Bun.serve({ fetch: router.fetch })
  // --- end ---
  const base = baseURL(track(server));
  assert.equal(await (await fetch(`${base}/api/sum`)).text(), '/sum svckit');
});

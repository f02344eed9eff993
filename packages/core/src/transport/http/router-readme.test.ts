// The router example of packages/core/README.md, compiled and run (imports relative, port 0).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Context } from '../../context/index.js';
import { createExpvar, expvarHandler } from '../../metrics/expvar/index.js';
import { createRouter, createServer, encodeJSONResponse, listen, routeOf } from './index.js';
import type { DecodeRequestFunc } from './index.js';
import { baseURL, track } from './serve.test.helper.js';

test('README router example', async () => {
  // --- README ---
  const getProfile = async (_ctx: Context, req: { id: string }) => ({ id: req.id, name: 'Ada' });
  const decodeGet: DecodeRequestFunc<{ id: string }> = (ctx) => ({
    id: routeOf(ctx)?.params['id'] ?? '',
  });

  const v1 = createRouter().get(
    '/profiles/:id',
    createServer(getProfile, decodeGet, encodeJSONResponse),
  );
  const router = createRouter()
    .mount('/v1', v1) // a sub-router routes the rest of the path: /v1/profiles/7
    .all('/debug/vars', expvarHandler(createExpvar())); // any method, as Go's ServeMux.Handle
  const server = await listen(router.node, { port: 0 }); // Bun: Bun.serve({ fetch: router.fetch })
  // --- end ---
  const base = baseURL(track(server));
  assert.equal(await (await fetch(`${base}/v1/profiles/7`)).text(), '{"id":"7","name":"Ada"}\n');
  assert.equal((await fetch(`${base}/debug/vars`)).status, 200);
  assert.equal((await fetch(`${base}/v1/nothing`)).status, 404);
});

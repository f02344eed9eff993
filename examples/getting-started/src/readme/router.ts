/**
 * @module
 * The router example of packages/core/README.md (the region below is that code block);
 * `readme.test.ts` imports it and calls it.
 */
// #region router
import type { Context } from '@svckit/core/context';
import { createExpvar, expvarHandler } from '@svckit/core/metrics/expvar';
import {
  createRouter,
  createServer,
  encodeJSONResponse,
  listen,
  routeOf,
} from '@svckit/core/transport/http';
import type { DecodeRequestFunc } from '@svckit/core/transport/http';

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
export const server = await listen(router.node, { port: 0 }); // Bun: Bun.serve({ fetch: router.fetch })
// curl 127.0.0.1:<port>/v1/profiles/7 → {"id":"7","name":"Ada"}
// #endregion router

/**
 * @module
 * The example of packages/core/src/transport/httprp/README.md (the region below is that code
 * block; the test gives the origin's address in `ORIGIN`); `readme.test.ts` calls through it.
 */
// #region readme
import { createRouter, listen } from '@svckit/core/transport/http';
import { createProxy } from '@svckit/core/transport/httprp';

const origin = process.env['ORIGIN'] ?? 'http://127.0.0.1:8081'; // the origin's base URL

const router = createRouter().mount(
  '/api',
  createProxy(origin, {
    stripPrefix: '/api', // /api/sum → <origin>/sum
    before: [(ctx, request) => ((request.headers['x-gateway'] = 'svckit'), ctx)],
  }),
);
export const server = await listen(router.node, { port: 0 }); // Bun: Bun.serve({ fetch: router.fetch })
// #endregion readme

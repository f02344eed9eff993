/**
 * @module
 * The HTTP server example of packages/core/README.md (the region below is that code block);
 * `readme.test.ts` imports it and calls it.
 */
// #region server
import {
  createServer,
  decodeJSONRequest,
  encodeJSONResponse,
  listen,
  requestFacts,
} from '@svckit/core/transport/http';
import type { Endpoint } from '@svckit/core/endpoint';
import { ServiceError } from '@svckit/core/errors';

const uppercase: Endpoint<{ s: string }, { v: string }> = async (ctx, req) => {
  ctx.signal.throwIfAborted(); // aborted when the client goes away
  return { v: req.s.toUpperCase() };
};

const server = createServer(
  uppercase,
  decodeJSONRequest((body) => {
    const s = (body as { s?: unknown } | null)?.s;
    if (typeof s !== 'string') throw new ServiceError('invalid_argument', 's must be a string'); // 400
    return { s };
  }),
  encodeJSONResponse,
  {
    before: [(ctx) => ctx], // Go kit ServerBefore: may derive a new context
    finalizer: [
      (ctx, { statusCode, bytesWritten }) =>
        console.log(requestFacts(ctx)?.path, statusCode, bytesWritten),
    ],
  },
);

export const listener = await listen(server.node, { port: 0 }); // node:http with safe timeouts; 0: a free port
// Bun:     Bun.serve({ port: 8080, fetch: server.fetch });
// Express: app.post('/uppercase', server.node);
// Koa:     app.use(async (ctx) => { ctx.respond = false; await server.node(ctx.req, ctx.res); });
// Fastify: leave the body raw (addContentTypeParser('*', (_r, _p, done) => done(null))), then
//          in the handler: reply.hijack(); return server.node(request.raw, reply.raw);
// #endregion server

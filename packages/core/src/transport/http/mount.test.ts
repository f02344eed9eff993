import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer as createNodeServer } from 'node:http';
import type { Server as NodeServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import Fastify from 'fastify';
import Koa from 'koa';
import { ServiceError } from '../../errors/index.js';
import type { Context } from '../../context/index.js';
import { createServer, decodeJSONRequest, encodeJSONResponse, requestFacts } from './index.js';

/** The service every framework mounts: uppercase over JSON, with a 64-byte body limit. */
const server = createServer(
  async (ctx: Context, req: { s: string }) => ({
    v: req.s.toUpperCase(),
    path: requestFacts(ctx)?.path,
  }),
  decodeJSONRequest((body) => {
    const s = (body as { s?: unknown } | null)?.s;
    if (typeof s !== 'string') throw new ServiceError('invalid_argument', 's must be a string');
    return { s };
  }),
  encodeJSONResponse,
  { bodyLimit: 64 },
);

const closers: Array<() => Promise<unknown>> = [];
after(async () => {
  for (const close of closers) await close();
});

function nodeClose(s: NodeServer): () => Promise<void> {
  return () =>
    new Promise<void>((resolve) => {
      s.closeAllConnections();
      s.close(() => resolve());
    });
}

async function listenOn(s: NodeServer): Promise<string> {
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
  closers.push(nodeClose(s));
  return `http://127.0.0.1:${(s.address() as AddressInfo).port}`;
}

/** checks drives one mounted server with a good, a malformed and an oversized request. */
async function checks(base: string): Promise<void> {
  const url = `${base}/uppercase`;
  const json = { 'content-type': 'application/json' };
  const ok = await fetch(url, { method: 'POST', headers: json, body: '{"s":"héllo"}' });
  assert.equal(ok.status, 200);
  assert.equal(ok.headers.get('content-type'), 'application/json; charset=utf-8');
  assert.deepEqual(await ok.json(), { v: 'HÉLLO', path: '/uppercase' });
  const bad = await fetch(url, { method: 'POST', headers: json, body: '{"s":' });
  assert.equal(bad.status, 400);
  assert.match(await bad.text(), /^malformed JSON body/);
  const wrong = await fetch(url, { method: 'POST', headers: json, body: '{"s":1}' });
  assert.equal(wrong.status, 400);
  assert.equal(await wrong.text(), 's must be a string');
  const big = await fetch(url, {
    method: 'POST',
    headers: json,
    body: JSON.stringify({ s: 'x'.repeat(100) }),
  });
  assert.equal(big.status, 413);
  await big.text();
}

describe('the Node face mounts in real frameworks', () => {
  it('node:http', async () => {
    await checks(await listenOn(createNodeServer(server.node)));
  });

  it('Express 5', async () => {
    const app = express();
    app.post('/uppercase', server.node);
    await checks(await listenOn(createNodeServer(app)));
  });

  it('Fastify 5 (body left raw, reply hijacked)', async () => {
    const app = Fastify();
    await app.register(async (scope) => {
      // Leave the body unread for svckit's decoder; fastify would parse JSON itself otherwise.
      scope.removeAllContentTypeParsers();
      scope.addContentTypeParser('*', (_req, _payload, done) => done(null));
      scope.post('/uppercase', (request, reply) => {
        reply.hijack();
        return server.node(request.raw, reply.raw);
      });
    });
    await app.listen({ port: 0, host: '127.0.0.1' });
    closers.push(() => app.close());
    await checks(`http://127.0.0.1:${(app.server.address() as AddressInfo).port}`);
  });

  it('Koa 3 (ctx.respond = false)', async () => {
    const app = new Koa();
    app.use(async (ctx, next) => {
      if (ctx.path !== '/uppercase') return next();
      ctx.respond = false;
      await server.node(ctx.req, ctx.res);
    });
    await checks(await listenOn(createNodeServer(app.callback())));
  });
});

import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Server } from '@grpc/grpc-js';
import { background } from '@svckit/core/context';
import { codeOf } from '@svckit/core/errors';
import {
  HealthService,
  authorizationToContext,
  authorizationToMetadata,
  bindService,
  createClient,
  createServer,
  dial,
  listen,
  shutdown,
} from '@svckit/grpc';
import { generateKeyPair } from 'jose';
import { bearerOf, claimsOf, parser, signer, staticKeys } from './index.js';

// JWT over a real gRPC server: the signer's token goes out as `authorization` metadata
// (authorizationToMetadata(bearerOf)) and comes in through authorizationToContext.

describe('JWT over gRPC', () => {
  const server = new Server();
  let conn: ReturnType<typeof dial>;
  let keys: Awaited<ReturnType<typeof generateKeyPair>>;
  before(async () => {
    keys = await generateKeyPair('ES256');
    const check = createServer(
      parser({ keys: staticKeys([{ kid: 'k1', key: keys.publicKey, algorithms: ['ES256'] }]) })(
        async (ctx, _req: { service: string }) => ({ sub: String(claimsOf(ctx)?.sub) }),
      ),
      (_ctx, m: { service: string }) => ({ service: m.service }),
      // The service name field carries the subject back, to see the claims arrived.
      (_ctx, r: { sub: string }) => ({ status: r.sub === 'alice' ? 1 : 2 }),
      { before: [authorizationToContext] },
    );
    bindService(server, HealthService, { check });
    const port = await listen(server, '127.0.0.1:0');
    conn = dial(`127.0.0.1:${port}`);
  });
  after(async () => {
    conn.close();
    await shutdown(server, { timeoutMs: 1000 });
  });

  const client = () =>
    createClient(
      conn,
      HealthService.method.check,
      (_ctx, r: { service: string }) => r,
      (_ctx, reply) => reply.status,
      { before: [authorizationToMetadata(bearerOf)] },
    );

  it('a signed call passes and its claims reach the endpoint', async () => {
    const call = signer({
      kid: 'k1',
      key: keys.privateKey,
      alg: 'ES256',
      claims: { sub: 'alice' },
    })(client());
    assert.equal(await call(background(), { service: '' }), 1);
  });

  it('an unsigned call, and one signed by another key, are UNAUTHENTICATED', async () => {
    await assert.rejects(
      client()(background(), { service: '' }),
      (e: unknown) => codeOf(e) === 'unauthenticated',
    );
    const otherKey = (await generateKeyPair('ES256')).privateKey;
    const forged = signer({ kid: 'k1', key: otherKey, alg: 'ES256', claims: { sub: 'alice' } })(
      client(),
    );
    await assert.rejects(
      forged(background(), { service: '' }),
      (e: unknown) => codeOf(e) === 'unauthenticated',
    );
  });
});

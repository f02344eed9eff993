import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  createClient,
  createConnection,
  createServer,
  decodeJSONRequest,
  decodeJSONResponse,
  encodeJSONRequest,
  encodeJSONResponse,
  headerOf,
  setHeader,
} from '@svckit/amqp';
import type { Connection, Server } from '@svckit/amqp';
import { background, withTimeout } from '@svckit/core/context';
import { codeOf } from '@svckit/core/errors';
import { requireService } from '@svckit/testing';
import { generateKeyPair } from 'jose';
import { claimsOf, headersToContext, parser, signer, staticKeys, tokenToHeaders } from './index.js';

// JWT over a real RabbitMQ: the token travels as the `authorization` AMQP header.

describe('JWT over AMQP headers', () => {
  let conn: Connection | undefined;
  let server: Server | undefined;
  let keys: Awaited<ReturnType<typeof generateKeyPair>>;
  const queue = `jwt.test.${process.pid}`;
  before(async (t) => {
    const url = requireService(t as never, 'amqp');
    if (url === undefined) return;
    conn = await createConnection(url);
    keys = await generateKeyPair('ES256');
    server = createServer(
      parser({ keys: staticKeys([{ kid: 'k1', key: keys.publicKey, algorithms: ['ES256'] }]) })(
        async (ctx, _req: unknown) => ({ sub: claimsOf(ctx)?.sub }),
      ),
      decodeJSONRequest<unknown>,
      encodeJSONResponse,
      {
        before: [
          (ctx, msg) => headersToContext(ctx, (name) => headerOf(msg.properties.headers, name)),
        ],
      },
    );
    await server.consume(conn, queue, { declare: { autoDelete: true } });
  });
  after(async () => {
    await server?.close();
    await conn?.close();
  });

  const client = () =>
    createClient(conn!, queue, encodeJSONRequest, decodeJSONResponse<{ sub: string }>, {
      before: [(ctx, out) => (tokenToHeaders(ctx, (k, v) => setHeader(out, k, v)), ctx)],
    });

  it('a signed request passes; an unsigned or forged one fails unauthenticated', async (t) => {
    if (conn === undefined) return t.skip('!!! no RabbitMQ (see above)');
    const [ctx, cancel] = withTimeout(background(), 5000);
    try {
      const call = signer({
        kid: 'k1',
        key: keys.privateKey,
        alg: 'ES256',
        claims: { sub: 'bob' },
      })(client());
      assert.deepEqual(await call(ctx, {}), { sub: 'bob' });
      await assert.rejects(client()(ctx, {}), (e: unknown) => codeOf(e) === 'unauthenticated');
      const other = (await generateKeyPair('ES256')).privateKey;
      const forged = signer({ kid: 'k1', key: other, alg: 'ES256', claims: { sub: 'bob' } })(
        client(),
      );
      await assert.rejects(forged(ctx, {}), (e: unknown) => codeOf(e) === 'unauthenticated');
    } finally {
      cancel();
    }
  });
});

import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { connect } from '@nats-io/transport-node';
import type { NatsConnection } from '@nats-io/transport-node';
import { background, withTimeout } from '@svckit/core/context';
import { codeOf, reasonOf } from '@svckit/core/errors';
import {
  createClient,
  createServer,
  decodeJSONRequest,
  decodeJSONResponse,
  encodeJSONRequest,
  encodeJSONResponse,
  headerOf,
  setHeader,
} from '@svckit/nats';
import { requireService } from '@svckit/testing';
import { generateKeyPair } from 'jose';
import {
  claimsOf,
  headersToContext,
  parser,
  reasons,
  signer,
  staticKeys,
  tokenToHeaders,
} from './index.js';

// JWT over a real nats-server: the signer's token travels as the `authorization` NATS header
// (tokenToHeaders in a client before hook) and reaches the parser through headersToContext.

describe('JWT over NATS headers', () => {
  let nc: NatsConnection | undefined;
  let keys: Awaited<ReturnType<typeof generateKeyPair>>;
  const subject = `jwt.test.${process.pid}`;
  before(async (t) => {
    const url = requireService(t as never, 'nats');
    if (url === undefined) return;
    nc = await connect({ servers: url });
    keys = await generateKeyPair('ES256');
    const server = createServer(
      parser({ keys: staticKeys([{ kid: 'k1', key: keys.publicKey, algorithms: ['ES256'] }]) })(
        async (ctx, _req: unknown) => ({ sub: claimsOf(ctx)?.sub }),
      ),
      decodeJSONRequest<unknown>,
      encodeJSONResponse,
      { before: [(ctx, msg) => headersToContext(ctx, (name) => headerOf(msg.headers, name))] },
    );
    server.subscribe(nc, subject);
    await nc.flush();
  });
  after(async () => {
    await nc?.drain();
  });

  const client = () =>
    createClient(nc!, subject, encodeJSONRequest, decodeJSONResponse<{ sub: string }>, {
      before: [(ctx, out) => (tokenToHeaders(ctx, (k, v) => setHeader(out, k, v)), ctx)],
    });

  it('a signed request passes and its claims reach the endpoint', async (t) => {
    if (nc === undefined) return t.skip('!!! no NATS (see above)');
    const call = signer({
      kid: 'k1',
      key: keys.privateKey,
      alg: 'ES256',
      claims: { sub: 'alice' },
    })(client());
    const [ctx, cancel] = withTimeout(background(), 5000);
    try {
      assert.deepEqual(await call(ctx, {}), { sub: 'alice' });
    } finally {
      cancel();
    }
  });

  it('an unsigned request, and a forged one, fail unauthenticated with their reason', async (t) => {
    if (nc === undefined) return t.skip('!!! no NATS (see above)');
    await assert.rejects(client()(background(), {}), (e: unknown) => {
      assert.equal(codeOf(e), 'unauthenticated');
      assert.equal(reasonOf(e), undefined); // NATS carries the code in a header, not the reason
      return true;
    });
    const other = (await generateKeyPair('ES256')).privateKey;
    const forged = signer({ kid: 'k1', key: other, alg: 'ES256', claims: { sub: 'alice' } })(
      client(),
    );
    await assert.rejects(forged(background(), {}), (e: unknown) => codeOf(e) === 'unauthenticated');
    assert.equal(Object.values(reasons).length, 6);
  });
});

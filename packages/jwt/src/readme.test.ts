// The example of packages/jwt/README.md, compiled and run (only the import paths differ).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Server } from 'node:http';

test('README example', async () => {
  const lines: unknown[] = [];
  const console = { log: (v: unknown) => lines.push(v) };
  let server: Server | undefined;
  try {
    // --- README ---
    const { generateKeyPair } = await import('jose');
    const { background } = await import('@svckit/core/context');
    const http = await import('@svckit/core/transport/http');
    const { claimsOf, parser, signer, staticKeys, tokenToHttp } = await import('./index.js');

    const { publicKey, privateKey } = await generateKeyPair('ES256');
    const hello = parser({
      keys: staticKeys([{ kid: 'k1', key: publicKey, algorithms: ['ES256'] }]),
      audience: 'hello',
    })(async (ctx) => ({ hello: claimsOf(ctx)?.sub }));
    server = await http.listen(
      http.createServer(hello, http.nopRequestDecoder, http.encodeJSONResponse).node,
    );
    const url = `http://127.0.0.1:${(server.address() as { port: number }).port}/`;
    const client = http.createClient('GET', url, () => {}, http.decodeJSONResponse, {
      before: [tokenToHttp],
    });
    const call = signer({
      kid: 'k1',
      key: privateKey,
      alg: 'ES256',
      claims: { sub: 'alice', aud: 'hello' },
    })(client);
    console.log(await call(background(), {})); // { hello: 'alice' }
    // --- end ---
  } finally {
    server?.closeAllConnections();
    server?.close();
  }
  assert.deepEqual(lines, [{ hello: 'alice' }]);
});

// The example of packages/core/src/auth/README.md, compiled and run against its server.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Server } from 'node:http';
import type { Context } from '../context/index.js';

test('auth README example', async () => {
  let server: Server | undefined;
  const servers: Server[] = [];
  try {
    // --- README ---
    const { basic, hashPassword, basicVerify, scryptVerifier } = await import('./basic/index.js');
    const { principalOf } = await import('./index.js');
    const http = await import('../transport/http/index.js');

    const whoami = async (ctx: Context) => ({ user: principalOf(ctx) });
    // One user from the environment…
    const ops = basic({
      user: 'ops',
      password: process.env['OPS_PASSWORD'] ?? 'change me',
      realm: 'ops',
    })(whoami);
    // …or a table of hashed passwords.
    const verify = await scryptVerifier({ alice: await hashPassword('wonderland') });
    const users = basicVerify({ verify, realm: 'users' })(whoami);
    server = await http.listen(
      http.createServer(users, http.nopRequestDecoder, http.encodeJSONResponse).node,
    );
    // --- end ---
    const opsServer = await http.listen(
      http.createServer(ops, http.nopRequestDecoder, http.encodeJSONResponse).node,
    );
    servers.push(opsServer);
    const at = (s: Server) => `http://127.0.0.1:${(s.address() as { port: number }).port}/`;
    const auth = (u: string, p: string) => ({
      authorization: `Basic ${Buffer.from(`${u}:${p}`).toString('base64')}`,
    });
    const res = await fetch(at(server), { headers: auth('alice', 'wonderland') });
    assert.deepEqual(await res.json(), { user: 'alice' });
    const anon = await fetch(at(server));
    assert.equal(anon.status, 401);
    assert.equal(anon.headers.get('www-authenticate'), 'Basic realm="users"');
    if (process.env['OPS_PASSWORD'] === undefined) {
      const o = await fetch(at(opsServer), { headers: auth('ops', 'change me') });
      assert.deepEqual(await o.json(), { user: 'ops' });
    }
  } finally {
    for (const s of [server, ...servers]) {
      s?.closeAllConnections();
      s?.close();
    }
  }
});

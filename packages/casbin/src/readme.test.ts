// The example of packages/casbin/README.md, compiled and run against its server.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Server } from 'node:http';

test('README example', async () => {
  let server: Server | undefined;
  try {
    // --- README ---
    const { basic } = await import('@svckit/core/auth/basic');
    const { chain } = await import('@svckit/core/endpoint');
    const http = await import('@svckit/core/transport/http');
    const { enforce, enforcerFromText } = await import('./index.js');

    const model = `[request_definition]\nr = sub, obj, act\n[policy_definition]\np = sub, obj, act\n[policy_effect]\ne = some(where (p.eft == allow))\n[matchers]\nm = r.sub == p.sub && keyMatch(r.obj, p.obj) && r.act == p.act`;
    const guarded = chain(
      basic({ user: 'alice', password: 'secret', realm: 'data' }),
      enforce({
        enforcer: enforcerFromText(model, 'p, alice, /data/*, GET'),
        object: (ctx) => http.requestFacts(ctx)?.path ?? '',
        action: (ctx) => http.requestFacts(ctx)?.method ?? '',
      }),
    )(async () => ({ ok: true }));
    server = await http.listen(
      http.createServer(guarded, http.nopRequestDecoder, http.encodeJSONResponse).node,
    );
    // GET /data/1 as alice: 200; DELETE /data/1: 403; no credentials: 401.
    // --- end ---
    const base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
    const authorization = `Basic ${Buffer.from('alice:secret').toString('base64')}`;
    assert.equal((await fetch(`${base}/data/1`, { headers: { authorization } })).status, 200);
    const del = await fetch(`${base}/data/1`, { method: 'DELETE', headers: { authorization } });
    assert.equal(del.status, 403);
    assert.equal((await fetch(`${base}/data/1`)).status, 401);
  } finally {
    server?.closeAllConnections();
    server?.close();
  }
});

import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Server as NodeServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { withPrincipal } from '@svckit/core/auth';
import { basic } from '@svckit/core/auth/basic';
import { background } from '@svckit/core/context';
import { chain } from '@svckit/core/endpoint';
import type { Endpoint } from '@svckit/core/endpoint';
import { codeOf } from '@svckit/core/errors';
import {
  createServer,
  nopRequestDecoder,
  encodeJSONResponse,
  listen,
  requestFacts,
} from '@svckit/core/transport/http';
import { enforce, enforcerFromText } from './index.js';

// Casbin behind Basic auth on a real node:http server: subject from the authenticated user,
// object the path, action the method.

const model = `
[request_definition]
r = sub, obj, act

[policy_definition]
p = sub, obj, act

[role_definition]
g = _, _

[policy_effect]
e = some(where (p.eft == allow))

[matchers]
m = g(r.sub, p.sub) && keyMatch(r.obj, p.obj) && r.act == p.act
`;

const policy = `
p, reader, /data/*, GET
p, writer, /data/*, POST
g, alice, reader
g, alice, writer
g, bob, reader
`;

const servers: NodeServer[] = [];
after(() => {
  for (const s of servers) {
    s.closeAllConnections();
    s.close();
  }
});

const ok: Endpoint<unknown, { ok: boolean }> = async () => ({ ok: true });
const b64 = (s: string): string => Buffer.from(s).toString('base64');

describe('casbin enforcer middleware over a real HTTP server', () => {
  it('allows what the policy grants, 403 for the rest, 401 without credentials', async () => {
    const guarded = chain(
      basic({ user: 'alice', password: 'a', realm: 'r' }),
      enforce<unknown, { ok: boolean }>({
        enforcer: enforcerFromText(model, policy),
        object: (ctx) => requestFacts(ctx)?.path ?? '',
        action: (ctx) => requestFacts(ctx)?.method ?? '',
      }),
    )(ok);
    const server = createServer(guarded, nopRequestDecoder, encodeJSONResponse);
    const s = await listen(server.node);
    servers.push(s);
    const base = `http://127.0.0.1:${(s.address() as AddressInfo).port}`;
    const auth = { authorization: `Basic ${b64('alice:a')}` };
    const get = await fetch(`${base}/data/1`, { headers: auth });
    assert.equal(get.status, 200);
    const post = await fetch(`${base}/data/1`, { method: 'POST', body: '{}', headers: auth });
    assert.equal(post.status, 200);
    const del = await fetch(`${base}/data/1`, { method: 'DELETE', headers: auth });
    assert.equal(del.status, 403);
    assert.equal(del.headers.get('svckit-error-code'), 'permission_denied');
    assert.equal(await del.text(), 'unauthorized access');
    const other = await fetch(`${base}/admin`, { headers: auth });
    assert.equal(other.status, 403);
    const anon = await fetch(`${base}/data/1`);
    assert.equal(anon.status, 401);
  });

  it('bob the reader may read, not write; an unknown subject gets nothing', async () => {
    const mw = enforce<{ path: string; method: string }, unknown>({
      enforcer: enforcerFromText(model, policy),
      object: (_ctx, r) => r.path,
      action: (_ctx, r) => r.method,
    });
    const ep = mw(ok);
    const as = (who: string) => withPrincipal(background(), who);
    assert.deepEqual(await ep(as('bob'), { path: '/data/x', method: 'GET' }), { ok: true });
    await assert.rejects(
      ep(as('bob'), { path: '/data/x', method: 'POST' }),
      (e: unknown) => codeOf(e) === 'permission_denied',
    );
    await assert.rejects(
      ep(as('mallory'), { path: '/data/x', method: 'GET' }),
      (e: unknown) => codeOf(e) === 'permission_denied',
    );
    await assert.rejects(
      ep(background(), { path: '/data/x', method: 'GET' }),
      (e: unknown) => codeOf(e) === 'unauthenticated',
    );
  });

  it('denies when the enforcer fails (broken model or adapter), never lets the call through', async () => {
    let reached = false;
    const ep = enforce<unknown, unknown>({
      enforcer: Promise.reject(new Error('adapter down')),
      object: () => '/data/x',
      action: () => 'GET',
    })(async () => ((reached = true), {}));
    await assert.rejects(
      ep(withPrincipal(background(), 'alice'), {}),
      (e: unknown) => codeOf(e) === 'internal',
    );
    const broken = enforce<unknown, unknown>({
      enforcer: enforcerFromText(model.replace('keyMatch', 'noSuchFunction'), policy),
      object: () => '/data/x',
      action: () => 'GET',
    })(async () => ((reached = true), {}));
    await assert.rejects(broken(withPrincipal(background(), 'alice'), {}), (e: unknown) =>
      ['internal', 'permission_denied'].includes(codeOf(e)),
    );
    assert.equal(reached, false);
  });
});

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Context } from '../../context/index.js';
import {
  createRouter,
  createServer,
  encodeJSONResponse,
  requestFacts,
  routeOf,
  routeOfRequest,
  textAnswer,
} from './index.js';
import type { Server } from './index.js';
import { serve } from './serve.test.helper.js';

/** echo answers JSON naming itself, with the route, the method and the path it saw. */
function echo(name: string): Server {
  return createServer(
    async (ctx: Context) => ({
      name,
      route: routeOf(ctx),
      method: requestFacts(ctx)?.method,
      path: requestFacts(ctx)?.path,
    }),
    () => undefined,
    encodeJSONResponse,
  );
}

/** Both faces of a router, asked the same way: status, headers and body. */
interface Answer {
  status: number;
  headers: Headers;
  body: string;
}
type Ask = (method: string, path: string) => Promise<Answer>;

async function faces(router: Server): Promise<Array<[string, Ask]>> {
  const base = await serve(router);
  const node: Ask = async (method, path) => {
    const res = await fetch(base + path, { method });
    return { status: res.status, headers: res.headers, body: await res.text() };
  };
  const web: Ask = async (method, path) => {
    const res = await router.fetch(new Request('http://svc.test' + path, { method }));
    return { status: res.status, headers: res.headers, body: await res.text() };
  };
  return [
    ['node', node],
    ['fetch', web],
  ];
}

const json = (a: Answer): Record<string, unknown> => JSON.parse(a.body) as Record<string, unknown>;

describe('createRouter', () => {
  it('routes methods, any-method routes and HEAD to GET; Go 404 and 405 with Allow', async () => {
    const router = createRouter()
      .get('/profiles', echo('list'))
      .post('/profiles', echo('create'))
      .all('/sum', echo('sum'))
      .handle(['PUT', 'PATCH'], '/profiles/:id', echo('update'));
    for (const [face, ask] of await faces(router)) {
      assert.equal(json(await ask('GET', '/profiles')).name, 'list', face);
      assert.equal(json(await ask('POST', '/profiles')).name, 'create', face);
      for (const method of ['GET', 'POST', 'DELETE', 'PROPFIND'])
        assert.equal(json(await ask(method, '/sum')).name, 'sum', `${face} ${method}`);
      assert.equal(json(await ask('PATCH', '/profiles/7')).name, 'update', face);
      const head = await ask('HEAD', '/profiles');
      assert.equal(head.status, 200, face);
      if (face === 'node') assert.equal(head.body, '', 'Node sends no body for HEAD');

      const missing = await ask('GET', '/sum/');
      assert.equal(missing.status, 404, face);
      assert.equal(missing.body, '404 page not found\n', face);
      assert.equal(missing.headers.get('content-type'), 'text/plain; charset=utf-8', face);
      assert.equal(missing.headers.get('x-content-type-options'), 'nosniff', face);

      const wrong = await ask('DELETE', '/profiles');
      assert.equal(wrong.status, 405, face);
      assert.equal(wrong.headers.get('allow'), 'GET, HEAD, POST', face);
      assert.equal(wrong.body, 'Method Not Allowed\n', face);
      assert.equal((await ask('GET', '/profiles/7')).headers.get('allow'), 'PATCH, PUT', face);
    }
  });

  it('reads parameters in decoders, percent-decoded, with the pattern', async () => {
    const decoded: unknown[] = [];
    const profile = createServer(
      async (_ctx: Context, req: { id: string }) => ({ id: req.id }),
      (ctx) => {
        decoded.push(routeOf(ctx));
        return { id: routeOf(ctx)?.params['id'] ?? '' };
      },
      encodeJSONResponse,
    );
    const router = createRouter()
      .get('/profiles/:id', profile)
      .get('/profiles/:id/addresses/:addressID', echo('address'))
      .get('/static/*path', echo('static'));
    for (const [face, ask] of await faces(router)) {
      assert.deepEqual(json(await ask('GET', '/profiles/caf%C3%A9%20au%20lait')), {
        id: 'café au lait',
      });
      const address = json(await ask('GET', '/profiles/7/addresses/home?x=1'));
      assert.deepEqual(address.route, {
        pattern: '/profiles/:id/addresses/:addressID',
        params: { id: '7', addressID: 'home' },
      });
      assert.equal(address.path, '/profiles/7/addresses/home', face);
      const file = json(await ask('GET', '/static/css/site.css'));
      assert.deepEqual(file.route, { pattern: '/static/*path', params: { path: 'css/site.css' } });
      assert.deepEqual((json(await ask('GET', '/static/')).route as { params: object }).params, {
        path: '',
      });
      assert.equal((await ask('GET', '/static')).status, 404, face);
      assert.equal((await ask('GET', '/profiles/')).status, 404, `${face}: empty parameter`);
    }
    assert.deepEqual(decoded[0], { pattern: '/profiles/:id', params: { id: 'café au lait' } });
  });

  it('prefers static to parameter to wildcard, and backtracks', async () => {
    const router = createRouter()
      .get('/a/new', echo('static'))
      .get('/a/:id', echo('param'))
      .get('/a/:id/c', echo('param-c'))
      .get('/a/b/d', echo('static-d'))
      .get('/a/*rest', echo('wildcard'))
      .post('/x/y', echo('post-xy'))
      .get('/x/:id', echo('get-x'));
    for (const [face, ask] of await faces(router)) {
      assert.equal(json(await ask('GET', '/a/new')).name, 'static', face);
      assert.equal(json(await ask('GET', '/a/old')).name, 'param', face);
      assert.equal(json(await ask('GET', '/a/b/c')).name, 'param-c', `${face}: backtracked`);
      assert.equal(json(await ask('GET', '/a/b/d')).name, 'static-d', face);
      assert.equal(json(await ask('GET', '/a/b/e/f')).name, 'wildcard', face);
      // A static route of another method does not hide the parameter route of this one.
      assert.equal(json(await ask('GET', '/x/y')).name, 'get-x', face);
      assert.equal((await ask('DELETE', '/x/y')).headers.get('allow'), 'GET, HEAD, POST', face);
    }
  });

  it('mounts servers and sub-routers; their parameters and patterns compose', async () => {
    const v1 = createRouter().get('/', echo('v1-root')).get('/profiles/:id', echo('v1-profile'));
    const tenants = createRouter().mount('/v1', v1);
    const metrics = echo('metrics');
    const router = createRouter()
      .mount('/debug', metrics)
      .get('/tenants/:tenant', echo('tenant'))
      .mount('/t/acme', tenants)
      .mount('/', echo('fallback'));
    for (const [face, ask] of await faces(router)) {
      const deep = json(await ask('GET', '/t/acme/v1/profiles/7'));
      assert.equal(deep.name, 'v1-profile', face);
      assert.deepEqual(deep.route, { pattern: '/t/acme/v1/profiles/:id', params: { id: '7' } });
      assert.equal(deep.path, '/t/acme/v1/profiles/7', `${face}: servers see the whole path`);
      assert.equal(json(await ask('GET', '/t/acme/v1')).name, 'v1-root', face);
      assert.equal(json(await ask('GET', '/t/acme/v1/')).name, 'v1-root', face);
      const inner404 = await ask('GET', '/t/acme/v1/nothing');
      assert.equal(inner404.status, 404, face);
      assert.equal(json(await ask('POST', '/debug/pprof/heap')).name, 'metrics', face);
      assert.equal(json(await ask('GET', '/debug')).name, 'metrics', face);
      assert.equal(json(await ask('GET', '/debugger')).name, 'fallback', `${face}: not a prefix`);
      assert.equal(json(await ask('GET', '/')).name, 'fallback', face);
      assert.equal(json(await ask('GET', '/tenants/x')).name, 'tenant', face);
    }
  });

  it('replaces the 404 and 405 answers; Allow is still set', async () => {
    const router = createRouter({
      notFound: textAnswer(404, 'nothing here\n'),
      methodNotAllowed: createServer(
        async () => ({ error: 'method not allowed' }),
        () => undefined,
        (_ctx, w, response) => {
          w.writeHead(405);
          return encodeJSONResponse(_ctx, w, response);
        },
      ),
    }).get('/only-get', echo('get'));
    for (const [face, ask] of await faces(router)) {
      assert.equal((await ask('GET', '/x')).body, 'nothing here\n', face);
      const wrong = await ask('PUT', '/only-get');
      assert.equal(wrong.status, 405, face);
      assert.equal(wrong.headers.get('allow'), 'GET, HEAD', face);
      assert.equal(wrong.body, '{"error":"method not allowed"}\n', face);
    }
  });

  it('lets hand-written servers read the route from the request', async () => {
    const seen: unknown[] = [];
    const plain: Server = {
      node(req, res) {
        seen.push(routeOfRequest(req));
        res.end('ok');
        return Promise.resolve();
      },
      fetch(request) {
        seen.push(routeOfRequest(request));
        return Promise.resolve(new Response('ok'));
      },
    };
    const router = createRouter().get('/items/:n', plain);
    for (const [, ask] of await faces(router))
      assert.equal((await ask('GET', '/items/3')).body, 'ok');
    const expected = { pattern: '/items/:n', params: { n: '3' } };
    assert.deepEqual(seen, [expected, expected]);
  });

  it('refuses ambiguous or malformed routes when they are registered', () => {
    const ok = echo('x');
    const router = createRouter().get('/a/:id', ok).get('/files/*path', ok);
    assert.throws(() => router.get('/a/:id', ok), /GET \/a\/:id is already routed/);
    assert.throws(() => router.get('/a/:name/x', ok), /another route has :id/);
    assert.throws(() => router.get('/files/*rest', ok), /\*path/);
    assert.throws(() => router.get('no-slash', ok), /must start with \//);
    assert.throws(() => router.get('/a//b', ok), /empty segment/);
    assert.throws(() => router.get('/a/../b', ok), /dot segment/);
    assert.throws(() => router.get('/x/*rest/more', ok), /must come last/);
    assert.throws(() => router.get('/x/:', ok), /bad parameter name/);
    assert.throws(() => router.get('/x/:a/:a', ok), /repeats parameter a/);
    assert.throws(() => router.get('/caf%C3%A9', ok), /decoded/);
    assert.throws(() => router.handle('GE T', '/x', ok), /invalid method/);
    assert.throws(() => router.mount('/v/:version', ok), /static path/);
    router.all('/both', ok).get('/both', ok); // a method beside an any-method route is fine
    assert.throws(() => router.all('/both', ok), /any method \/both is already routed/);
    assert.throws(() => createRouter({ maxPathLength: 0 }), RangeError);
  });
});

import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import type { Socket } from 'node:net';
import type { Context } from '../../context/index.js';
import { createRouter, createServer, encodeJSONResponse, listen, routeOf } from './index.js';
import { track } from './serve.test.helper.js';

const sockets: Socket[] = [];
after(() => {
  for (const s of sockets) s.destroy();
});

/** send writes one raw request and resolves to the status line and body of the answer. */
function send(port: number, requestLine: string): Promise<{ status: string; body: string }> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    sockets.push(socket);
    let data = '';
    socket.setEncoding('utf8');
    socket.on('data', (d: string) => (data += d));
    socket.on('error', reject);
    socket.on('close', () => {
      const [head = '', body = ''] = data.split('\r\n\r\n');
      resolve({ status: head.split('\r\n')[0] ?? '', body });
    });
    socket.end(`${requestLine}\r\nHost: x\r\nConnection: close\r\n\r\n`);
  });
}

const file = createServer(
  async (ctx: Context) => ({ params: routeOf(ctx)?.params }),
  () => undefined,
  encodeJSONResponse,
);
const router = createRouter()
  .get('/files/:name', file)
  .get('/static/*path', file)
  .all('/sum', file);

describe('router on hostile input (raw requests, node face)', async () => {
  const server = track(await listen(router.node));
  const port = (server.address() as { port: number }).port;

  const refused: Array<[string, string, RegExp]> = [
    ['GET /files/../sum HTTP/1.1', '400', /dot segment/],
    ['GET /./sum HTTP/1.1', '400', /dot segment/],
    ['GET /static/a/.. HTTP/1.1', '400', /dot segment/],
    ['GET /static/%2e%2e/%2E%2e/etc/passwd HTTP/1.1', '400', /dot segment/],
    ['GET //sum HTTP/1.1', '400', /empty segment/],
    ['GET /static/a//b HTTP/1.1', '400', /empty segment/],
    ['GET /files/a%2Fb HTTP/1.1', '400', /encoded \//],
    ['GET /files/a%5c..%5Cb HTTP/1.1', '400', /encoded \//],
    ['GET /files/a%00b HTTP/1.1', '400', /control character/],
    ['GET /files/a%0d%0aSet-Cookie:x HTTP/1.1', '400', /control character/],
    ['GET /files/%zz HTTP/1.1', '400', /malformed % escape/],
    ['GET /files/%ff HTTP/1.1', '400', /malformed % escape/],
    ['GET /files/% HTTP/1.1', '400', /malformed % escape/],
    ['OPTIONS * HTTP/1.1', '400', /not a path/],
    [`GET /static/${'a/'.repeat(4100)}x HTTP/1.1`, '414', /longer than 8192 bytes/],
  ];
  for (const [line, status, reason] of refused) {
    it(`${line.slice(0, 60)} → ${status}`, async () => {
      const answer = await send(port, line);
      assert.match(answer.status, new RegExp(`^HTTP/1.1 ${status} `));
      assert.match(answer.body, reason);
    });
  }

  it('routes what is odd but canonical', async () => {
    const plain = await send(port, 'GET /files/caf%C3%A9%20%25 HTTP/1.1');
    assert.match(plain.status, / 200 /);
    assert.deepEqual(JSON.parse(plain.body), { params: { name: 'café %' } });
    // Absolute-form (a proxy's request target) is routed on its path.
    const absolute = await send(port, 'GET http://svc.test/files/x?y=1 HTTP/1.1');
    assert.deepEqual(JSON.parse(absolute.body), { params: { name: 'x' } });
    // Any method a client can send reaches an any-method route; others get 405, not a crash.
    assert.match((await send(port, 'PROPFIND /sum HTTP/1.1')).status, / 200 /);
    assert.match((await send(port, 'MKCOL /files/x HTTP/1.1')).status, / 405 /);
    assert.match((await send(port, 'GET /files/..x HTTP/1.1')).status, / 200 /);
    // And the server still serves.
    assert.match((await send(port, 'GET /sum HTTP/1.1')).status, / 200 /);
  });

  it('the fetch face refuses the same paths and any method token', async () => {
    const ask = async (method: string, url: string) => router.fetch(new Request(url, { method }));
    // A Web Request has already removed dot segments; encoded slashes and bad escapes remain.
    assert.equal((await ask('GET', 'http://x/files/a%2Fb')).status, 400);
    assert.equal((await ask('GET', 'http://x/files/%ff')).status, 400);
    assert.equal((await ask('GET', 'http://x//sum')).status, 400);
    assert.equal((await ask('GET', `http://x/static/${'a'.repeat(9000)}`)).status, 414);
    const odd = await ask('FROBNICATE', 'http://x/files/x');
    assert.equal(odd.status, 405);
    assert.equal(odd.headers.get('allow'), 'GET, HEAD');
    assert.equal((await ask('FROBNICATE', 'http://x/sum')).status, 200);
  });
});

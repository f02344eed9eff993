import assert from 'node:assert/strict';
import { request } from 'node:http';
import { describe, it } from 'node:test';
import { listen } from '../index.js';
import { baseURL, serve, track } from '../serve.test.helper.js';
import { createServer } from './index.js';

// Hostile input to the JSON-RPC server: every malformed shape, nesting, size, slowness and a
// client that leaves mid-body. Each gets a clear JSON-RPC answer (or a closed connection for a
// client that left); the server keeps serving.

const errors: unknown[] = [];
const server = createServer(
  { echo: { endpoint: async (_ctx, p: unknown) => p }, ok: { endpoint: async () => 'ok' } },
  { errorHandler: (_ctx, err) => errors.push(err) },
);

const post = async (url: string, body: string | Uint8Array<ArrayBuffer>) => {
  const res = await fetch(url, {
    method: 'POST',
    body: typeof body === 'string' ? body : new Blob([body]),
  });
  return { status: res.status, text: await res.text() };
};
const answer = (text: string) =>
  JSON.parse(text) as { error?: { code: number; message: string }; result?: unknown; id: unknown };

describe('jsonrpc server, hostile input', () => {
  it('every malformed request shape is -32600 with the id when it can be read', async () => {
    const url = await serve(server);
    const cases: [string, unknown][] = [
      ['"a string"', null],
      ['42', null],
      ['null', null],
      ['true', null],
      ['{"method":"ok","id":{}}', null],
      ['{"method":"ok","id":[1]}', null],
      ['{"method":"ok","id":true}', null],
      ['{"id":1}', 1],
      ['{"method":null,"id":1}', 1],
      ['{"method":["ok"],"id":"s"}', 's'],
      ['{"method":"ok","params":"x","id":1}', 1],
      ['{"method":"ok","params":3,"id":1}', 1],
      ['{"method":"ok","params":true,"id":1}', 1],
      ['{"jsonrpc":2,"method":"ok","id":1}', 1],
      ['{"jsonrpc":"2.0 ","method":"ok","id":1}', 1],
    ];
    for (const [body, id] of cases) {
      const { status, text } = await post(url, body);
      assert.equal(status, 200, body);
      const a = answer(text);
      assert.equal(a.error?.code, -32600, body);
      assert.match(a.error.message, /^invalid request: /, body);
      assert.equal(a.id, id, body);
    }
  });

  it("method names from Object.prototype are unknown methods, not the prototype's", async () => {
    const url = await serve(server);
    for (const m of ['toString', 'constructor', '__proto__', 'hasOwnProperty', 'valueOf']) {
      const a = answer((await post(url, `{"method":"${m}","id":1}`)).text);
      assert.equal(a.error?.code, -32601, m);
    }
    // A __proto__ key in params is a plain member, not a prototype.
    const a = answer(
      (await post(url, '{"method":"echo","params":{"__proto__":{"x":1}},"id":1}')).text,
    );
    assert.deepEqual(a.result, JSON.parse('{"__proto__":{"x":1}}'));
    assert.equal(({} as Record<string, unknown>)['x'], undefined);
  });

  it('deep nesting within the body limit: answered, never a crash', async () => {
    const url = await serve(server);
    const depth = 400_000; // 800 KB of brackets, under the 1 MiB default
    const deep = `{"method":"echo","params":${'['.repeat(depth)}${']'.repeat(depth)},"id":1}`;
    const a = answer((await post(url, deep)).text);
    // Serialising the echo overflows the stack: an internal error, with the id.
    assert.equal(a.error?.code, -32603);
    assert.equal(a.id, 1);
    // Deep nesting in the id's neighbourhood with a big id (the exact-id scan is iterative).
    const nested = `[{"method":"ok","params":${'['.repeat(depth / 2)}${']'.repeat(depth / 2)},"id":123456789012345678901}]`;
    const batch = JSON.parse((await post(url, nested)).text) as { result: string; id: number }[];
    assert.equal(batch[0]?.result, 'ok');
    assert.match((await post(url, nested)).text, /"id":123456789012345678901}\]/);
    assert.equal(answer((await post(url, '{"method":"ok","id":1}')).text).result, 'ok');
  });

  it('a huge batch is refused at once with one -32600; a full one is served', async () => {
    const url = await serve(server);
    const huge = `[${Array.from({ length: 20_000 }, (_, i) => `{"method":"ok","id":${i}}`).join(',')}]`;
    const started = Date.now();
    const a = answer((await post(url, huge)).text);
    assert.equal(a.error?.code, -32600);
    assert.match(a.error.message, /a batch of 20000 requests/);
    assert.ok(Date.now() - started < 2000);
    const full = `[${Array.from({ length: 100 }, (_, i) => `{"method":"ok","id":${i}}`).join(',')}]`;
    assert.equal((JSON.parse((await post(url, full)).text) as unknown[]).length, 100);
  });

  it('duplicate ids in a batch: each request is answered', async () => {
    const url = await serve(server);
    const out = JSON.parse(
      (
        await post(
          url,
          '[{"method":"echo","params":[1],"id":7},{"method":"echo","params":[2],"id":7}]',
        )
      ).text,
    ) as { result: number[]; id: number }[];
    assert.deepEqual(
      out.map((r) => [r.id, r.result[0]]),
      [
        [7, 1],
        [7, 2],
      ],
    );
  });

  it('bytes that are not UTF-8 JSON, an empty body, trailing garbage: -32700', async () => {
    const url = await serve(server);
    for (const body of [
      new Uint8Array(new ArrayBuffer(3)).fill(0xff),
      '',
      '   ',
      '{"method":"ok","id":1} x',
      '{"method":"ok","id":1}{}',
    ]) {
      const { status, text } = await post(url, body);
      assert.equal(status, 200);
      assert.equal(answer(text).error?.code, -32700, String(body));
    }
  });

  it('a slow body is served once complete; a client leaving mid-body does not stop the server', async () => {
    const url = new URL(await serve(server));
    const slow = await new Promise<string>((resolve, reject) => {
      const req = request(
        {
          host: url.hostname,
          port: url.port,
          method: 'POST',
          path: '/',
          headers: { 'transfer-encoding': 'chunked' },
        },
        (res) => {
          let text = '';
          res.setEncoding('utf8').on('data', (d: string) => (text += d));
          res.on('end', () => resolve(text));
        },
      );
      req.on('error', reject);
      const parts = ['{"meth', 'od":"echo","par', 'ams":["slow"],"id":', '1}'];
      let i = 0;
      const next = () => {
        if (i < parts.length) {
          req.write(parts[i++]);
          setTimeout(next, 60);
        } else req.end();
      };
      next();
    });
    assert.equal(slow, '{"jsonrpc":"2.0","result":["slow"],"id":1}\n');

    errors.length = 0;
    await new Promise<void>((resolve) => {
      const req = request({
        host: url.hostname,
        port: url.port,
        method: 'POST',
        path: '/',
        headers: { 'content-length': '1000' },
      });
      req.on('error', () => resolve());
      req.write('{"method":"echo","params":["');
      setTimeout(() => {
        req.destroy();
        resolve();
      }, 50);
    });
    await new Promise((r) => setTimeout(r, 50));
    assert.ok(
      errors.some((e) => (e as { reason?: string }).reason === 'CLIENT_GONE'),
      String(errors),
    );
    assert.equal(answer((await post(url.href, '{"method":"ok","id":2}')).text).result, 'ok');
  });

  it("a body trickling in for longer than listen's requestTimeout is cut off", async () => {
    const http = await listen(server.node, { requestTimeout: 300, headersTimeout: 200 });
    track(http);
    const url = new URL(baseURL(http));
    const started = Date.now();
    const status = await new Promise<number>((resolve) => {
      const req = request(
        {
          host: url.hostname,
          port: url.port,
          method: 'POST',
          path: '/',
          headers: { 'transfer-encoding': 'chunked' },
        },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        },
      );
      req.on('error', () => resolve(-1));
      req.write('{"method":');
      const drip = setInterval(() => req.write(' '), 50);
      setTimeout(() => clearInterval(drip), 3000).unref();
      req.on('close', () => clearInterval(drip));
    });
    assert.ok(status === 408 || status === -1, String(status));
    assert.ok(Date.now() - started < 2500);
  });

  it('a streamed body over the limit is cut off with 413', async () => {
    const url = new URL(await serve(createServer({}, { bodyLimit: 1024 })));
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(
        {
          host: url.hostname,
          port: url.port,
          method: 'POST',
          path: '/',
          headers: { 'transfer-encoding': 'chunked' },
        },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        },
      );
      req.on('error', reject);
      req.write(`{"method":"x","params":["${'y'.repeat(4096)}`);
    });
    assert.equal(status, 413);
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { remaining } from '../../../context/index.js';
import { ServiceError } from '../../../errors/index.js';
import { createRouter } from '../router.js';
import { serve } from '../serve.test.helper.js';
import { JsonRpcError, createServer, method } from './index.js';
import type { AnyMethod, Methods, ServerOptions } from './index.js';

// The specification's own examples (jsonrpc.org/specification §7) and Go kit's pinned
// behaviours (transport/http/jsonrpc/server_test.go), on real servers, under both faces.

const subtract = method({
  endpoint: async (_ctx, r: { minuend: number; subtrahend: number }) => r.minuend - r.subtrahend,
  params: ['minuend', 'subtrahend'],
  decode: (_ctx, p) => {
    const o = (p ?? {}) as Record<string, unknown>;
    if (typeof o['minuend'] !== 'number' || typeof o['subtrahend'] !== 'number') {
      throw new Error('minuend and subtrahend must be numbers');
    }
    return { minuend: o['minuend'], subtrahend: o['subtrahend'] };
  },
});

const seen: string[] = [];
const methods: Methods = {
  subtract,
  sum: method({
    endpoint: async (_ctx, r: number[]) => r.reduce((a, b) => a + b, 0),
    decode: (_ctx, p) => {
      if (!Array.isArray(p) || !p.every((x) => typeof x === 'number')) throw new Error('numbers');
      return p as number[];
    },
  }),
  update: { endpoint: async (_ctx, p: unknown) => void seen.push(JSON.stringify(p)) },
  notify_hello: {
    endpoint: async (_ctx, p: unknown) => void seen.push(`hello ${JSON.stringify(p)}`),
  },
  get_data: { endpoint: async () => ['hello', 5] },
  echo: { endpoint: async (_ctx, p: unknown) => p },
  fail: {
    endpoint: async (_ctx, p: unknown) => {
      const [kind] = (p ?? ['plain']) as string[];
      if (kind === 'coded') throw new JsonRpcError(-32042, 'own code', { data: { why: 'x' } });
      if (kind === 'service') throw new ServiceError('not_found', 'no such thing');
      throw new Error('boom');
    },
  },
  deadline: { endpoint: async (ctx) => Math.round(remaining(ctx) / 1000) },
};

type Post = (
  body: string,
  headers?: Record<string, string>,
) => Promise<{ status: number; body: string; type: string | null }>;

/** faces runs a test body once per face: a real node:http server, and fetch() on the Fetch face. */
function faces(options: ServerOptions, body: (post: Post) => Promise<void>) {
  const server = createServer(methods, options);
  return [
    [
      'node',
      async () => {
        const url = await serve(server);
        await body(async (b, headers = {}) => {
          const res = await fetch(url, { method: 'POST', body: b, headers });
          return {
            status: res.status,
            body: await res.text(),
            type: res.headers.get('content-type'),
          };
        });
      },
    ],
    [
      'fetch',
      async () => {
        await body(async (b, headers = {}) => {
          const res = await server.fetch(
            new Request('http://rpc.test/', { method: 'POST', body: b, headers }),
          );
          return {
            status: res.status,
            body: await res.text(),
            type: res.headers.get('content-type'),
          };
        });
      },
    ],
  ] as const;
}

const spec: [string, string, unknown][] = [
  [
    'positional',
    '{"jsonrpc":"2.0","method":"subtract","params":[42,23],"id":1}',
    { jsonrpc: '2.0', result: 19, id: 1 },
  ],
  [
    'positional, swapped',
    '{"jsonrpc":"2.0","method":"subtract","params":[23,42],"id":2}',
    { jsonrpc: '2.0', result: -19, id: 2 },
  ],
  [
    'named',
    '{"jsonrpc":"2.0","method":"subtract","params":{"subtrahend":23,"minuend":42},"id":3}',
    { jsonrpc: '2.0', result: 19, id: 3 },
  ],
  [
    'named, reordered',
    '{"jsonrpc":"2.0","method":"subtract","params":{"minuend":42,"subtrahend":23},"id":4}',
    { jsonrpc: '2.0', result: 19, id: 4 },
  ],
  [
    'missing method',
    '{"jsonrpc":"2.0","method":"foobar","id":"1"}',
    { jsonrpc: '2.0', error: { code: -32601, message: 'Method foobar was not found.' }, id: '1' },
  ],
  [
    'invalid request',
    '{"jsonrpc":"2.0","method":1,"params":"bar"}',
    {
      jsonrpc: '2.0',
      error: { code: -32600, message: 'invalid request: method must be a string' },
      id: null,
    },
  ],
];

for (const [face, run] of faces({}, async (post) => {
  for (const [name, body, want] of spec) {
    const got = await post(body);
    assert.equal(got.status, 200, name);
    assert.equal(got.type, 'application/json; charset=utf-8', name);
    assert.ok(got.body.endsWith('}\n'), name);
    assert.deepEqual(JSON.parse(got.body), want, name);
  }
  // Invalid JSON: -32700 and id null.
  const parse = JSON.parse(
    (await post('{"jsonrpc":"2.0","method":"foobar,"params":"bar","baz]')).body,
  );
  assert.equal(parse.error.code, -32700);
  assert.match(parse.error.message, /^JSON could not be decoded: /);
  assert.equal(parse.id, null);
  // A batch with invalid JSON: one -32700.
  const bad = JSON.parse(
    (
      await post(
        '[{"jsonrpc":"2.0","method":"sum","params":[1,2,4],"id":"1"},{"jsonrpc":"2.0","method"]',
      )
    ).body,
  );
  assert.equal(bad.error.code, -32700);
  // An empty array: one -32600, not an array.
  const empty = JSON.parse((await post('[]')).body);
  assert.deepEqual([empty.error.code, empty.id], [-32600, null]);
  // A batch of non-requests: an array of -32600.
  const ones = JSON.parse((await post('[1]')).body) as { error: { code: number }; id: null }[];
  assert.deepEqual(
    ones.map((r) => [r.error.code, r.id]),
    [[-32600, null]],
  );
  const three = JSON.parse((await post('[1,2,3]')).body) as unknown[];
  assert.equal(three.length, 3);
  // The specification's batch: results in request order, notifications unanswered.
  seen.length = 0;
  const batch = await post(
    JSON.stringify([
      { jsonrpc: '2.0', method: 'sum', params: [1, 2, 4], id: '1' },
      { jsonrpc: '2.0', method: 'notify_hello', params: [7] },
      { jsonrpc: '2.0', method: 'subtract', params: [42, 23], id: '2' },
      { foo: 'boo' },
      { jsonrpc: '2.0', method: 'foo.get', params: { name: 'myself' }, id: '5' },
      { jsonrpc: '2.0', method: 'get_data', id: '9' },
    ]),
  );
  assert.equal(batch.status, 200);
  assert.deepEqual(
    (JSON.parse(batch.body) as { result?: unknown; error?: { code: number }; id: unknown }[]).map(
      (r) => [r.id, r.result ?? r.error?.code],
    ),
    [
      ['1', 7],
      ['2', 19],
      [null, -32600],
      ['5', -32601],
      ['9', ['hello', 5]],
    ],
  );
  assert.deepEqual(seen, ['hello [7]']); // the notification ran
  // Notifications only: 204 and no body.
  const quiet = await post(
    '[{"jsonrpc":"2.0","method":"notify_sum","params":[1,2,4]},{"jsonrpc":"2.0","method":"notify_hello","params":[7]}]',
  );
  assert.deepEqual([quiet.status, quiet.body], [204, '']);
  const lone = await post('{"jsonrpc":"2.0","method":"update","params":[1,2,3,4,5]}');
  assert.deepEqual([lone.status, lone.body], [204, '']);
  assert.deepEqual(seen, ['hello [7]', 'hello [7]', '[1,2,3,4,5]']);
})) {
  it(`the specification's examples (${face} face)`, run);
}

describe('Go kit pinned behaviours', () => {
  it('non-POST is 405 "405 must POST", on both faces', async () => {
    const server = createServer(methods);
    const url = await serve(server);
    for (const m of ['GET', 'PUT', 'DELETE']) {
      const res = await fetch(url, { method: m });
      assert.equal(res.status, 405);
      assert.equal(res.headers.get('allow'), 'POST');
      assert.equal(await res.text(), '405 must POST\n');
    }
    const res = await server.fetch(new Request('http://x/'));
    assert.deepEqual([res.status, await res.text()], [405, '405 must POST\n']);
  });

  it('ids round-trip exactly: integers, fractions, big numbers, strings, null', async () => {
    const url = await serve(createServer(methods));
    for (const id of [
      '0',
      '1',
      '-7',
      '1.5',
      '0.1',
      '1.10',
      '1e-7',
      '12345678901234567890',
      '"x"',
      '"é\\u0000"',
      'null',
    ]) {
      const res = await fetch(url, { method: 'POST', body: `{"method":"get_data","id":${id}}` });
      const text = await res.text();
      assert.ok(text.endsWith(`,"id":${id}}\n`), `${id}: ${text}`);
    }
    // Whitespace, an escaped key, strings with brackets before the id.
    const spaced = await fetch(url, {
      method: 'POST',
      body: ' { "params" : [ "]}\\"[{" , {"id":1} ] , "method" : "get_data" , "\\u0069d" : 1.250 } ',
    });
    assert.ok((await spaced.text()).endsWith(',"id":1.250}\n'));
    // In a batch too.
    const res = await fetch(url, {
      method: 'POST',
      body: '[{"method":"get_data","id":1.10},{"method":"get_data","id":99999999999999999999}]',
    });
    assert.match(await res.text(), /"id":1\.10}.*"id":99999999999999999999}\]/);
  });

  it('failures: -32603 for a plain error, the own code of an ErrorCoder, the table for a code, keeping the id', async () => {
    const url = await serve(createServer(methods));
    const call = async (params: unknown) =>
      JSON.parse(
        await (
          await fetch(url, {
            method: 'POST',
            body: JSON.stringify({ jsonrpc: '2.0', method: 'fail', params, id: 5 }),
          })
        ).text(),
      ) as unknown;
    assert.deepEqual(await call(['plain']), {
      jsonrpc: '2.0',
      error: { code: -32603, message: 'boom' },
      id: 5,
    });
    assert.deepEqual(await call(['coded']), {
      jsonrpc: '2.0',
      error: { code: -32042, message: 'own code', data: { why: 'x' } },
      id: 5,
    });
    assert.deepEqual(await call(['service']), {
      jsonrpc: '2.0',
      error: { code: -32005, message: 'no such thing' },
      id: 5,
    });
  });

  it('a decoder error is -32602 invalid params; too many positional params too', async () => {
    const url = await serve(createServer(methods));
    for (const params of ['["a","b"]', '[1,2,3]', '{"minuend":1}']) {
      const res = await fetch(url, {
        method: 'POST',
        body: `{"jsonrpc":"2.0","method":"subtract","params":${params},"id":1}`,
      });
      const body = JSON.parse(await res.text()) as { error: { code: number; message: string } };
      assert.equal(body.error.code, -32602, params);
      assert.match(body.error.message, /^invalid params: /);
    }
  });

  it('serves jsonrpc "" and missing (Go kit\'s client); strict refuses them, and other versions always', async () => {
    const lenient = await serve(createServer(methods));
    const strict = await serve(createServer(methods, { strict: true }));
    const codeOf = async (url: string, version: string) => {
      const body = JSON.parse(
        await (
          await fetch(url, { method: 'POST', body: `{${version}"method":"get_data","id":1}` })
        ).text(),
      ) as { error?: { code: number } };
      return body.error?.code ?? 0;
    };
    assert.equal(await codeOf(lenient, '"jsonrpc":"",'), 0);
    assert.equal(await codeOf(lenient, ''), 0);
    assert.equal(await codeOf(lenient, '"jsonrpc":"1.0",'), -32600);
    assert.equal(await codeOf(lenient, '"jsonrpc":2,'), -32600);
    assert.equal(await codeOf(strict, '"jsonrpc":"",'), -32600);
    assert.equal(await codeOf(strict, ''), -32600);
    assert.equal(await codeOf(strict, '"jsonrpc":"2.0",'), 0);
  });
});

describe('hooks, limits and mounting', () => {
  it('before, after and finalizer run once per HTTP request; the error handler once per failed call', async () => {
    const order: string[] = [];
    const errors: string[] = [];
    const url = await serve(
      createServer(methods, {
        before: [(ctx, r) => (order.push(`before ${r.method}`), ctx)],
        after: [(ctx, w) => (w.setHeader('x-after', '1'), order.push('after'), ctx)],
        finalizer: [
          (_ctx, info) => order.push(`finalizer ${info.statusCode} ${info.bytesWritten}`),
        ],
        errorHandler: (_ctx, err) => errors.push((err as Error).message),
      }),
    );
    const res = await fetch(url, {
      method: 'POST',
      body: '[{"method":"get_data","id":1},{"method":"fail","id":2},{"method":"nope","id":3}]',
    });
    const text = await res.text();
    assert.equal(res.headers.get('x-after'), '1');
    assert.deepEqual(order, ['before POST', 'after', `finalizer 200 ${Buffer.byteLength(text)}`]);
    assert.deepEqual(errors.sort(), ['Method nope was not found.', 'boom']);
  });

  it('a Headerer error adds its headers to the response', async () => {
    const err = Object.assign(new Error('slow down'), { headers: () => ({ 'retry-after': '3' }) });
    const url = await serve(createServer({ x: { endpoint: async () => Promise.reject(err) } }));
    const res = await fetch(url, { method: 'POST', body: '{"method":"x","id":1}' });
    assert.equal(res.headers.get('retry-after'), '3');
    assert.equal(
      (JSON.parse(await res.text()) as { error: { message: string } }).error.message,
      'slow down',
    );
  });

  it('the body limit: 413 with a JSON-RPC error, before reading', async () => {
    const url = await serve(createServer(methods, { bodyLimit: 64 }));
    const res = await fetch(url, {
      method: 'POST',
      body: JSON.stringify({ method: 'echo', params: ['x'.repeat(100)], id: 1 }),
    });
    assert.equal(res.status, 413);
    const body = JSON.parse(await res.text()) as {
      error: { code: number; message: string };
      id: null;
    };
    assert.equal(body.error.code, -32008); // resource_exhausted in core's table
    assert.match(body.error.message, /larger than the limit of 64 bytes/);
    assert.equal(body.id, null);
  });

  it('the batch limit: one -32600 beyond maxBatchSize, none of the calls run', async () => {
    seen.length = 0;
    const url = await serve(createServer(methods, { maxBatchSize: 3 }));
    const calls = (n: number) =>
      JSON.stringify(
        Array.from({ length: n }, (_, i) => ({ method: 'update', params: [i], id: i })),
      );
    const ok = JSON.parse(
      await (await fetch(url, { method: 'POST', body: calls(3) })).text(),
    ) as unknown[];
    assert.equal(ok.length, 3);
    seen.length = 0;
    const res = await fetch(url, { method: 'POST', body: calls(4) });
    const body = JSON.parse(await res.text()) as { error: { code: number; message: string } };
    assert.equal(body.error.code, -32600);
    assert.match(body.error.message, /a batch of 4 requests, more than the limit of 3/);
    assert.deepEqual(seen, []);
  });

  it('a batch runs at most batchConcurrency calls at once, and all of them', async () => {
    let running = 0;
    let peak = 0;
    const slow = {
      endpoint: async (_ctx: unknown, p: unknown) => {
        running++;
        peak = Math.max(peak, running);
        await new Promise((r) => setTimeout(r, 5));
        running--;
        return p;
      },
    };
    const url = await serve(createServer({ slow }, { batchConcurrency: 3 }));
    const body = JSON.stringify(
      Array.from({ length: 20 }, (_, i) => ({ method: 'slow', params: [i], id: i })),
    );
    const out = JSON.parse(await (await fetch(url, { method: 'POST', body })).text()) as {
      result: number[];
      id: number;
    }[];
    assert.equal(peak, 3);
    assert.deepEqual(
      out.map((r) => r.id),
      Array.from({ length: 20 }, (_, i) => i),
    );
    assert.deepEqual(
      out.map((r) => r.result[0]),
      Array.from({ length: 20 }, (_, i) => i),
    );
  });

  it("the caller's Connect-Timeout-Ms is each call's deadline; a spent one is -32004", async () => {
    const url = await serve(createServer(methods));
    const res = await fetch(url, {
      method: 'POST',
      body: '{"method":"deadline","id":1}',
      headers: { 'connect-timeout-ms': '5000' },
    });
    assert.deepEqual(JSON.parse(await res.text()), { jsonrpc: '2.0', result: 5, id: 1 });
    const spent = await fetch(url, {
      method: 'POST',
      body: '{"method":"deadline","id":1}',
      headers: { 'connect-timeout-ms': '0' },
    });
    assert.equal(
      (JSON.parse(await spent.text()) as { error: { code: number } }).error.code,
      -32004,
    );
  });

  it('mounts on the router, under both faces', async () => {
    const router = createRouter().post('/rpc', createServer(methods));
    const url = await serve(router);
    const res = await fetch(`${url}/rpc`, { method: 'POST', body: '{"method":"get_data","id":1}' });
    assert.deepEqual(JSON.parse(await res.text()), { jsonrpc: '2.0', result: ['hello', 5], id: 1 });
    const viaFetch = await router.fetch(
      new Request('http://x/rpc', { method: 'POST', body: '{"method":"get_data","id":2}' }),
    );
    assert.deepEqual(await viaFetch.json(), { jsonrpc: '2.0', result: ['hello', 5], id: 2 });
    assert.equal((await fetch(`${url}/rpc`)).status, 405); // the router's, with Allow
  });

  it('results are escaped as Go escapes them; an unencodable result is -32603', async () => {
    const url = await serve(
      createServer({
        html: { endpoint: async () => '<a>&\u2028' },
        cyclic: {
          endpoint: async () => {
            const o: Record<string, unknown> = {};
            o['o'] = o;
            return o;
          },
        },
        big: { endpoint: async () => 10n },
      }),
    );
    const post = async (m: string) =>
      (await fetch(url, { method: 'POST', body: `{"method":"${m}","id":1}` })).text();
    assert.equal(
      await post('html'),
      '{"jsonrpc":"2.0","result":"\\u003ca\\u003e\\u0026\\u2028","id":1}\n',
    );
    for (const m of ['cyclic', 'big']) {
      const body = JSON.parse(await post(m)) as { error: { code: number } };
      assert.equal(body.error.code, -32603, m);
    }
  });

  it('an errorObject that throws, or data that cannot be serialised: a bare -32603', async () => {
    const cyclic: Record<string, unknown> = {};
    cyclic['self'] = cyclic;
    const url = await serve(
      createServer(methods, {
        errorObject: (_ctx, err) => {
          if ((err as Error).message.startsWith('Method')) throw new Error('encoder bug');
          return { code: 1, message: 'x', data: cyclic };
        },
      }),
    );
    const parse = await fetch(url, { method: 'POST', body: 'not json' });
    assert.equal(
      await parse.text(),
      '{"jsonrpc":"2.0","error":{"code":-32603,"message":"the error could not be encoded"},"id":null}\n',
    );
    for (const body of ['{"method":"nope","id":1}', '{"method":"fail","id":1}']) {
      const res = await fetch(url, { method: 'POST', body });
      assert.deepEqual(JSON.parse(await res.text()), {
        jsonrpc: '2.0',
        error: { code: -32603, message: 'the error could not be encoded' },
        id: 1,
      });
    }
  });

  it('errorStatus sets the HTTP status of a failed single request (Go kit: 418); a batch stays 200', async () => {
    const url = await serve(
      createServer(methods, {
        errorStatus: (err) => ((err as Error).message === 'boom' ? 418 : 500),
      }),
    );
    const teapot = await fetch(url, { method: 'POST', body: '{"method":"fail","id":1}' });
    assert.equal(teapot.status, 418);
    assert.equal(
      (JSON.parse(await teapot.text()) as { error: { code: number } }).error.code,
      -32603,
    );
    const missing = await fetch(url, { method: 'POST', body: '{"method":"nope","id":1}' });
    assert.equal(missing.status, 500);
    const ok = await fetch(url, { method: 'POST', body: '{"method":"get_data","id":1}' });
    assert.equal(ok.status, 200);
    const batch = await fetch(url, { method: 'POST', body: '[{"method":"fail","id":1}]' });
    assert.equal(batch.status, 200);
  });

  it('exactIntegers: int64 params and results exact, big ids too', async () => {
    const url = await serve(
      createServer(
        { add: { endpoint: async (_ctx, [a, b]: bigint[]) => BigInt(a ?? 0) + BigInt(b ?? 0) } },
        { exactIntegers: true },
      ),
    );
    const res = await fetch(url, {
      method: 'POST',
      body: '{"method":"add","params":[1152921504606846976,-1152921504606846975],"id":12345678901234567890}',
    });
    assert.equal(await res.text(), '{"jsonrpc":"2.0","result":1,"id":12345678901234567890}\n');
    const big = await fetch(url, {
      method: 'POST',
      body: '{"method":"add","params":[9223372036854775807,1],"id":1}',
    });
    assert.equal(await big.text(), '{"jsonrpc":"2.0","result":9223372036854775808,"id":1}\n');
  });

  it('refuses bad options', () => {
    assert.throws(() => createServer(methods, { maxBatchSize: 0 }), RangeError);
    assert.throws(() => createServer(methods, { batchConcurrency: 1.5 }), RangeError);
    assert.throws(
      () => createServer({ 'rpc.discover': methods['get_data'] as AnyMethod }),
      /reserved/,
    );
    assert.throws(() => createServer({ x: {} as AnyMethod }), /no endpoint function/);
  });
});

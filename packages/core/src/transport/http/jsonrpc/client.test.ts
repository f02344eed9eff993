import assert from 'node:assert/strict';
import { createServer as createNodeServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { describe, it } from 'node:test';
import { background, withCancel, withTimeout } from '../../../context/index.js';
import { DeadlineExceededError } from '../../../context/index.js';
import { ServiceError, codeOf, reasonOf } from '../../../errors/index.js';
import { listenPlain, serve } from '../serve.test.helper.js';
import { JsonRpcError, createBatchClient, createClient, createServer } from './index.js';

/** raw starts a plain node:http server that answers every request with answer(body). */
async function raw(
  answer: (body: string, res: ServerResponse, req: IncomingMessage) => void,
): Promise<string> {
  return listenPlain(
    createNodeServer((req, res) => {
      let body = '';
      req.setEncoding('utf8');
      req.on('data', (d: string) => (body += d));
      req.on('end', () => answer(body, res, req));
    }),
  );
}

const json = (res: ServerResponse, status: number, value: unknown) => {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(typeof value === 'string' ? value : JSON.stringify(value));
};

describe('jsonrpc createClient', () => {
  it("sends Go kit's ids from 0 per endpoint, params by name or position, and returns the result", async () => {
    const bodies: unknown[] = [];
    const url = await raw((body, res) => {
      const r = JSON.parse(body) as { id: number; params?: unknown };
      bodies.push(r);
      json(res, 200, { jsonrpc: '2.0', result: r.params ?? 'none', id: r.id });
    });
    const call = createClient<unknown, unknown>(url, 'm');
    assert.deepEqual(await call(background(), { a: 1 }), { a: 1 });
    assert.deepEqual(await call(background(), [1, 2]), [1, 2]);
    assert.equal(await call(background(), undefined), 'none');
    const other = createClient(url, 'n');
    await other(background(), {});
    assert.deepEqual(bodies, [
      { jsonrpc: '2.0', method: 'm', params: { a: 1 }, id: 0 },
      { jsonrpc: '2.0', method: 'm', params: [1, 2], id: 1 },
      { jsonrpc: '2.0', method: 'm', id: 2 },
      { jsonrpc: '2.0', method: 'n', params: {}, id: 0 },
    ]);
    await assert.rejects(call(background(), 5), TypeError); // params must be structured
  });

  it('encode and decode; error objects reject with JsonRpcError and a round-tripping code', async () => {
    const url = await serve(
      createServer({
        add: { endpoint: async (_ctx, p: { a: number; b: number }) => ({ v: p.a + p.b }) },
        missing: {
          endpoint: async () => Promise.reject(new ServiceError('not_found', 'no such user')),
        },
        limited: {
          endpoint: async () => Promise.reject(new ServiceError('resource_exhausted', 'slow down')),
        },
      }),
    );
    const add = createClient<[number, number], number>(url, 'add', {
      encode: (_ctx, [a, b]) => ({ a, b }),
      decode: (_ctx, result) => (result as { v: number }).v,
    });
    assert.equal(await add(background(), [2, 3]), 5);
    for (const [m, code, n] of [
      ['missing', 'not_found', -32005],
      ['limited', 'resource_exhausted', -32008],
      ['nope', 'unimplemented', -32601],
    ] as const) {
      await assert.rejects(createClient(url, m)(background(), {}), (err: unknown) => {
        assert.ok(err instanceof JsonRpcError);
        assert.equal(codeOf(err), code);
        assert.equal(err.jsonRpcCode, n);
        assert.equal(err.errorCode(), n);
        return true;
      });
    }
  });

  it('notification: no id, nothing to wait for but the 204; an error answer still rejects', async () => {
    const ran: unknown[] = [];
    const url = await serve(
      createServer({ log: { endpoint: async (_ctx, p: unknown) => void ran.push(p) } }),
    );
    const log = createClient(url, 'log', { notification: true });
    assert.equal(await log(background(), ['hello']), undefined);
    assert.deepEqual(ran, [['hello']]);
    const strict = await serve(createServer({}, { bodyLimit: 5 })); // answers 413 with an error object
    const refused = createClient(strict, 'log', { notification: true });
    await assert.rejects(
      refused(background(), ['x']),
      (err: unknown) => err instanceof JsonRpcError,
    );
    const bodies: string[] = [];
    const rawURL = await raw((body, res) => {
      bodies.push(body);
      res.writeHead(204);
      res.end();
    });
    await createClient(rawURL, 'n', { notification: true })(background(), { a: 1 });
    assert.deepEqual(bodies, ['{"jsonrpc":"2.0","method":"n","params":{"a":1}}']);
  });

  it('an empty message becomes the standard text; data is kept', async () => {
    const url = await raw((body, res) => {
      const { id } = JSON.parse(body) as { id: number };
      json(res, 200, { jsonrpc: '2.0', error: { code: -32602, message: '', data: [1] }, id });
    });
    await assert.rejects(createClient(url, 'x')(background(), {}), (err: unknown) => {
      assert.ok(err instanceof JsonRpcError);
      assert.equal(err.message, 'Invalid method parameter(s).');
      assert.deepEqual(err.data, [1]);
      assert.equal(codeOf(err), 'invalid_argument');
      return true;
    });
  });

  it('a misbehaving server: a clear error, never a hang or a wrong result', async () => {
    const cases: [
      string,
      (body: string, res: ServerResponse) => void,
      (err: unknown) => boolean,
    ][] = [
      [
        'another id',
        (_b, res) => json(res, 200, { jsonrpc: '2.0', result: 1, id: 99 }),
        malformed(/id 99, the request's was 0/),
      ],
      ['not JSON', (_b, res) => json(res, 200, 'hello'), (e) => reasonOf(e) === 'INVALID_JSON'],
      ['an empty body', (_b, res) => json(res, 200, ''), malformed(/an empty body/)],
      [
        'neither result nor error',
        (_b, res) => json(res, 200, { jsonrpc: '2.0', id: 0 }),
        malformed(/neither result nor error/),
      ],
      [
        'an array',
        (_b, res) => json(res, 200, [{ jsonrpc: '2.0', result: 1, id: 0 }]),
        malformed(/not a response object/),
      ],
      [
        'a bad error member',
        (_b, res) => json(res, 200, { jsonrpc: '2.0', error: 'x', id: 0 }),
        malformed(/not an error object/),
      ],
      [
        'HTML 502',
        (_b, res) => {
          res.writeHead(502, { 'content-type': 'text/html' });
          res.end('<html>bad gateway</html>');
        },
        (e) => codeOf(e) === 'unavailable' && (e as { status?: number }).status === 502,
      ],
      [
        'a 500 whose JSON is not JSON-RPC',
        (_b, res) => json(res, 500, '"text"'),
        (e) => (e as { status?: number }).status === 500 && codeOf(e) === 'internal',
      ],
      [
        'an empty 503',
        (_b, res) => json(res, 503, ''),
        (e) => (e as { status?: number }).status === 503 && codeOf(e) === 'unavailable',
      ],
      [
        'a huge response',
        (_b, res) => json(res, 200, `{"jsonrpc":"2.0","result":"${'x'.repeat(5000)}","id":0}`),
        (e) => reasonOf(e) === 'BODY_TOO_LARGE',
      ],
    ];
    for (const [name, answer, check] of cases) {
      const url = await raw(answer);
      const call = createClient(url, 'm', { maxResponseBytes: 4096 });
      await assert.rejects(
        call(background(), {}),
        (err: unknown) => check(err) || assert.fail(`${name}: ${String(err)}`),
        name,
      );
    }
  });

  it('a server that never answers: the deadline rejects the call, the budget goes out as Connect-Timeout-Ms', async () => {
    let header: string | undefined;
    const url = await raw((_b, _res, req) => {
      header = req.headers['connect-timeout-ms'] as string | undefined;
    });
    const [ctx, cancel] = withTimeout(background(), 150);
    const started = Date.now();
    await assert.rejects(createClient(url, 'm')(ctx, {}), DeadlineExceededError);
    cancel();
    assert.ok(Date.now() - started < 1000);
    assert.ok(header !== undefined && Number(header) <= 150 && Number(header) > 0, header);
    const [canceled, stop] = withCancel(background());
    const pending = createClient(url, 'm')(canceled, {});
    setTimeout(stop, 20);
    await assert.rejects(pending, (err: unknown) => codeOf(err) === 'canceled');
  });
});

describe('jsonrpc createBatchClient', () => {
  it('matches responses by id whatever their order; each call settles on its own', async () => {
    const url = await raw((body, res) => {
      const calls = JSON.parse(body) as { id?: number; method: string; params?: number[] }[];
      const answers = calls
        .filter((c) => c.id !== undefined)
        .map((c) =>
          c.method === 'fail'
            ? { jsonrpc: '2.0', error: { code: -32603, message: 'failed' }, id: c.id }
            : { jsonrpc: '2.0', result: (c.params ?? []).reduce((a, b) => a + b, 0), id: c.id },
        )
        .reverse();
      json(res, 200, answers);
    });
    const batch = createBatchClient(url);
    const out = await batch(background(), [
      { method: 'sum', params: [1, 2] },
      { method: 'fail' },
      { method: 'log', params: [9], notification: true },
      { method: 'sum', params: [3, 4] },
    ]);
    assert.deepEqual(out[0], { ok: true, result: 3 });
    assert.ok(out[1] !== undefined && !out[1].ok && out[1].error instanceof JsonRpcError);
    assert.equal(out[2], undefined);
    assert.deepEqual(out[3], { ok: true, result: 7 });
    assert.deepEqual(await batch(background(), []), []);
  });

  it('missing, duplicate and unknown ids from a misbehaving server', async () => {
    const url = await raw((_body, res) =>
      json(res, 200, [
        { jsonrpc: '2.0', result: 'first', id: 0 },
        { jsonrpc: '2.0', result: 'again', id: 0 },
        { jsonrpc: '2.0', result: 'stranger', id: 42 },
        7,
      ]),
    );
    const out = await createBatchClient(url)(background(), [{ method: 'a' }, { method: 'b' }]);
    assert.deepEqual(out[0], { ok: true, result: 'first' });
    assert.ok(out[1] !== undefined && !out[1].ok);
    assert.match(out[1].error.message, /no response for id 1/);
  });

  it('against svckit: one error for an oversized batch rejects the whole; notifications only get 204', async () => {
    const url = await serve(
      createServer({ echo: { endpoint: async (_c, p: unknown) => p } }, { maxBatchSize: 2 }),
    );
    const batch = createBatchClient(url);
    await assert.rejects(
      batch(background(), [{ method: 'echo' }, { method: 'echo' }, { method: 'echo' }]),
      (err: unknown) => err instanceof JsonRpcError && err.jsonRpcCode === -32600,
    );
    assert.deepEqual(await batch(background(), [{ method: 'echo', notification: true }]), [
      undefined,
    ]);
    assert.deepEqual(
      await batch(background(), [
        { method: 'echo', params: ['x'] },
        { method: 'echo', params: { y: 1 } },
      ]),
      [
        { ok: true, result: ['x'] },
        { ok: true, result: { y: 1 } },
      ],
    );
  });
});

function malformed(pattern: RegExp): (err: unknown) => boolean {
  return (err) =>
    reasonOf(err) === 'MALFORMED_RESPONSE' &&
    codeOf(err) === 'internal' &&
    pattern.test((err as Error).message);
}

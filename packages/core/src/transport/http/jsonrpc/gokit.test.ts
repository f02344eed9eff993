import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { background } from '../../../context/index.js';
import { codeOf } from '../../../errors/index.js';
import { erroringLimiter, tokenBucket } from '../../../ratelimit/index.js';
import { goKitSkip, runGoKitPeer, startGoKitPeer } from '@svckit/testing';
import type { GoKitPeer } from '@svckit/testing';
import { serve } from '../serve.test.helper.js';
import { JsonRpcError, createBatchClient, createClient } from './index.js';
import { addcli } from './testdata/addcli.js';
import { client, endpoints, handler } from './testdata/addsvc.js';
import type { Endpoints, SumResult } from './testdata/addsvc.js';

// Interop with the real Go kit addsvc and addcli (packages/testing/gokit) over JSON-RPC, both
// directions, with the wire of examples-protocol.md §2.5.

/** The command lines both clients run, against both servers. */
const cases: string[][] = [
  ['1', '2'],
  ['3', '-5'],
  ['0', '0'], // business error: not signalled, prints 0
  ['2147483647', '1'], // overflow: 0
  ['2147483646', '1'],
  ['1152921504606846976', '-1152921504606846975'], // int64 beyond 2^53, exact
  ['x', '7'], // ParseInt error ignored: 0
  ['-method', 'concat', 'ab', 'cd'],
  ['-method', 'concat', 'é', 'x"y'],
  ['-method', 'concat', '<a>', '&'],
  ['-method', 'concat', 'ééééé', 'x'], // too long: ""
  ['-method', 'nope', '1', '2'],
  ['99999999999999999999', '1'], // ParseInt's range error ignored: the int64 bound
  ['-method', 'concat', 'a\tb', '\n\u0007'], // Go's %q escapes
  ['-method', 'concat', '\u007f\u0085', '\u{1F600}'],
  ['-method', 'concat', '\u200b\b\f', '\r\u000b'],
  ['-method', 'concat', '\u{E0001}', 'x'],
];

const goAddcli = async (addr: string, args: string[]) => {
  const run = await runGoKitPeer('addcli', [`-jsonrpc-addr=${addr}`, ...args]);
  return { code: run.code ?? -1, out: `${run.stdout}${run.stderr}` };
};

const post = async (url: string, body: string) => {
  const res = await fetch(url, {
    method: 'POST',
    body,
    headers: { 'content-type': 'application/json' },
  });
  return { status: res.status, type: res.headers.get('content-type'), body: await res.text() };
};

describe('JSON-RPC interop with Go kit addsvc and addcli', { skip: goKitSkip() }, () => {
  let svc: GoKitPeer;
  let goAddr = '';
  let ours = '';
  before(async () => {
    svc = await startGoKitPeer('addsvc', {
      args: ([j]) => [`-jsonrpc-addr=127.0.0.1:${j}`, '-limit=false'],
    });
    goAddr = svc.addrs[0] as string;
    ours = await serve(handler(endpoints));
  });
  after(() => svc.stop());

  it("Go kit's addcli prints against svckit's addsvc what it prints against Go kit's", async () => {
    const oursAddr = ours.slice('http://'.length);
    for (const args of cases) {
      const want = await goAddcli(goAddr, args);
      assert.deepEqual(await goAddcli(oursAddr, args), want, args.join(' '));
    }
    // The figures themselves, so that a change on both sides cannot pass unnoticed.
    assert.deepEqual(await goAddcli(oursAddr, ['1', '2']), { code: 0, out: '1 + 2 = 3\n' });
    assert.deepEqual(await goAddcli(oursAddr, ['0', '0']), { code: 0, out: '0 + 0 = 0\n' });
    assert.deepEqual(await goAddcli(oursAddr, ['1152921504606846976', '-1152921504606846975']), {
      code: 0,
      out: '1152921504606846976 + -1152921504606846975 = 1\n',
    });
  });

  it("svckit's addcli prints against Go kit's addsvc what Go kit's addcli prints", async () => {
    const add = client(goAddr);
    for (const args of cases) {
      assert.deepEqual(await addcli(add, args), await goAddcli(goAddr, args), args.join(' '));
    }
  });

  it('answers a success byte for byte as Go kit does', async () => {
    const bodies = [
      '{"jsonrpc":"2.0","method":"sum","params":{"A":1,"B":2},"id":0}',
      '{"jsonrpc":"","method":"sum","params":{"a":40,"b":2},"id":"x"}',
      '{"method":"concat","params":{"A":"<a>","B":"&"},"id":7}',
      '{"method":"concat","params":{"A":"é","B":"\\u2028"},"id":1.5}',
    ];
    for (const body of bodies) {
      const go = await post(`http://${goAddr}/`, body);
      const mine = await post(`${ours}/any/path`, body);
      assert.deepEqual(mine, go, body);
      assert.equal(go.status, 200);
    }
  });

  it("errors: Go kit's codes and texts, svckit keeping the request's id", async () => {
    const bodies: [string, number][] = [
      ['{"jsonrpc":"2.0","method":"nope","params":{},"id":3}', -32601],
      ['{"jsonrpc":"2.0","method":"sum","params":[1,2],"id":3}', -32000],
      ['{"jsonrpc":"2.0","method":"sum","params":{"A":"1"},"id":3}', -32000],
      ['{"jsonrpc":"2.0","method":"sum","params":{"A":1.5},"id":3}', -32000],
      ['{"jsonrpc":"2.0","method":"concat","params":{"B":1},"id":3}', -32000],
      ['{"jsonrpc":"2.0","method":"sum","id":3}', -32000],
    ];
    for (const [body, code] of bodies) {
      const go = JSON.parse((await post(`http://${goAddr}/`, body)).body) as {
        error: { code: number; message: string };
        id: unknown;
      };
      const mine = JSON.parse((await post(ours, body)).body) as typeof go;
      assert.equal(go.error.code, code, body);
      assert.deepEqual(mine.error, go.error, body);
      assert.equal(go.id, null); // Go kit 0.10 drops the id of error responses
      assert.equal(mine.id, 3); // the specification keeps it
    }
    const get = await fetch(`http://${goAddr}/`);
    const mine = await fetch(ours);
    assert.equal(get.status, 405);
    assert.equal(mine.status, 405);
    assert.equal(await mine.text(), await get.text());
  });

  it("svckit's client against Go kit's server: results, error objects as JsonRpcError", async () => {
    const sum = createClient<object, unknown>(`http://${goAddr}`, 'sum');
    assert.deepEqual(await sum(background(), { A: 1, B: 2 }), { v: 3 });
    assert.deepEqual(await sum(background(), { A: 0, B: 0 }), { v: 0 }); // not signalled
    const nope = createClient(`http://${goAddr}`, 'nope');
    await assert.rejects(nope(background(), {}), (err: unknown) => {
      assert.ok(err instanceof JsonRpcError);
      assert.equal(err.jsonRpcCode, -32601);
      assert.equal(codeOf(err), 'unimplemented');
      assert.equal(err.message, 'Method nope was not found.');
      return true;
    });
    await assert.rejects(sum(background(), [1, 2]), (err: unknown) => {
      assert.ok(err instanceof JsonRpcError);
      assert.equal(err.jsonRpcCode, -32000);
      assert.match(
        err.message,
        /^couldn't unmarshal body to sum request: json: cannot unmarshal array/,
      );
      return true;
    });
  });

  it("a batch to Go kit's server (which has none) fails with its parse error, clearly", async () => {
    const batch = createBatchClient(`http://${goAddr}`);
    await assert.rejects(
      batch(background(), [{ method: 'sum', params: { A: 1, B: 2 } }]),
      (err: unknown) =>
        err instanceof JsonRpcError &&
        err.jsonRpcCode === -32700 &&
        /cannot unmarshal array/.test(err.message),
    );
    // The same batch to svckit's addsvc is answered call by call.
    const mine = createBatchClient(ours, { exactIntegers: true });
    const answers = await mine(background(), [
      { method: 'sum', params: { A: 1, B: 2 } },
      { method: 'sum', params: { A: 0, B: 0 } },
      { method: 'concat', params: { A: 'a', B: 'b' }, notification: true },
      { method: 'nope' },
    ]);
    assert.deepEqual(answers.slice(0, 3), [
      { ok: true, result: { v: 3 } },
      { ok: true, result: { v: 0, err: "can't sum two zeroes" } },
      undefined,
    ]);
    const last = answers[3];
    assert.ok(last !== undefined && !last.ok && last.error instanceof JsonRpcError);
    assert.equal(last.error.message, 'Method nope was not found.');
  });
});

describe(
  "Go kit's addcli -> svckit addsvc with Go kit's rate limiter",
  { skip: goKitSkip() },
  () => {
    it('an endpoint error is -32603 with its text, printed as Go kit prints it', async () => {
      const limited: Endpoints = {
        ...endpoints,
        sum: erroringLimiter<{ a: bigint; b: bigint }, SumResult>(
          tokenBucket({ rate: 1, burst: 1 }),
        )(endpoints.sum),
      };
      const url = await serve(handler(limited));
      const addr = url.slice('http://'.length);
      assert.deepEqual(await goAddcli(addr, ['1', '2']), { code: 0, out: '1 + 2 = 3\n' });
      assert.deepEqual(await goAddcli(addr, ['2', '2']), {
        code: 1,
        out: 'error: rate limit exceeded\n',
      });
      const body = await post(
        url,
        '{"jsonrpc":"2.0","method":"sum","params":{"A":1,"B":1},"id":9}',
      );
      assert.equal(
        body.body,
        '{"jsonrpc":"2.0","error":{"code":-32603,"message":"rate limit exceeded"},"id":9}\n',
      );
    });
  },
);

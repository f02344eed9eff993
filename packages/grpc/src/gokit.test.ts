import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Server } from '@grpc/grpc-js';
import { background } from '@svckit/core/context';
import { codeOf } from '@svckit/core/errors';
import { erroringLimiter, tokenBucket } from '@svckit/core/ratelimit';
import { goKitSkip, runGoKitPeer, startGoKitPeer } from '@svckit/testing';
import type { GoKitPeer } from '@svckit/testing';
import { bindService, dial, listen, shutdown } from './index.js';
import type { StatusError } from './index.js';
import { Add } from './gen/pb/addsvc_pb.js';
import { BusinessError, client, endpoints, errorText, servers } from './testdata/addsvc.js';
import type { Endpoints } from './testdata/addsvc.js';

// Interop with the real Go kit addsvc and addcli (packages/testing/gokit) over gRPC, both
// directions, with the wire of examples-protocol.md §2.4: business errors in-band in `err`,
// endpoint errors as status UNKNOWN with their text.

describe('svckit gRPC client -> Go kit addsvc', { skip: goKitSkip() }, () => {
  let svc: GoKitPeer;
  before(async () => {
    svc = await startGoKitPeer('addsvc', {
      args: ([g]) => [`-grpc-addr=127.0.0.1:${g}`, '-limit=false'],
    });
  });
  after(() => svc.stop());

  it('sums and concatenates; int64 beyond 2^53 exact; business errors in-band', async (t) => {
    const conn = dial(svc.addrs[0] as string);
    t.after(() => conn.close());
    const add = client(conn);
    assert.equal(await add.sum(background(), 1n, 2n), 3n);
    assert.equal(await add.sum(background(), 2n ** 60n, -(2n ** 60n) + 1n), 1n);
    assert.equal(await add.sum(background(), 2147483646n, 1n), 2147483647n);
    assert.equal(await add.concat(background(), 'é', 'x"y'), 'éx"y');
    const business: [() => Promise<unknown>, string][] = [
      [() => add.sum(background(), 0n, 0n), "can't sum two zeroes"],
      [() => add.sum(background(), 2147483647n, 1n), 'integer overflow'],
      [() => add.concat(background(), 'ééééé', 'x'), 'result exceeds maximum size'],
    ];
    for (const [call, text] of business) {
      await assert.rejects(
        call(),
        (err: unknown) => err instanceof BusinessError && err.message === text,
      );
    }
  });
});

describe('svckit gRPC client -> Go kit addsvc with its rate limiter', { skip: goKitSkip() }, () => {
  it('an endpoint error is UNKNOWN with its text', async (t) => {
    const svc = await startGoKitPeer('addsvc', { args: ([g]) => [`-grpc-addr=127.0.0.1:${g}`] });
    t.after(() => svc.stop());
    const conn = dial(svc.addrs[0] as string);
    t.after(() => conn.close());
    const add = client(conn);
    // Sum allows 1 call per second (burst 1): of three at once, at least two are refused.
    const outcomes = await Promise.allSettled(
      [1n, 2n, 3n].map((a) => add.sum(background(), a, 1n)),
    );
    const refused = outcomes
      .filter((o) => o.status === 'rejected')
      .map((o) => (o as PromiseRejectedResult).reason as StatusError);
    assert.ok(refused.length >= 2, JSON.stringify(outcomes.map((o) => o.status)));
    for (const err of refused) {
      assert.equal(codeOf(err), 'unknown');
      assert.equal(err.status, 2);
      assert.equal(err.message, 'rate limit exceeded');
      // What Go kit's addcli prints for it, from the same error:
      assert.equal(errorText(err), 'rpc error: code = Unknown desc = rate limit exceeded');
    }
  });
});

describe('Go kit addcli -> svckit pb.Add server', { skip: goKitSkip() }, () => {
  let server: Server;
  let addr = '';
  before(async () => {
    // Sum behind Go kit's limiter (1/s, burst 1), as addsvc wires it; Concat unlimited.
    const limited: Endpoints = {
      ...endpoints,
      sum: erroringLimiter<{ a: bigint; b: bigint }, Awaited<ReturnType<Endpoints['sum']>>>(
        tokenBucket({ rate: 1, burst: 1 }),
      )(endpoints.sum),
    };
    server = new Server();
    bindService(server, Add, servers(limited));
    addr = `127.0.0.1:${await listen(server, '127.0.0.1:0')}`;
  });
  after(() => shutdown(server, { timeoutMs: 1000 }));

  const addcli = async (args: string[]) => {
    const run = await runGoKitPeer('addcli', [`-grpc-addr=${addr}`, ...args]);
    return { code: run.code, out: `${run.stdout}${run.stderr}` };
  };

  it("prints what it prints against Go kit's addsvc", async () => {
    const cases: [string[], { code: number; out: string }][] = [
      [['-method', 'concat', 'é', 'x"y'], { code: 0, out: '"é" + "x\\"y" = "éx\\"y"\n' }],
      [
        ['-method', 'concat', 'ééééé', 'x'],
        { code: 1, out: 'error: result exceeds maximum size\n' },
      ],
      [['1', '2'], { code: 0, out: '1 + 2 = 3\n' }],
    ];
    for (const [args, want] of cases) assert.deepEqual(await addcli(args), want, args.join(' '));
  });

  it('business errors in-band; endpoint errors as Go kit reports UNKNOWN', async () => {
    await new Promise((r) => setTimeout(r, 1100)); // a fresh token
    assert.deepEqual(await addcli(['0', '0']), { code: 1, out: "error: can't sum two zeroes\n" });
    const refused = await addcli(['2', '2']); // the bucket is empty for the next second
    assert.deepEqual(refused, {
      code: 1,
      out: 'error: rpc error: code = Unknown desc = rate limit exceeded\n',
    });
    await new Promise((r) => setTimeout(r, 1100));
    assert.deepEqual(await addcli(['2147483647', '1']), {
      code: 1,
      out: 'error: integer overflow\n',
    });
    await new Promise((r) => setTimeout(r, 1100));
    assert.deepEqual(await addcli(['1152921504606846976', '-1152921504606846975']), {
      code: 0,
      out: '1152921504606846976 + -1152921504606846975 = 1\n',
    });
  });
});

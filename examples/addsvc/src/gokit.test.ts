// Interop with the real Go kit addsvc and addcli (packages/testing/gokit), both directions, over
// HTTP and gRPC: the same raw requests get the same answers from both servers, Go kit's addcli
// prints the same against both, and svckit's clients read the Go server as they read ours.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { background } from '@svckit/core/context';
import { dial } from '@svckit/grpc';
import { goKitSkip, runGoKitPeer, startGoKitPeer } from '@svckit/testing';
import type { GoKitPeer } from '@svckit/testing';
import { setService } from './addendpoint/set.js';
import { grpcErrorText, newGRPCClient } from './addtransport/grpc.js';
import { newHTTPClient } from './addtransport/http.js';
import { errIntOverflow, errTwoZeroes } from './addservice/service.js';
import { post, raw, startAddsvc } from './addsvc.test.helper.js';
import type { RawResponse, Running } from './addsvc.test.helper.js';

const requests: [string, string, string][] = [
  ['POST', '/sum', '{"a":1,"b":2}'],
  ['GET', '/sum', '{"A":40,"B":2}'],
  ['POST', '/sum', '{"a":1152921504606846976,"b":-1}'],
  ['POST', '/sum', '{"a":0,"b":0}'],
  ['POST', '/sum', '{"a":2147483647,"b":1}'],
  ['POST', '/sum', '{"a":-2147483648,"b":-1}'],
  ['POST', '/sum', ''],
  ['POST', '/sum', '{"a":1,"b":2} trailing'],
  ['POST', '/sum', 'null'],
  ['POST', '/concat', '{"a":"<a>","b":"&"}'],
  ['POST', '/concat', '{"a":"ééééé","b":"x"}'],
  ['POST', '/concat', '{"a":"é","b":"\\u00e9\\n"}'],
  ['DELETE', '/concat', '{"a":"1","b":"2"}'],
  ['POST', '/sum/', '{"a":1,"b":2}'],
  ['POST', '/nope', ''],
];

/** wire is what must match between the two servers: status line, content type, body. */
function wire(res: RawResponse): [string, string | undefined, string] {
  return [res.statusLine, res.headers['content-type'], res.body];
}

describe('Go kit addsvc and svckit addsvc answer alike over HTTP', { skip: goKitSkip() }, () => {
  let peer: GoKitPeer;
  let ours: Running;
  before(async () => {
    peer = await startGoKitPeer('addsvc', {
      args: ([h]) => [`-http-addr=127.0.0.1:${h}`, '-limit=false'],
    });
    ours = await startAddsvc(['-ratelimit=false']);
  });
  after(async () => {
    await peer.stop();
    await ours.stop();
  });

  for (const [method, path, body] of requests) {
    it(`${method} ${path} ${body || '(empty)'}`, async () => {
      const go = await post(peer.addrs[0] as string, path, body, method);
      const ts = await post(ours.http, path, body, method);
      assert.deepEqual(wire(ts), wire(go));
    });
  }

  it('answers a decode error with 500 and {"error":…} as Go kit does (texts may differ)', async () => {
    for (const body of ['{"a":"1"}', '{"a":1.5}', '{"a":99999999999999999999}', '[1]', '{x']) {
      const go = await post(peer.addrs[0] as string, '/sum', body);
      const ts = await post(ours.http, '/sum', body);
      assert.equal(ts.statusLine, go.statusLine, body);
      assert.equal(ts.headers['content-type'], go.headers['content-type'], body);
      assert.match(ts.body, /^\{"error":"[^"]+"\}\n$/, body);
      assert.match(go.body, /^\{"error":"[^"]+"\}\n$/, body);
    }
  });

  it('answers the rate limit alike', async () => {
    const limited = await startGoKitPeer('addsvc', {
      args: ([h]) => [`-http-addr=127.0.0.1:${h}`],
    });
    const mine = await startAddsvc();
    try {
      for (const address of [limited.addrs[0] as string, mine.http]) {
        await post(address, '/sum', '{"a":1,"b":2}');
      }
      const go = await post(limited.addrs[0] as string, '/sum', '{"a":1,"b":2}');
      const ts = await post(mine.http, '/sum', '{"a":1,"b":2}');
      assert.deepEqual(wire(ts), wire(go));
      assert.equal(go.body, '{"error":"rate limit exceeded"}\n');
    } finally {
      await limited.stop();
      await mine.stop();
    }
  });

  it("svckit's HTTP client reads the Go server", async () => {
    const svc = setService(newHTTPClient(peer.addrs[0] as string));
    assert.equal(await svc.sum(background(), 2n ** 60n, -1n), 2n ** 60n - 1n);
    assert.equal(await svc.concat(background(), '<a>', 'é'), '<a>é');
    await assert.rejects(svc.sum(background(), 0n, 0n), { message: '400 Bad Request' });
  });

  it('a chunked request, as a Go client sends it', async () => {
    const request =
      'POST /sum HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\ne\r\n{"A":1,"B":2}\n\r\n0\r\n\r\n';
    assert.deepEqual(
      wire(await raw(ours.http, request)),
      wire(await raw(peer.addrs[0] as string, request)),
    );
  });
});

/** addcliCases are command lines with what Go kit's addcli prints for them. */
const addcliCases: [string[], number, string][] = [
  [['1', '2'], 0, '1 + 2 = 3\n'],
  [['1152921504606846976', '-1'], 0, '1152921504606846976 + -1 = 1152921504606846975\n'],
  [['x', '5'], 0, '0 + 5 = 5\n'],
  [['-method', 'concat', 'ab', 'cd'], 0, '"ab" + "cd" = "abcd"\n'],
  [['-method', 'concat', 'é', 'x"y\t'], 0, '"é" + "x\\"y\\t" = "éx\\"y\\t"\n'],
];

describe('Go kit addcli -> svckit addsvc', { skip: goKitSkip() }, () => {
  let ours: Running;
  before(async () => {
    ours = await startAddsvc(['-ratelimit=false']);
  });
  after(() => ours.stop());

  const addcli = async (args: string[]) => {
    const run = await runGoKitPeer('addcli', args);
    return [run.code, `${run.stdout}${run.stderr}`];
  };

  for (const transport of ['http', 'grpc'] as const) {
    it(`over ${transport}: results`, async () => {
      const flag = `-${transport}-addr=${transport === 'http' ? ours.http : ours.grpc}`;
      for (const [args, code, out] of addcliCases) {
        assert.deepEqual(await addcli([flag, ...args]), [code, out], args.join(' '));
      }
    });
  }

  it('over HTTP: a business error is the status line', async () => {
    assert.deepEqual(await addcli([`-http-addr=${ours.http}`, '0', '0']), [
      1,
      'error: 400 Bad Request\n',
    ]);
    assert.deepEqual(await addcli([`-http-addr=${ours.http}`, '-method', 'concat', 'ééééé', 'x']), [
      1,
      'error: 400 Bad Request\n',
    ]);
  });

  it('over gRPC: a business error is its text, in-band', async () => {
    assert.deepEqual(await addcli([`-grpc-addr=${ours.grpc}`, '0', '0']), [
      1,
      "error: can't sum two zeroes\n",
    ]);
    assert.deepEqual(await addcli([`-grpc-addr=${ours.grpc}`, '2147483647', '1']), [
      1,
      'error: integer overflow\n',
    ]);
    assert.deepEqual(await addcli([`-grpc-addr=${ours.grpc}`, '-method', 'concat', 'ééééé', 'x']), [
      1,
      'error: result exceeds maximum size\n',
    ]);
  });

  it('over both: an endpoint error as Go kit reports it (the breaker opened by the limiter)', async () => {
    const limited = await startAddsvc();
    try {
      // Trip Sum's breaker with quick calls over the limit: it then refuses every call for
      // 60 s, so what addcli sees does not depend on timing.
      await tripSum(limited.http);
      assert.deepEqual(await addcli([`-grpc-addr=${limited.grpc}`, '1', '2']), [
        1,
        'error: rpc error: code = Unknown desc = circuit breaker is open\n',
      ]);
      assert.deepEqual(await addcli([`-http-addr=${limited.http}`, '1', '2']), [
        1,
        'error: 500 Internal Server Error\n',
      ]);
      // Concat has its own breaker and a burst of 100.
      assert.deepEqual(
        await addcli([`-grpc-addr=${limited.grpc}`, '-method', 'concat', 'a', 'b']),
        [0, '"a" + "b" = "ab"\n'],
      );
    } finally {
      await limited.stop();
    }
  });
});

/**
 * tripSum calls /sum at address until its breaker is open (the limiter refuses all but one
 * call a second; six refusals in a row open the breaker for 60 s).
 */
async function tripSum(address: string): Promise<void> {
  for (let i = 0; i < 50; i++) {
    const res = await post(address, '/sum', '{"a":1,"b":2}');
    if (res.body === '{"error":"circuit breaker is open"}\n') return;
  }
  throw new Error(`the Sum breaker of ${address} did not open`);
}

describe('svckit gRPC client -> Go kit addsvc', { skip: goKitSkip() }, () => {
  let peer: GoKitPeer;
  before(async () => {
    peer = await startGoKitPeer('addsvc', {
      args: ([g]) => [`-grpc-addr=127.0.0.1:${g}`, '-limit=false'],
    });
  });
  after(() => peer.stop());

  it('sums beyond 2^53 exactly, concatenates, reads business errors in-band', async (t) => {
    const conn = dial(peer.addrs[0] as string);
    t.after(() => conn.close());
    const svc = setService(newGRPCClient(conn));
    assert.equal(await svc.sum(background(), 2n ** 62n, -1n), 2n ** 62n - 1n);
    assert.equal(await svc.sum(background(), -(2n ** 63n), 5n), -(2n ** 63n) + 5n);
    assert.equal(await svc.concat(background(), 'é', 'x"y'), 'éx"y');
    await assert.rejects(svc.sum(background(), 0n, 0n), (err) => err === errTwoZeroes);
    await assert.rejects(svc.sum(background(), 2147483647n, 1n), (err) => err === errIntOverflow);
    await assert.rejects(svc.concat(background(), 'ééééé', 'x'), {
      message: 'result exceeds maximum size',
    });
  });

  it('reads an endpoint error as UNKNOWN with its text', async (t) => {
    const limited = await startGoKitPeer('addsvc', {
      args: ([g]) => [`-grpc-addr=127.0.0.1:${g}`],
    });
    t.after(() => limited.stop());
    const conn = dial(limited.addrs[0] as string);
    t.after(() => conn.close());
    const svc = setService(newGRPCClient(conn));
    const outcomes = await Promise.allSettled(
      [1n, 2n, 3n].map((a) => svc.sum(background(), a, 1n)),
    );
    const refused = outcomes.filter((o) => o.status === 'rejected');
    assert.ok(refused.length >= 2, JSON.stringify(outcomes.map((o) => o.status)));
    for (const o of refused) {
      assert.equal(
        grpcErrorText((o as PromiseRejectedResult).reason),
        'rpc error: code = Unknown desc = rate limit exceeded',
      );
    }
  });
});

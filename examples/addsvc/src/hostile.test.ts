// Hostile input against addsvc's decoders and servers: sizes, framing, bad JSON, numbers that
// do not fit, deep nesting, bad UTF-8, and over gRPC undecodable and oversized messages. Each
// gets a clear error, fast, and the server keeps serving.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Client, Metadata, credentials } from '@grpc/grpc-js';
import type { ServiceError as GrpcError } from '@grpc/grpc-js';
import { background } from '@svckit/core/context';
import { dial } from '@svckit/grpc';
import { setService } from './addendpoint/set.js';
import { newGRPCClient } from './addtransport/grpc.js';
import { maxDepth, parseFirst } from './addtransport/go-json.js';
import { post, raw, startAddsvc } from './addsvc.test.helper.js';
import type { Running } from './addsvc.test.helper.js';

describe('hostile HTTP input', () => {
  let run: Running;
  before(async () => {
    run = await startAddsvc(['-ratelimit=false']);
  });
  after(() => run.stop());

  const stillServing = async (): Promise<void> => {
    assert.equal((await post(run.http, '/sum', '{"a":1,"b":2}')).body, '{"v":3}\n');
  };

  it('refuses a body over 1 MiB with 413, and keeps serving', async () => {
    const big = `{"a":"${'x'.repeat(1024 * 1024)}","b":""}`;
    const res = await post(run.http, '/concat', big);
    assert.equal(res.status, 413);
    assert.equal(res.body, '{"error":"request body larger than the limit of 1048576 bytes"}\n');
    await stillServing();
  });

  it('refuses a declared Content-Length over the limit before reading it', async () => {
    const res = await raw(
      run.http,
      'POST /sum HTTP/1.1\r\nHost: x\r\nContent-Length: 10000000000\r\n\r\n{"a":1',
    );
    assert.equal(res.status, 413);
    await stillServing();
  });

  it('answers a body cut short with 500 unexpected EOF', async () => {
    for (const body of ['{"a":1', '{"a":"abc', '[', '{"a":1,']) {
      const res = await post(run.http, '/sum', body);
      assert.equal(res.status, 500, body);
      assert.equal(res.body, '{"error":"unexpected EOF"}\n', body);
    }
  });

  const decodeErrors: [string, string, string][] = [
    [
      '/sum',
      '{"a":9223372036854775808,"b":1}',
      'json: cannot unmarshal number 9223372036854775808 into Go struct field SumRequest.A of type int',
    ],
    [
      '/sum',
      '{"a":-9223372036854775809}',
      'json: cannot unmarshal number -9223372036854775809 into Go struct field SumRequest.A of type int',
    ],
    [
      '/sum',
      '{"a":1.5}',
      'json: cannot unmarshal number 1.5 into Go struct field SumRequest.A of type int',
    ],
    [
      '/sum',
      '{"b":1e3}',
      'json: cannot unmarshal number 1e3 into Go struct field SumRequest.B of type int',
    ],
    [
      '/sum',
      '{"a":true}',
      'json: cannot unmarshal bool into Go struct field SumRequest.A of type int',
    ],
    [
      '/sum',
      '{"a":{}}',
      'json: cannot unmarshal object into Go struct field SumRequest.A of type int',
    ],
    ['/sum', '"x"', 'json: cannot unmarshal string into Go value of type addendpoint.SumRequest'],
    ['/sum', '{"a":01}', "invalid character '1' after object key:value pair"],
    ['/sum', '{a:1}', "invalid character 'a' looking for beginning of object key string"],
    ['/sum', 'nul', 'unexpected EOF'],
    ['/sum', 'nulx', "invalid character 'x' in literal null"],
    ['/concat', '{"a":"\u0001"}', "invalid character '\\x01' in string literal"],
    ['/concat', '{"a":"\\q"}', "invalid character 'q' in string escape code"],
    ['/concat', '{"a":"\\u12x4"}', "invalid character 'x' in \\u hexadecimal character escape"],
  ];
  for (const [path, body, text] of decodeErrors) {
    it(`answers ${body.slice(0, 40)} with 500 and a clear text`, async () => {
      const res = await post(run.http, path, body);
      assert.equal(res.status, 500);
      assert.equal(res.body, `${JSON.stringify({ error: text })}\n`.replace(/</g, '\\u003c'));
    });
  }

  it('keeps int64 exact: 2^63-1 and -2^63 within the int32 check', async () => {
    const big = await post(run.http, '/sum', '{"a":9223372036854775807,"b":-1}');
    assert.equal(big.body, '{"v":9223372036854775806}\n');
    const small = await post(run.http, '/sum', '{"a":-9223372036854775808,"b":1}');
    assert.equal(small.body, '{"v":-9223372036854775807}\n');
    const over = await post(run.http, '/sum', '{"a":9223372036854775807,"b":1}');
    assert.equal(over.body, '{"error":"integer overflow"}\n');
  });

  it('answers a million digits or a huge exponent fast', async () => {
    const begin = performance.now();
    const digits = await post(run.http, '/sum', `{"a":${'9'.repeat(1_000_000)}}`);
    assert.equal(digits.status, 500);
    assert.match(digits.body, /^\{"error":"json: cannot unmarshal number 9{20,}/);
    assert.equal((await post(run.http, '/sum', '{"a":1e999999999}')).status, 500);
    assert.ok(performance.now() - begin < 3000, `${performance.now() - begin} ms`);
    await stillServing();
  });

  it(`refuses nesting deeper than ${maxDepth}, without a stack overflow`, async () => {
    const deep = await post(run.http, '/sum', `{"x":${'['.repeat(500_000)}`);
    assert.equal(deep.status, 500);
    assert.equal(deep.body, `{"error":"exceeded max depth of ${maxDepth}"}\n`);
    const fine = await post(run.http, '/sum', `{"x":${'['.repeat(100)}${']'.repeat(100)},"a":1}`);
    assert.equal(fine.body, '{"v":1}\n');
  });

  it('reads bad UTF-8 and lone surrogates as Go does: U+FFFD, counted as 3 bytes', async () => {
    const bytes = Buffer.concat([
      Buffer.from('{"a":"'),
      Buffer.from([0xff]),
      Buffer.from('x","b":"\\ud800"}'),
    ]);
    const res = await raw(
      run.http,
      Buffer.concat([
        Buffer.from(
          `POST /concat HTTP/1.1\r\nHost: x\r\nContent-Length: ${bytes.length}\r\nConnection: close\r\n\r\n`,
        ),
        bytes,
      ]),
    );
    assert.equal(res.body, '{"v":"\ufffdx\ufffd"}\n');
    // 4 × U+FFFD = 12 bytes: over the 10-byte limit.
    assert.equal(
      (await post(run.http, '/concat', '{"a":"\\udc00\\udc00","b":"\\ud800\\ud800"}')).status,
      400,
    );
  });

  it('ignores what follows the first value, unknown keys and __proto__; the last key wins', async () => {
    assert.equal((await post(run.http, '/sum', '{"a":1,"b":2}{"a":')).body, '{"v":3}\n');
    assert.equal(
      (await post(run.http, '/sum', '{"a":1,"A":5,"b":1,"c":[1,{"d":null}]}')).body,
      '{"v":6}\n',
    );
    const proto = await post(run.http, '/sum', '{"__proto__":{"a":1},"constructor":1,"a":2}');
    assert.equal(proto.body, '{"v":2}\n');
    assert.equal(({} as Record<string, unknown>)['a'], undefined);
  });

  it('parses what JSON.parse parses, numbers kept as text', () => {
    const samples = [
      '{"a":[1,-2.5e3,true,false,null,"\\u00e9\\"\\/"],"b":{}}',
      ' [ ] ',
      '"x"',
      '-0',
    ];
    for (const s of samples) {
      const strip = (v: unknown): unknown =>
        v !== null && typeof v === 'object' && 'text' in v
          ? Number((v as { text: string }).text)
          : Array.isArray(v)
            ? v.map(strip)
            : v !== null && typeof v === 'object'
              ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, strip(x)]))
              : v;
      assert.deepEqual(strip(parseFirst(s)), JSON.parse(s), s);
    }
  });
});

describe('hostile gRPC input', () => {
  let run: Running;
  let conn: Client;
  before(async () => {
    run = await startAddsvc(['-ratelimit=false']);
    conn = new Client(run.grpc, credentials.createInsecure());
  });
  after(async () => {
    conn.close();
    await run.stop();
  });

  const call = (path: string, bytes: Buffer): Promise<{ err: GrpcError | null; value?: Buffer }> =>
    new Promise((resolve) => {
      conn.makeUnaryRequest(
        path,
        (b: Buffer) => b,
        (b: Buffer) => b,
        bytes,
        new Metadata(),
        {},
        (err, value) => resolve(value === undefined ? { err } : { err, value }),
      );
    });

  it('answers a message that does not decode with INVALID_ARGUMENT, and keeps serving', async () => {
    const bad = await call('/pb.Add/Sum', Buffer.from([0x08, 0xff, 0xff]));
    assert.equal(bad.err?.code, 3);
    assert.match(bad.err?.details ?? '', /malformed message: not a pb\.SumRequest/);
    // field 1 varint 1, field 2 varint 2: a SumRequest{a:1, b:2}
    const good = await call('/pb.Add/Sum', Buffer.from([0x08, 0x01, 0x10, 0x02]));
    assert.equal(good.err, null);
    assert.deepEqual([...(good.value ?? [])], [0x08, 0x03]); // SumReply{v:3}
  });

  it('answers an unknown method with UNIMPLEMENTED', async () => {
    const res = await call('/pb.Add/Multiply', Buffer.alloc(0));
    assert.equal(res.err?.code, 12);
  });

  it('refuses a message over the 4 MiB default with RESOURCE_EXHAUSTED', async () => {
    const a = Buffer.alloc(5 * 1024 * 1024, 0x61);
    const header = Buffer.from([0x0a, ...varint(a.length)]);
    const res = await call('/pb.Add/Concat', Buffer.concat([header, a]));
    assert.equal(res.err?.code, 8);
    const ok = await call('/pb.Add/Sum', Buffer.from([0x08, 0x01]));
    assert.equal(ok.err, null);
  });

  it('round-trips int64 beyond 2^53 exactly, both ends of the range', async (t) => {
    const ch = dial(run.grpc);
    t.after(() => ch.close());
    const svc = setService(newGRPCClient(ch));
    assert.equal(await svc.sum(background(), 2n ** 62n + 1n, -2n), 2n ** 62n - 1n);
    assert.equal(await svc.sum(background(), 2n ** 63n - 1n, -1n), 2n ** 63n - 2n);
    assert.equal(await svc.sum(background(), -(2n ** 63n), 1n), -(2n ** 63n) + 1n);
    await assert.rejects(svc.sum(background(), 2n ** 63n - 1n, 1n), {
      message: 'integer overflow',
    });
  });
});

function varint(n: number): number[] {
  const out: number[] = [];
  while (n > 0x7f) {
    out.push((n & 0x7f) | 0x80);
    n >>>= 7;
  }
  out.push(n);
  return out;
}

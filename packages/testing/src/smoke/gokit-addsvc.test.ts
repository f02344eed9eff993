import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { connect as amqpConnect } from 'amqplib';
import { StringCodec, connect as natsConnect } from 'nats';
import { goKitSkip, runGoKitPeer, startGoKitPeer } from '../gokit.js';
import type { GoKitPeer, GoKitRun } from '../gokit.js';
import { requireService } from '../services.js';

// Go kit's addsvc and addcli (packages/testing/gokit/), each against the other on every
// transport, with the wire pinned where examples-protocol.md §2 and §3 pin it.

/** addcli runs the Go client and returns what it printed, with its exit status. */
async function addcli(args: readonly string[]): Promise<{ code: number | null; out: string }> {
  const run: GoKitRun = await runGoKitPeer('addcli', args);
  return { code: run.code, out: `${run.stdout}${run.stderr}` };
}

interface Reply {
  readonly status: number;
  readonly type: string | null;
  readonly body: string;
}

async function post(url: string, body: string, method = 'POST'): Promise<Reply> {
  const res = await fetch(url, { method, body });
  return { status: res.status, type: res.headers.get('content-type'), body: await res.text() };
}

const httpTransports = ['http-addr', 'grpc-addr', 'jsonrpc-addr'] as const;

describe('Go kit addsvc <-> addcli over HTTP, gRPC and JSON-RPC', { skip: goKitSkip() }, () => {
  let svc: GoKitPeer;
  const flag: Record<(typeof httpTransports)[number], string> = {
    'http-addr': '',
    'grpc-addr': '',
    'jsonrpc-addr': '',
  };
  before(async () => {
    svc = await startGoKitPeer('addsvc', {
      ports: 3,
      args: ([h, g, j]) => [
        `-http-addr=127.0.0.1:${h}`,
        `-grpc-addr=127.0.0.1:${g}`,
        `-jsonrpc-addr=127.0.0.1:${j}`,
        '-limit=false',
      ],
    });
    [flag['http-addr'], flag['grpc-addr'], flag['jsonrpc-addr']] = svc.addrs as [
      string,
      string,
      string,
    ];
  });
  after(() => svc.stop());

  it('sum and concat print as Go kit addcli prints them, on every transport', async () => {
    for (const t of httpTransports) {
      const addr = `-${t}=${flag[t]}`;
      assert.deepEqual(await addcli([addr, '1', '2']), { code: 0, out: '1 + 2 = 3\n' }, t);
      assert.deepEqual(await addcli([addr, '2147483646', '1']), {
        code: 0,
        out: '2147483646 + 1 = 2147483647\n',
      });
      assert.deepEqual(
        await addcli([addr, '-method', 'concat', 'é', 'x"y']),
        { code: 0, out: '"é" + "x\\"y" = "éx\\"y"\n' },
        t,
      );
    }
  });

  it('business errors: the HTTP status line, the gRPC err text, nothing over JSON-RPC (§2.7)', async () => {
    const cases: [string, string[], { code: number; out: string }][] = [
      ['http-addr', ['0', '0'], { code: 1, out: 'error: 400 Bad Request\n' }],
      ['grpc-addr', ['0', '0'], { code: 1, out: "error: can't sum two zeroes\n" }],
      ['jsonrpc-addr', ['0', '0'], { code: 0, out: '0 + 0 = 0\n' }],
      ['http-addr', ['2147483647', '1'], { code: 1, out: 'error: 400 Bad Request\n' }],
      ['grpc-addr', ['2147483647', '1'], { code: 1, out: 'error: integer overflow\n' }],
      ['jsonrpc-addr', ['2147483647', '1'], { code: 0, out: '2147483647 + 1 = 0\n' }],
      [
        'grpc-addr',
        ['-method', 'concat', 'ééééé', 'x'],
        {
          code: 1,
          out: 'error: result exceeds maximum size\n',
        },
      ],
      [
        'jsonrpc-addr',
        ['-method', 'concat', '123456', '78901'],
        {
          code: 0,
          out: '"123456" + "78901" = ""\n',
        },
      ],
    ];
    for (const [t, args, want] of cases) {
      assert.deepEqual(await addcli([`-${t}=${flag[t as keyof typeof flag]}`, ...args]), want);
    }
  });

  it('HTTP wire (§2.3): bodies, statuses and sniffed Content-Types', async () => {
    const base = `http://${flag['http-addr']}`;
    assert.deepEqual(await post(`${base}/sum`, '{"a":1,"b":2}'), {
      status: 200,
      type: 'application/json; charset=utf-8',
      body: '{"v":3}\n',
    });
    assert.deepEqual(await post(`${base}/concat`, '{"A":"<a","B":"&"}', 'PUT'), {
      status: 200,
      type: 'application/json; charset=utf-8',
      body: '{"v":"\\u003ca\\u0026"}\n',
    });
    assert.deepEqual(await post(`${base}/sum`, '{"A":0,"B":0}'), {
      status: 400,
      type: 'text/plain; charset=utf-8',
      body: '{"error":"can\'t sum two zeroes"}\n',
    });
    assert.deepEqual(await post(`${base}/sum`, ''), {
      status: 500,
      type: 'text/plain; charset=utf-8',
      body: '{"error":"EOF"}\n',
    });
    assert.deepEqual(await post(`${base}/sum`, '{"a":"x"}'), {
      status: 500,
      type: 'text/plain; charset=utf-8',
      body: '{"error":"json: cannot unmarshal string into Go struct field SumRequest.A of type int"}\n',
    });
    assert.equal((await post(`${base}/sum/`, '{}')).body, '404 page not found\n');
  });

  it('JSON-RPC wire (§2.5): result, id echo, error objects with id null, POST only', async () => {
    const url = `http://${flag['jsonrpc-addr']}/any/path`;
    const rpc = (body: string): Promise<Reply> => post(url, body);
    assert.deepEqual(await rpc('{"jsonrpc":"2.0","method":"sum","params":{"A":1,"B":2},"id":7}'), {
      status: 200,
      type: 'application/json; charset=utf-8',
      body: '{"jsonrpc":"2.0","result":{"v":3},"id":7}\n',
    });
    assert.equal(
      (await rpc('{"method":"sum","params":{"a":0,"b":0},"id":"x"}')).body,
      '{"jsonrpc":"2.0","result":{"v":0},"id":"x"}\n',
    );
    assert.equal(
      (await rpc('{"method":"nope","params":{},"id":1}')).body,
      '{"jsonrpc":"2.0","error":{"code":-32601,"message":"Method nope was not found."},"id":null}\n',
    );
    assert.equal(
      (await rpc('{"method":"sum","params":[1,2],"id":1}')).body,
      '{"jsonrpc":"2.0","error":{"code":-32000,"message":"couldn\'t unmarshal body to sum request: ' +
        'json: cannot unmarshal array into Go value of type addendpoint.SumRequest"},"id":null}\n',
    );
    assert.deepEqual(await post(url, '{}', 'PUT'), {
      status: 405,
      type: 'text/plain; charset=utf-8',
      body: '405 must POST\n',
    });
  });
});

describe(
  'Go kit addsvc: the example rate limiter and breaker (limits on)',
  { skip: goKitSkip() },
  () => {
    it("Sum allows 1/s: concurrent calls beyond it are refused, in each transport's form", async (t) => {
      const svc = await startGoKitPeer('addsvc', {
        ports: 3,
        args: ([h, g, j]) => [
          `-http-addr=127.0.0.1:${h}`,
          `-grpc-addr=127.0.0.1:${g}`,
          `-jsonrpc-addr=127.0.0.1:${j}`,
        ],
      });
      t.after(() => svc.stop());
      const [h, g, j] = svc.addrs as [string, string, string];
      const refusals: [string, () => Promise<string>, string][] = [
        [
          'HTTP',
          async () => (await post(`http://${h}/sum`, '{"a":1,"b":2}')).body,
          '{"error":"rate limit exceeded"}\n',
        ],
        [
          'gRPC',
          async () => (await addcli([`-grpc-addr=${g}`, '1', '2'])).out,
          'error: rpc error: code = Unknown desc = rate limit exceeded\n',
        ],
        [
          'JSON-RPC',
          async () =>
            (await post(`http://${j}/`, '{"method":"sum","params":{"A":1,"B":2},"id":1}')).body,
          '{"jsonrpc":"2.0","error":{"code":-32603,"message":"rate limit exceeded"},"id":null}\n',
        ],
      ];
      for (const [name, call, refused] of refusals) {
        // The bucket holds one token at most: after a second it has one again, whatever the load.
        await sleep(1100);
        const outs = await Promise.all([call(), call(), call()]);
        assert.ok(
          outs.some((o) => o !== refused),
          `${name}: one call has the token: ${outs.join('|')}`,
        );
        assert.ok(
          outs.some((o) => o === refused),
          `${name}: the others are refused: ${outs.join('|')}`,
        );
      }
    });

    it('more than 5 consecutive failures open the breaker: "circuit breaker is open"', async (t) => {
      const svc = await startGoKitPeer('addsvc', { args: ([h]) => [`-http-addr=127.0.0.1:${h}`] });
      t.after(() => svc.stop());
      const bodies: string[] = [];
      for (let i = 0; i < 50 && !bodies.includes('{"error":"circuit breaker is open"}\n'); i++) {
        bodies.push((await post(`http://${svc.addrs[0]}/sum`, '{"a":1,"b":2}')).body);
      }
      const opened = bodies.indexOf('{"error":"circuit breaker is open"}\n');
      assert.ok(opened >= 6, bodies.join(''));
      assert.deepEqual(
        bodies.slice(opened - 6, opened),
        Array.from({ length: 6 }, () => '{"error":"rate limit exceeded"}\n'),
      );
      // Open for gobreaker's 60 s: even with a token again, the call is refused.
      await sleep(1100);
      assert.equal(
        (await post(`http://${svc.addrs[0]}/sum`, '{"a":1,"b":2}')).body,
        '{"error":"circuit breaker is open"}\n',
      );
    });
  },
);

describe(
  'Go kit addsvc <-> addcli over NATS (svckit convention, §3)',
  { skip: goKitSkip() },
  () => {
    it('addcli and raw requests get the convention replies; nobody listening fails fast', async (t) => {
      const url = requireService(t, 'nats');
      if (url === undefined) return;
      const prefix = `addsvc-${randomUUID()}`;
      const svc = await startGoKitPeer('addsvc', {
        ports: 0,
        args: () => [`-nats-url=${url}`, `-msg-prefix=${prefix}`, '-limit=false'],
        ready: /transport=NATS addr=/,
      });
      t.after(() => svc.stop());
      const cli = (...args: string[]) =>
        addcli([`-nats-url=${url}`, `-msg-prefix=${prefix}`, ...args]);
      assert.deepEqual(await cli('1', '2'), { code: 0, out: '1 + 2 = 3\n' });
      assert.deepEqual(await cli('0', '0'), { code: 1, out: "error: can't sum two zeroes\n" });
      assert.deepEqual(await cli('-method', 'concat', 'ab', 'cd'), {
        code: 0,
        out: '"ab" + "cd" = "abcd"\n',
      });
      assert.deepEqual(
        await addcli([`-nats-url=${url}`, `-msg-prefix=${prefix}-nobody`, '1', '2']),
        {
          code: 1,
          out: 'error: nats: no responders available for request\n',
        },
      );

      const nc = await natsConnect({ servers: url, timeout: 5000 });
      t.after(() => nc.close());
      const sc = StringCodec();
      const ask = async (subject: string, body: string): Promise<string> => {
        const msg = await nc.request(`${prefix}.${subject}`, sc.encode(body), { timeout: 5000 });
        assert.equal(msg.headers, undefined, 'no NATS headers');
        return sc.decode(msg.data);
      };
      assert.equal(await ask('sum', '{"a":1,"b":2}'), '{"v":3}');
      assert.equal(await ask('sum', '{"A":0,"B":0}'), '{"v":0,"err":"can\'t sum two zeroes"}');
      assert.equal(await ask('concat', '{"a":"x","b":"y"}'), '{"v":"xy"}');
      assert.equal(
        await ask('concat', '{"a":"123456","b":"78901"}'),
        '{"v":"","err":"result exceeds maximum size"}',
      );
      assert.equal(
        await ask('sum', 'nope'),
        '{"err":"invalid character \'o\' in literal null (expecting \'u\')"}',
      );
      assert.equal(
        await ask('sum', '{"a":1} x'),
        '{"err":"invalid character \'x\' after top-level value"}',
      );
    });
  },
);

describe(
  'Go kit addsvc <-> addcli over AMQP (svckit convention, §3)',
  { skip: goKitSkip() },
  () => {
    it('addcli and raw RPCs: replies echo the CorrelationId, application/json, {"err"} on failure', async (t) => {
      const url = requireService(t, 'amqp');
      if (url === undefined) return;
      const prefix = `addsvc-${randomUUID()}`;
      const svc = await startGoKitPeer('addsvc', {
        ports: 0,
        args: () => [`-amqp-url=${url}`, `-msg-prefix=${prefix}`, '-limit=false'],
        ready: /transport=AMQP addr=/,
      });
      t.after(() => svc.stop());
      const conn = await amqpConnect(url);
      t.after(async () => {
        // The server's queues are not auto-delete: remove them, then close.
        const ch = await conn.createChannel();
        await ch.deleteQueue(`${prefix}.sum`);
        await ch.deleteQueue(`${prefix}.concat`);
        await conn.close();
      });

      const cli = (...args: string[]) =>
        addcli([`-amqp-url=${url}`, `-msg-prefix=${prefix}`, ...args]);
      assert.deepEqual(await cli('1', '2'), { code: 0, out: '1 + 2 = 3\n' });
      assert.deepEqual(await cli('2147483647', '1'), { code: 1, out: 'error: integer overflow\n' });
      assert.deepEqual(await cli('-method', 'concat', 'ab', 'cd'), {
        code: 0,
        out: '"ab" + "cd" = "abcd"\n',
      });

      // The server declared its queues not durable, not exclusive, not auto-delete: declaring them
      // again with those arguments succeeds (other arguments would be PRECONDITION_FAILED).
      const check = await conn.createChannel();
      await check.assertQueue(`${prefix}.sum`, {
        durable: false,
        exclusive: false,
        autoDelete: false,
      });
      await check.close();

      const ch = await conn.createChannel();
      const { queue } = await ch.assertQueue('', { exclusive: true, autoDelete: true });
      const replies = new Map<string, { body: string; contentType: unknown }>();
      await ch.consume(
        queue,
        (msg) => {
          if (msg === null) return;
          replies.set(String(msg.properties.correlationId), {
            body: msg.content.toString('utf8'),
            contentType: msg.properties.contentType,
          });
        },
        { noAck: true },
      );
      const rpc = async (key: string, body: string): Promise<string> => {
        const correlationId = randomUUID();
        ch.publish('', `${prefix}.${key}`, Buffer.from(body), {
          replyTo: queue,
          correlationId,
          contentType: 'application/json',
        });
        const deadline = Date.now() + 5000;
        while (!replies.has(correlationId) && Date.now() < deadline) await sleep(10);
        const reply = replies.get(correlationId);
        assert.ok(reply !== undefined, `a reply to ${body}`);
        assert.equal(reply.contentType, 'application/json');
        return reply.body;
      };
      assert.equal(await rpc('sum', '{"a":1,"b":2}'), '{"v":3}');
      assert.equal(await rpc('sum', '{"a":0,"b":0}'), '{"v":0,"err":"can\'t sum two zeroes"}');
      assert.equal(await rpc('concat', '{"A":"x","B":"y"}'), '{"v":"xy"}');
      assert.equal(
        await rpc('sum', '{"a":"x"}'),
        '{"err":"json: cannot unmarshal string into Go struct field msgSumRequest.a of type int"}',
      );
    });
  },
);

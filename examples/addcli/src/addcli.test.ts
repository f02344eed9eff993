// addcli prints what Go kit's addcli prints: against svckit's addsvc and against the real Go
// kit addsvc, over HTTP and gRPC, the same command lines give the same output and exit status
// as the Go kit addcli (packages/testing/gokit) gives.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createServer as createNetServer } from 'node:net';
import type { AddressInfo, Socket } from 'node:net';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { newAddsvc, parseFlags, addsvcFlags } from '@svckit/example-addsvc';
import type { Addsvc } from '@svckit/example-addsvc';
import { nopLogger } from '@svckit/core/log';
import { goKitSkip, runGoKitPeer, startGoKitPeer } from '@svckit/testing';
import type { GoKitPeer } from '@svckit/testing';
import { parseInt64, run } from './addcli.js';

type Outcome = [code: number | null, stdout: string, stderr: string];

async function ours(args: readonly string[]): Promise<Outcome> {
  let stdout = '';
  let stderr = '';
  const code = await run(args, {
    stdout: { write: (s: string) => (stdout += s) },
    stderr: { write: (s: string) => (stderr += s) },
  });
  return [code, stdout, stderr];
}

async function goKit(args: readonly string[]): Promise<Outcome> {
  const r = await runGoKitPeer('addcli', args);
  return [r.code, r.stdout, r.stderr];
}

/** startOurs runs svckit's addsvc in-process on free ports. */
async function startOurs(extra: readonly string[] = []) {
  const flags = parseFlags(addsvcFlags, [
    '-http-addr=127.0.0.1:0',
    '-grpc-addr=127.0.0.1:0',
    '-debug.addr=',
    '-jsonrpc-addr=',
    ...extra,
  ]).values;
  const svc: Addsvc = newAddsvc(flags, { logger: nopLogger, signals: [] });
  let started!: () => void;
  const up = new Promise<void>((r) => (started = r));
  const exit = svc.run(started);
  await up;
  return {
    http: svc.addresses.get('HTTP') ?? '',
    grpc: svc.addresses.get('gRPC') ?? '',
    stop: async () => {
      svc.stop();
      await exit;
    },
  };
}

const results: [string[], Outcome][] = [
  [
    ['1', '2'],
    [0, '1 + 2 = 3\n', ''],
  ],
  [
    ['+7', '-3'],
    [0, '7 + -3 = 4\n', ''],
  ],
  [
    ['x', '5'],
    [0, '0 + 5 = 5\n', ''],
  ],
  [
    ['1152921504606846976', '-1'],
    [0, '1152921504606846976 + -1 = 1152921504606846975\n', ''],
  ],
  [
    ['-method', 'concat', 'ab', 'cd'],
    [0, '"ab" + "cd" = "abcd"\n', ''],
  ],
  [
    ['-method=concat', 'é', 'x"y\n'],
    [0, '"é" + "x\\"y\\n" = "éx\\"y\\n"\n', ''],
  ],
  [
    ['-method', 'concat', '', ''],
    [0, '"" + "" = ""\n', ''],
  ],
];

describe('addcli -> svckit addsvc', () => {
  let svc: Awaited<ReturnType<typeof startOurs>>;
  before(async () => {
    svc = await startOurs(['-ratelimit=false']);
  });
  after(() => svc.stop());

  for (const transport of ['http', 'grpc'] as const) {
    it(`over ${transport}: prints the result as Go's fmt does`, async () => {
      const flag = `-${transport}-addr=${svc[transport]}`;
      for (const [args, want] of results)
        assert.deepEqual(await ours([flag, ...args]), want, args.join(' '));
    });
  }

  it('over HTTP a business error is the status line; over gRPC its text', async () => {
    assert.deepEqual(await ours([`-http-addr=${svc.http}`, '0', '0']), [
      1,
      '',
      'error: 400 Bad Request\n',
    ]);
    assert.deepEqual(
      await ours([`--http-addr`, `http://${svc.http}`, '-method', 'concat', 'ééééé', 'x']),
      [1, '', 'error: 400 Bad Request\n'],
    );
    assert.deepEqual(await ours([`-grpc-addr=${svc.grpc}`, '0', '0']), [
      1,
      '',
      "error: can't sum two zeroes\n",
    ]);
    assert.deepEqual(await ours([`-grpc-addr=${svc.grpc}`, '2147483647', '1']), [
      1,
      '',
      'error: integer overflow\n',
    ]);
  });

  it('the first non-empty transport flag wins, in Go kit order', async () => {
    assert.deepEqual(await ours([`-grpc-addr=${svc.grpc}`, `-http-addr=${svc.http}`, '0', '0']), [
      1,
      '',
      'error: 400 Bad Request\n',
    ]);
    assert.deepEqual(await ours(['-http-addr=', `-grpc-addr=${svc.grpc}`, '0', '0']), [
      1,
      '',
      "error: can't sum two zeroes\n",
    ]);
  });

  it('an address that does not parse is an error, exit 1', async () => {
    assert.deepEqual(await ours(['-http-addr=http://[bad', '1', '2']), [
      1,
      '',
      'error: invalid address "http://[bad"\n',
    ]);
  });

  it('a server that is down is an error, exit 1', async () => {
    const down = await startOurs();
    await down.stop();
    const [code, stdout, stderr] = await ours([`-http-addr=${down.http}`, '1', '2']);
    assert.deepEqual([code, stdout], [1, '']);
    assert.match(stderr, /^error: .*ECONNREFUSED.*\n$/);
    const g = await ours([`-grpc-addr=${down.grpc}`, '1', '2']);
    assert.match(g[2], /^error: rpc error: code = Unavailable desc = /);
  });

  it('-timeout bounds the call', async () => {
    const [code, , stderr] = await ours([`-http-addr=${svc.http}`, '-timeout=1ns', '1', '2']);
    assert.equal(code, 1);
    assert.match(stderr, /^error: .*deadline/);
  });
});

describe('addcli against a misbehaving server', () => {
  it('a server that accepts and never answers: -timeout ends the call (HTTP and gRPC)', async (t) => {
    const sockets: Socket[] = [];
    const silent = createNetServer((s) => sockets.push(s));
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
    t.after(() => {
      for (const s of sockets) s.destroy();
      return new Promise<void>((r) => silent.close(() => r()));
    });
    const address = `127.0.0.1:${(silent.address() as AddressInfo).port}`;
    for (const flag of ['-http-addr', '-grpc-addr']) {
      const begin = performance.now();
      const [code, stdout, stderr] = await ours([`${flag}=${address}`, '-timeout=300ms', '1', '2']);
      assert.deepEqual([code, stdout], [1, ''], flag);
      assert.match(stderr, /^error: .*(deadline|Deadline)/, flag);
      assert.ok(performance.now() - begin < 3000, `${flag}: ${performance.now() - begin} ms`);
    }
  });

  it('a server answering garbage: a clear error, exit 1', async (t) => {
    const sockets: Socket[] = [];
    const garbage = createNetServer((s) => {
      sockets.push(s);
      s.end('HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\n{"v":');
    });
    await new Promise<void>((r) => garbage.listen(0, '127.0.0.1', r));
    t.after(() => {
      for (const s of sockets) s.destroy(); // the client's keep-alive pool holds its end
      return new Promise<void>((r) => garbage.close(() => r()));
    });
    const address = `127.0.0.1:${(garbage.address() as AddressInfo).port}`;
    assert.deepEqual(await ours([`-http-addr=${address}`, '1', '2']), [
      1,
      '',
      'error: unexpected EOF\n',
    ]);
  });
});

describe('addcli command line, as Go kit addcli', () => {
  it('usage and exit status 1 for a wrong number of arguments; 2 for a bad flag; 0 for -h', async () => {
    for (const args of [[], ['1'], ['1', '2', '3']]) {
      const [code, stdout, stderr] = await ours(['-http-addr=127.0.0.1:1', ...args]);
      assert.deepEqual([code, stdout], [1, '']);
      assert.match(stderr, /^USAGE\n {2}addcli \[flags\] <a> <b>\n\nFLAGS\n/);
    }
    const bad = await ours(['-nope', '1', '2']);
    assert.equal(bad[0], 2);
    assert.match(bad[2], /^flag provided but not defined: -nope\nUSAGE/);
    assert.equal((await ours(['-help']))[0], 0);
  });

  it('no transport, or an invalid method, as Go kit says it', async () => {
    assert.deepEqual(await ours(['1', '2']), [1, '', 'error: no remote address specified\n']);
    assert.deepEqual(await ours(['-http-addr=127.0.0.1:1', '-method', 'mul', '1', '2']), [
      1,
      '',
      'error: invalid method "mul"\n',
    ]);
  });

  it("parses integers as Go's ParseInt whose error addcli ignores", () => {
    assert.equal(parseInt64('42'), 42n);
    assert.equal(parseInt64('-0'), 0n);
    assert.equal(parseInt64('1e3'), 0n);
    assert.equal(parseInt64(' 1'), 0n);
    assert.equal(parseInt64('1_000'), 0n);
    assert.equal(parseInt64('99999999999999999999'), 2n ** 63n - 1n);
    assert.equal(parseInt64('-99999999999999999999'), -(2n ** 63n));
  });

  it('runs as a program: output and exit status', async () => {
    const main = fileURLToPath(new URL('./main.js', import.meta.url));
    const child = spawn(process.execPath, [main, '1', '2'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const code = await new Promise((r) => child.once('close', r));
    assert.deepEqual([code, stderr], [1, 'error: no remote address specified\n']);
  });
});

describe('addcli and Go kit addcli print alike', { skip: goKitSkip() }, () => {
  let goSvc: GoKitPeer;
  let mine: Awaited<ReturnType<typeof startOurs>>;
  before(async () => {
    goSvc = await startGoKitPeer('addsvc', {
      ports: 2,
      args: ([h, g]) => [`-http-addr=127.0.0.1:${h}`, `-grpc-addr=127.0.0.1:${g}`, '-limit=false'],
    });
    mine = await startOurs(['-ratelimit=false']);
  });
  after(async () => {
    await goSvc.stop();
    await mine.stop();
  });

  const lines: string[][] = [
    ...results.map(([args]) => args),
    ['0', '0'],
    ['2147483647', '1'],
    ['-method', 'concat', 'ééééé', 'x'],
    ['-method', 'mul', '1', '2'],
  ];
  for (const server of ['Go kit addsvc', 'svckit addsvc'] as const) {
    for (const transport of ['http', 'grpc'] as const) {
      it(`against ${server} over ${transport}`, async () => {
        const address =
          server === 'svckit addsvc'
            ? mine[transport]
            : (goSvc.addrs[transport === 'http' ? 0 : 1] as string);
        for (const args of lines) {
          const all = [`-${transport}-addr=${address}`, ...args];
          assert.deepEqual(await ours(all), await goKit(all), all.join(' '));
        }
      });
    }
  }

  it('against a rate-limited Go kit addsvc: an endpoint error as Go kit prints it', async (t) => {
    const limited = await startGoKitPeer('addsvc', {
      ports: 2,
      args: ([h, g]) => [`-http-addr=127.0.0.1:${h}`, `-grpc-addr=127.0.0.1:${g}`],
    });
    t.after(() => limited.stop());
    const [h, g] = limited.addrs as [string, string];
    // Calls over the limit until Sum's breaker opens: then every Sum fails for 60 s, over
    // both transports (one endpoint set), whatever the timing.
    let open = false;
    for (let i = 0; i < 50 && !open; i++) {
      const res = await fetch(`http://${h}/sum`, { method: 'POST', body: '{"a":1,"b":2}' });
      open = (await res.text()) === '{"error":"circuit breaker is open"}\n';
    }
    assert.ok(open, "Go kit's Sum breaker opened");
    const want = await goKit([`-grpc-addr=${g}`, '1', '2']);
    assert.deepEqual(want, [
      1,
      '',
      'error: rpc error: code = Unknown desc = circuit breaker is open\n',
    ]);
    assert.deepEqual(await ours([`-grpc-addr=${g}`, '1', '2']), want);
    const http = await goKit([`-http-addr=${h}`, '1', '2']);
    assert.deepEqual(http, [1, '', 'error: 500 Internal Server Error\n']);
    assert.deepEqual(await ours([`-http-addr=${h}`, '1', '2']), http);
    assert.deepEqual(await goKit(['1', '2']), await ours(['1', '2']));
  });
});

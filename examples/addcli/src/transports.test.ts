// addcli and addsvc over JSON-RPC, NATS and AMQP: svckit's addcli against svckit's addsvc and
// against the Go kit addsvc, the Go kit addcli against svckit's addsvc, the same command lines
// giving the same output lines and exit status. Brokers come from the services harness
// (`node packages/testing/dist/services-cli.js up nats amqp`); the Go peers from
// `bash scripts/gokit.sh install build`.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import type { TestContext } from 'node:test';
import { nopLogger } from '@svckit/core/log';
import { addsvcFlags, newAddsvc, parseFlags } from '@svckit/example-addsvc';
import {
  goKitSkip,
  requireService,
  runGoKitPeer,
  serviceUrl,
  startGoKitPeer,
} from '@svckit/testing';
import type { GoKitPeer } from '@svckit/testing';
import { connect } from '@nats-io/transport-node';
import { run } from './addcli.js';

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

const natsUrl = serviceUrl('nats');
const amqpUrl = serviceUrl('amqp');

/** startOurs runs svckit's addsvc in-process: JSON-RPC on a free port, NATS and AMQP. */
async function startOurs(prefix: string, extra: readonly string[] = []) {
  const flags = parseFlags(addsvcFlags, [
    '-http-addr=',
    '-grpc-addr=',
    '-debug.addr=',
    '-jsonrpc-addr=127.0.0.1:0',
    `-nats-url=${natsUrl ?? ''}`,
    `-amqp-url=${amqpUrl ?? ''}`,
    `-msg-prefix=${prefix}`,
    ...extra,
  ]).values;
  const svc = newAddsvc(flags, { logger: nopLogger, signals: [] });
  let started!: () => void;
  const up = new Promise<void>((r) => (started = r));
  const exit = svc.run(started);
  await Promise.race([up, exit.then((e) => Promise.reject(new Error(e.reason)))]);
  return {
    jsonrpc: svc.addresses.get('JSONRPC over HTTP') ?? '',
    stop: async () => {
      svc.stop();
      return exit;
    },
  };
}

/** Transport is one of the three, with addcli's flags to reach an addsvc. */
type Transport = 'jsonrpc' | 'nats' | 'amqp';
const transports: readonly Transport[] = ['jsonrpc', 'nats', 'amqp'];

function flagsFor(transport: Transport, jsonrpc: string, prefix: string): string[] {
  if (transport === 'jsonrpc') return [`-jsonrpc-addr=${jsonrpc}`];
  const url = transport === 'nats' ? natsUrl : amqpUrl;
  return [`-${transport}-url=${url ?? ''}`, `-msg-prefix=${prefix}`];
}

function needBrokers(t: TestContext): boolean {
  return requireService(t, 'nats') !== undefined && requireService(t, 'amqp') !== undefined;
}

/** results are command lines and what Go kit's addcli prints for them, by transport. */
function results(transport: Transport): [string[], Outcome][] {
  const messaging = transport !== 'jsonrpc';
  return [
    [
      ['1', '2'],
      [0, '1 + 2 = 3\n', ''],
    ],
    [
      ['x', '-5'],
      [0, '0 + -5 = -5\n', ''],
    ],
    [
      ['2147483646', '1'],
      [0, '2147483646 + 1 = 2147483647\n', ''],
    ],
    [
      ['-method', 'concat', 'ab', 'cd'],
      [0, '"ab" + "cd" = "abcd"\n', ''],
    ],
    [
      ['-method=concat', 'é', 'x"y'],
      [0, '"é" + "x\\"y" = "éx\\"y"\n', ''],
    ],
    // Business errors: JSON-RPC does not signal them (Go kit's client prints the zero value);
    // NATS and AMQP carry them in the reply's `err`.
    [['0', '0'], messaging ? [1, '', "error: can't sum two zeroes\n"] : [0, '0 + 0 = 0\n', '']],
    [
      ['2147483647', '1'],
      messaging ? [1, '', 'error: integer overflow\n'] : [0, '2147483647 + 1 = 0\n', ''],
    ],
    [
      ['-method', 'concat', 'ééééé', 'x'],
      messaging ? [1, '', 'error: result exceeds maximum size\n'] : [0, '"ééééé" + "x" = ""\n', ''],
    ],
  ];
}

describe('addcli -> svckit addsvc over JSON-RPC, NATS and AMQP', () => {
  const prefix = `addsvc-${randomUUID()}`;
  let svc: Awaited<ReturnType<typeof startOurs>> | undefined;
  before(async () => {
    if (natsUrl !== undefined && amqpUrl !== undefined)
      svc = await startOurs(prefix, ['-ratelimit=false']);
  });
  after(() => svc?.stop());

  for (const transport of transports) {
    it(`over ${transport}: the result lines and errors of Go kit's addcli`, async (t) => {
      if (!needBrokers(t) || svc === undefined) return;
      const flags = flagsFor(transport, svc.jsonrpc, prefix);
      for (const [args, want] of results(transport))
        assert.deepEqual(await ours([...flags, ...args]), want, args.join(' '));
    });
  }

  it('the first non-empty transport flag wins: JSON-RPC before NATS before AMQP', async (t) => {
    if (!needBrokers(t) || svc === undefined) return;
    const all = [
      `-jsonrpc-addr=${svc.jsonrpc}`,
      `-nats-url=${natsUrl}`,
      `-amqp-url=${amqpUrl}`,
      `-msg-prefix=${prefix}`,
    ];
    assert.deepEqual(await ours([...all, '0', '0']), [0, '0 + 0 = 0\n', '']);
    assert.deepEqual(await ours([...all.slice(1), '0', '0']), [
      1,
      '',
      "error: can't sum two zeroes\n",
    ]);
  });

  it('an endpoint error (the rate limit) as Go kit prints it, over each', async (t) => {
    if (!needBrokers(t)) return;
    const limitedPrefix = `addsvc-${randomUUID()}`;
    const limited = await startOurs(limitedPrefix);
    t.after(() => limited.stop());
    for (const transport of transports) {
      const flags = flagsFor(transport, limited.jsonrpc, limitedPrefix);
      // Sum allows one call per second: of two calls in a row, the second is refused.
      const outcomes = [await ours([...flags, '1', '2']), await ours([...flags, '1', '2'])];
      assert.ok(
        outcomes.some((o) => o[2] === 'error: rate limit exceeded\n'),
        `${transport}: ${JSON.stringify(outcomes)}`,
      );
      await new Promise((r) => setTimeout(r, 1100)); // the next transport starts with a token
    }
  });

  it('nobody serving the prefix, or no broker: an error, exit 1', async (t) => {
    if (!needBrokers(t)) return;
    const nobody = `addsvc-${randomUUID()}`;
    const n = await ours([`-nats-url=${natsUrl}`, `-msg-prefix=${nobody}`, '1', '2']);
    assert.deepEqual([n[0], n[1]], [1, '']);
    assert.match(n[2], /^error: .*no responders/i);
    const a = await ours([
      `-amqp-url=${amqpUrl}`,
      `-msg-prefix=${nobody}`,
      '-timeout=500ms',
      '1',
      '2',
    ]);
    assert.deepEqual([a[0], a[1]], [1, '']);
    assert.match(a[2], /^error: .*(deadline|timed out|NO_ROUTE|no route)/i);
    const down = await ours(['-nats-url=nats://127.0.0.1:1', '1', '2']);
    assert.deepEqual([down[0], down[1]], [1, '']);
    assert.match(down[2], /^error: /);
    const amqpDown = await ours(['-amqp-url=amqp://127.0.0.1:1', '1', '2']);
    assert.deepEqual([amqpDown[0], amqpDown[1]], [1, '']);
    assert.match(amqpDown[2], /^error: .*ECONNREFUSED/);
    const jsonrpcDown = await ours(['-jsonrpc-addr=127.0.0.1:1', '1', '2']);
    assert.deepEqual([jsonrpcDown[0], jsonrpcDown[1]], [1, '']);
    assert.match(jsonrpcDown[2], /^error: .*ECONNREFUSED/);
  });
});

describe('addcli against a misbehaving NATS responder', () => {
  it('garbage, a reply without v or err, silence: a clear error or the zero value, exit as Go kit', async (t) => {
    if (!needBrokers(t)) return;
    const prefix = `addsvc-bad-${randomUUID()}`;
    const nc = await connect({ servers: natsUrl ?? '' });
    t.after(() => nc.close());
    const answers: Record<string, string | undefined> = {
      garbage: '{"v":',
      array: '[1,2]',
      empty: '{}',
      huge: '{"v":99999999999999999999}',
      silent: undefined,
    };
    for (const [name, reply] of Object.entries(answers)) {
      nc.subscribe(`${prefix}-${name}.sum`, {
        callback: (_err, msg) => {
          if (reply !== undefined) msg.respond(reply);
        },
      });
    }
    await nc.flush();
    const cli = (name: string, ...extra: string[]) =>
      ours([`-nats-url=${natsUrl}`, `-msg-prefix=${prefix}-${name}`, ...extra, '1', '2']);
    const garbage = await cli('garbage');
    assert.deepEqual([garbage[0], garbage[1]], [1, '']);
    assert.match(garbage[2], /^error: .+\n$/);
    assert.equal((await cli('array'))[0], 1);
    assert.deepEqual(await cli('empty'), [0, '1 + 2 = 0\n', '']); // Go: the zero value
    const huge = await cli('huge');
    assert.deepEqual([huge[0], huge[1]], [1, '']);
    assert.match(huge[2], /^error: json: cannot unmarshal number 99999999999999999999/);
    const begin = performance.now();
    const silent = await cli('silent', '-timeout=300ms');
    assert.deepEqual([silent[0], silent[1]], [1, '']);
    assert.match(silent[2], /^error: .*(deadline|timeout|timed out)/i);
    assert.ok(performance.now() - begin < 3000);
  });
});

describe(
  'addcli and Go kit addcli print alike over JSON-RPC, NATS and AMQP',
  {
    skip: goKitSkip(),
  },
  () => {
    const goPrefix = `addsvc-go-${randomUUID()}`;
    const ourPrefix = `addsvc-${randomUUID()}`;
    let goSvc: GoKitPeer | undefined;
    let mine: Awaited<ReturnType<typeof startOurs>> | undefined;
    before(async () => {
      if (natsUrl === undefined || amqpUrl === undefined) return;
      goSvc = await startGoKitPeer('addsvc', {
        ports: 1,
        args: ([j]) => [
          `-jsonrpc-addr=127.0.0.1:${j}`,
          `-nats-url=${natsUrl}`,
          `-amqp-url=${amqpUrl}`,
          `-msg-prefix=${goPrefix}`,
          '-limit=false',
        ],
        ready: /transport=AMQP addr=/,
      });
      mine = await startOurs(ourPrefix, ['-ratelimit=false']);
    });
    after(async () => {
      await goSvc?.stop();
      await mine?.stop();
    });

    for (const server of ['Go kit addsvc', 'svckit addsvc'] as const) {
      for (const transport of transports) {
        it(`against ${server} over ${transport}: both addclis print the same lines`, async (t) => {
          if (!needBrokers(t) || goSvc === undefined || mine === undefined) return;
          const flags =
            server === 'svckit addsvc'
              ? flagsFor(transport, mine.jsonrpc, ourPrefix)
              : flagsFor(transport, goSvc.addrs[0] as string, goPrefix);
          for (const [args, want] of [
            ...results(transport),
            [
              ['-method', 'mul', '1', '2'],
              [1, '', 'error: invalid method "mul"\n'],
            ] as const,
          ]) {
            const all = [...flags, ...args];
            assert.deepEqual(await goKit(all), want, `Go kit addcli ${all.join(' ')}`);
            assert.deepEqual(await ours(all), want, `svckit addcli ${all.join(' ')}`);
          }
        });
      }
    }
  },
);

// addsvc's optional JWT check (-jwt-secret, -jwt-jwks-url) and addcli's -jwt-secret: over
// HTTP, gRPC, JSON-RPC, NATS and AMQP an unsigned call or one signed with another secret is
// refused (401 / UNAUTHENTICATED / svckit-error-code unauthenticated), a signed one passes;
// a refused call costs no rate-limit token; keys from a JWKS URL.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { Metadata } from '@grpc/grpc-js';
import { connect } from '@nats-io/transport-node';
import { exportJWK, generateKeyPair } from 'jose';
import { background } from '@svckit/core/context';
import { nopLogger } from '@svckit/core/log';
import {
  addsvcFlags,
  main,
  newAddsvc,
  newHTTPClient,
  parseFlags,
  setService,
} from '@svckit/example-addsvc';
import { dial } from '@svckit/grpc';
import { signer } from '@svckit/jwt';
import { serviceUrl } from '@svckit/testing';
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

const natsUrl = serviceUrl('nats');
const amqpUrl = serviceUrl('amqp');

async function startOurs(args: readonly string[]) {
  const flags = parseFlags(addsvcFlags, [
    '-http-addr=127.0.0.1:0',
    '-grpc-addr=127.0.0.1:0',
    '-jsonrpc-addr=127.0.0.1:0',
    '-debug.addr=',
    ...args,
  ]).values;
  const svc = newAddsvc(flags, { logger: nopLogger, signals: [] });
  let started!: () => void;
  const up = new Promise<void>((r) => (started = r));
  const exit = svc.run(started);
  await Promise.race([up, exit.then((e) => Promise.reject(new Error(e.reason)))]);
  return {
    at: (name: string) => svc.addresses.get(name) ?? '',
    stop: async () => {
      svc.stop();
      await exit;
    },
  };
}

describe('addsvc -jwt-secret, addcli -jwt-secret', () => {
  const prefix = `addsvc-jwt-${randomUUID()}`;
  let svc: Awaited<ReturnType<typeof startOurs>>;
  before(async () => {
    svc = await startOurs([
      '-jwt-secret=s3cret',
      '-ratelimit=false',
      `-nats-url=${natsUrl ?? ''}`,
      `-amqp-url=${amqpUrl ?? ''}`,
      `-msg-prefix=${prefix}`,
    ]);
  });
  after(() => svc.stop());

  const cases = (): [string, string[], string, string][] => [
    [
      'HTTP',
      [`-http-addr=${svc.at('HTTP')}`],
      'error: 401 Unauthorized\n',
      'error: 401 Unauthorized\n',
    ],
    [
      'gRPC',
      [`-grpc-addr=${svc.at('gRPC')}`],
      'error: rpc error: code = Unauthenticated desc = token missing\n',
      'error: rpc error: code = Unauthenticated desc = token invalid\n',
    ],
    [
      'JSON-RPC',
      [`-jsonrpc-addr=${svc.at('JSONRPC over HTTP')}`],
      'error: token missing\n',
      'error: token invalid\n',
    ],
    ...(natsUrl === undefined
      ? []
      : [
          [
            'NATS',
            [`-nats-url=${natsUrl}`, `-msg-prefix=${prefix}`],
            'error: token missing\n',
            'error: token invalid\n',
          ] as [string, string[], string, string],
        ]),
    ...(amqpUrl === undefined
      ? []
      : [
          [
            'AMQP',
            [`-amqp-url=${amqpUrl}`, `-msg-prefix=${prefix}`],
            'error: token missing\n',
            'error: token invalid\n',
          ] as [string, string[], string, string],
        ]),
  ];

  it('unsigned and wrongly signed calls fail, signed ones pass, on every transport', async (t) => {
    const all = cases();
    // NATS and AMQP are required under CI=true (the harness starts them); elsewhere they are
    // left out with a diagnostic.
    if (natsUrl === undefined || amqpUrl === undefined) {
      if (process.env['CI'] === 'true') assert.fail('NATS and AMQP are needed (services up)');
      t.diagnostic('NATS or AMQP not running: only HTTP, gRPC and JSON-RPC checked');
    }
    for (const [name, flags, missing, invalid] of all) {
      assert.deepEqual(await ours([...flags, '1', '2']), [1, '', missing], `${name} unsigned`);
      assert.deepEqual(
        await ours([...flags, '-jwt-secret=wrong', '1', '2']),
        [1, '', invalid],
        `${name} wrong secret`,
      );
      assert.deepEqual(
        await ours([...flags, '-jwt-secret=s3cret', '1', '2']),
        [0, '1 + 2 = 3\n', ''],
        `${name} signed`,
      );
      assert.deepEqual(
        await ours([...flags, '-jwt-secret', 's3cret', '-method', 'concat', 'a', 'b']),
        [0, '"a" + "b" = "ab"\n', ''],
        `${name} signed concat`,
      );
    }
    assert.ok(all.length >= 3);
  });

  it('on the wire: HTTP 401 with WWW-Authenticate, gRPC UNAUTHENTICATED, NATS its code', async () => {
    const res = await fetch(`http://${svc.at('HTTP')}/sum`, {
      method: 'POST',
      body: '{"a":1,"b":2}',
      headers: { authorization: 'Bearer not.a.token' },
    });
    assert.equal(res.status, 401);
    assert.equal(res.headers.get('www-authenticate'), 'Bearer error="invalid_token"');
    assert.equal(await res.text(), '{"error":"token malformed"}\n');
    const bare = await fetch(`http://${svc.at('HTTP')}/sum`, { method: 'POST', body: '{}' });
    assert.deepEqual([bare.status, bare.headers.get('www-authenticate')], [401, 'Bearer']);

    const conn = dial(svc.at('gRPC'));
    try {
      const status = await new Promise<{ code: number; details: string }>((resolve) => {
        conn.makeUnaryRequest(
          '/pb.Add/Sum',
          () => Buffer.alloc(0),
          (b: Buffer) => b,
          {},
          new Metadata(),
          {},
          (err) => resolve({ code: err?.code ?? 0, details: err?.details ?? '' }),
        );
      });
      assert.deepEqual(status, { code: 16, details: 'token missing' });
    } finally {
      conn.close();
    }

    if (natsUrl !== undefined) {
      const nc = await connect({ servers: natsUrl });
      try {
        const m = await nc.request(`${prefix}.sum`, '{"a":1,"b":2}', { timeout: 5000 });
        assert.equal(new TextDecoder().decode(m.data), '{"err":"token missing"}');
        assert.equal(m.headers?.get('svckit-error-code'), 'unauthenticated');
      } finally {
        await nc.close();
      }
    }
  });
});

describe('addsvc JWT check, further', () => {
  it('a refused call costs no rate-limit token (the check is outermost)', async (t) => {
    const svc = await startOurs(['-jwt-secret=s3cret', '-grpc-addr=', '-jsonrpc-addr=']);
    t.after(() => svc.stop());
    const flags = [`-http-addr=${svc.at('HTTP')}`];
    for (let i = 0; i < 5; i++)
      assert.deepEqual(await ours([...flags, '1', '2']), [1, '', 'error: 401 Unauthorized\n']);
    // Sum allows 1 call per second, burst 1: the refused calls did not take it.
    assert.deepEqual(await ours([...flags, '-jwt-secret=s3cret', '1', '2']), [
      0,
      '1 + 2 = 3\n',
      '',
    ]);
  });

  it('-jwt-jwks-url: a token signed by a key of the JWKS passes, one of another key fails', async (t) => {
    const { publicKey, privateKey } = await generateKeyPair('ES256');
    const other = await generateKeyPair('ES256');
    const jwk = { ...(await exportJWK(publicKey)), kid: 'k1', alg: 'ES256', use: 'sig' };
    const keyServer = createServer((_req, res) => {
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ keys: [jwk] }));
    });
    await new Promise<void>((r) => keyServer.listen(0, '127.0.0.1', r));
    t.after(() => new Promise<void>((r) => keyServer.close(() => r())));
    const jwksUrl = `http://127.0.0.1:${(keyServer.address() as AddressInfo).port}/jwks.json`;
    const svc = await startOurs([
      `-jwt-jwks-url=${jwksUrl}`,
      '-ratelimit=false',
      '-grpc-addr=',
      '-jsonrpc-addr=',
    ]);
    t.after(() => svc.stop());
    const call = (key: CryptoKey | object) => {
      const set = newHTTPClient(svc.at('HTTP'));
      const sign = signer({ kid: 'k1', key: key as CryptoKey, alg: 'ES256', claims: { sub: 'x' } });
      return setService({ sum: sign(set.sum), concat: sign(set.concat) });
    };
    assert.equal(await call(privateKey).sum(background(), 20n, 22n), 42n);
    await assert.rejects(call(other.privateKey).sum(background(), 1n, 2n), {
      message: '401 Unauthorized',
    });
    // An HS256 token (the algorithm-confusion shape) is refused by a JWKS of ES256 keys.
    const hs = signer({ kid: 'k1', key: new TextEncoder().encode('x'), alg: 'HS256' });
    const set = newHTTPClient(svc.at('HTTP'));
    await assert.rejects(
      setService({ sum: hs(set.sum), concat: hs(set.concat) }).sum(background(), 1n, 2n),
      {
        message: '401 Unauthorized',
      },
    );
  });

  it('both -jwt-secret and -jwt-jwks-url: a usage error, exit 2', async () => {
    let stderr = '';
    const code = await main(
      ['-jwt-secret=x', '-jwt-jwks-url=http://127.0.0.1:1/jwks.json'],
      { stdout: { write: () => true }, stderr: { write: (s: string) => (stderr += s) } },
      { logger: nopLogger, signals: [] },
    );
    assert.equal(code, 2);
    assert.match(stderr, /^give -jwt-secret or -jwt-jwks-url, not both\n/);
  });
});

import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer as createNodeServer } from 'node:http';
import type { Server as NodeServer } from 'node:http';
import { connect } from 'node:net';
import type { AddressInfo } from 'node:net';
import { withAuthorization } from '@svckit/core/auth';
import { background, withTimeout } from '@svckit/core/context';
import type { Context } from '@svckit/core/context';
import type { Endpoint } from '@svckit/core/endpoint';
import { codeOf, reasonOf } from '@svckit/core/errors';
import {
  createClient,
  createServer,
  decodeJSONRequest,
  decodeJSONResponse,
  encodeJSONRequest,
  encodeJSONResponse,
  listen,
} from '@svckit/core/transport/http';
import { SignJWT, exportJWK, exportSPKI, generateKeyPair } from 'jose';
import type { CryptoKey, JWK, JWTPayload } from 'jose';
import { claimsOf, jwks, parser, reasons, signer, staticKeys, tokenToHttp } from './index.js';
import type { KeySource } from './index.js';

// Security tests of Go kit's auth/jwt port: each a real request against a real node:http
// server (listen), keys from a real JWKS server on 127.0.0.1.

const servers: NodeServer[] = [];
after(() => {
  for (const s of servers) {
    s.closeAllConnections();
    s.close();
  }
});

async function serveNode(s: NodeServer): Promise<number> {
  servers.push(s);
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  return (s.address() as AddressInfo).port;
}

const whoami: Endpoint<unknown, { sub: unknown }> = async (ctx: Context) => ({
  sub: claimsOf(ctx)?.sub,
});

async function serveParser(keys: KeySource, extra: Partial<Parameters<typeof parser>[0]> = {}) {
  const guarded = parser({
    keys,
    issuer: 'svckit-test',
    audience: 'addsvc',
    realm: 'api',
    ...extra,
  })(whoami);
  const server = createServer(guarded, decodeJSONRequest(), encodeJSONResponse);
  const s = await listen(server.node);
  servers.push(s);
  return `http://127.0.0.1:${(s.address() as AddressInfo).port}/`;
}

const nowS = (): number => Math.floor(Date.now() / 1000);
const claims = (over: JWTPayload = {}): JWTPayload => ({
  sub: 'alice',
  iss: 'svckit-test',
  aud: 'addsvc',
  iat: nowS(),
  exp: nowS() + 60,
  ...over,
});

async function sign(
  key: CryptoKey | Uint8Array,
  alg: string,
  kid: string,
  c: JWTPayload = claims(),
) {
  return new SignJWT(c).setProtectedHeader({ alg, kid }).sign(key);
}

const b64u = (v: unknown): string => Buffer.from(JSON.stringify(v)).toString('base64url');

async function call(url: string, token: string | undefined, header = 'authorization') {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (token !== undefined) headers[header] = token;
  const res = await fetch(url, { method: 'POST', body: '{}', headers });
  return {
    status: res.status,
    body: await res.text(),
    challenge: res.headers.get('www-authenticate'),
  };
}

/** reason calls the parser directly and returns the error's reason (or 'passed'). */
async function reason(
  keys: KeySource,
  token: string,
  extra: Partial<Parameters<typeof parser>[0]> = {},
) {
  const ep = parser({ keys, issuer: 'svckit-test', audience: 'addsvc', ...extra })(whoami);
  return ep(withAuthorization(background(), `Bearer ${token}`), {}).then(
    () => 'passed',
    (err: unknown) => `${codeOf(err)} ${reasonOf(err) ?? ''}`,
  );
}

describe('JWT over a real HTTP server and a real JWKS server', () => {
  let rsa: { publicKey: CryptoKey; privateKey: CryptoKey };
  let rsaJwk: JWK;
  let other: { publicKey: CryptoKey; privateKey: CryptoKey };
  let jwksUrl: string;
  let jwksHits = 0;
  let jwksBody: { keys: JWK[] };
  let jwksMode: 'up' | 'down' | 'hang' = 'up';

  before(async () => {
    rsa = await generateKeyPair('RS256', { extractable: true });
    other = await generateKeyPair('RS256', { extractable: true });
    rsaJwk = { ...(await exportJWK(rsa.publicKey)), kid: 'k1', use: 'sig' };
    jwksBody = { keys: [rsaJwk] };
    const port = await serveNode(
      createNodeServer((req, res) => {
        jwksHits++;
        if (jwksMode === 'hang') return; // never answers
        if (jwksMode === 'down') {
          res.writeHead(503).end();
          return;
        }
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(jwksBody));
      }),
    );
    jwksUrl = `http://127.0.0.1:${port}/.well-known/jwks.json`;
  });

  it('signer → HTTP client → parser: the claims reach the endpoint', async () => {
    const url = await serveParser(jwks(jwksUrl, { algorithms: ['RS256'] }));
    const client = createClient(
      'POST',
      url,
      encodeJSONRequest,
      decodeJSONResponse<{ sub: string }>,
      {
        before: [tokenToHttp],
      },
    );
    const signed = signer({
      kid: 'k1',
      key: rsa.privateKey,
      alg: 'RS256',
      claims: { sub: 'bob', iss: 'svckit-test', aud: 'addsvc' },
    })(client);
    assert.deepEqual(await signed(background(), {}), { sub: 'bob' });
  });

  it('refuses alg "none" (an unsigned token), whatever the keys allow', async () => {
    const url = await serveParser(jwks(jwksUrl, { algorithms: ['RS256'] }));
    const none = `${b64u({ alg: 'none', kid: 'k1' })}.${b64u(claims())}.`;
    const r = await call(url, `Bearer ${none}`);
    assert.equal(r.status, 401);
    assert.equal(r.challenge, 'Bearer realm="api", error="invalid_token"');
    assert.equal(
      await reason(jwks(jwksUrl, { algorithms: ['RS256'] }), none),
      `unauthenticated ${reasons.unexpectedSigningMethod}`,
    );
    assert.throws(() => staticKeys([{ key: rsa.publicKey, algorithms: ['none'] }]), TypeError);
  });

  it('refuses HS256 signed with the RSA public key as the HMAC secret (algorithm confusion)', async () => {
    const pem = new TextEncoder().encode(await exportSPKI(rsa.publicKey));
    const forged = await sign(pem, 'HS256', 'k1');
    const url = await serveParser(jwks(jwksUrl, { algorithms: ['RS256', 'HS256'] }));
    assert.equal((await call(url, `Bearer ${forged}`)).status, 401);
    // JWKS: an RSA key never verifies an HMAC token, even with HS256 allowed overall.
    assert.equal(
      await reason(jwks(jwksUrl, { algorithms: ['RS256', 'HS256'] }), forged),
      `unauthenticated ${reasons.unexpectedSigningMethod}`,
    );
    // Static keys: the allow-list is per key.
    assert.equal(
      await reason(staticKeys([{ kid: 'k1', key: rsa.publicKey, algorithms: ['RS256'] }]), forged),
      `unauthenticated ${reasons.unexpectedSigningMethod}`,
    );
    // Even a key misconfigured to allow both cannot be used as an HMAC secret (jose refuses).
    assert.equal(
      await reason(
        staticKeys([{ kid: 'k1', key: rsa.publicKey, algorithms: ['RS256', 'HS256'] }]),
        forged,
      ),
      `unauthenticated ${reasons.invalid}`,
    );
  });

  it('a kid outside the JWKS (traversal, SQL-ish) is invalid, and refetches are rate-limited', async () => {
    const keys = jwks(jwksUrl, { algorithms: ['RS256'], cooldownMs: 60_000 });
    assert.equal(await reason(keys, await sign(rsa.privateKey, 'RS256', 'k1')), 'passed');
    const before = jwksHits;
    for (const kid of ['../../../etc/passwd', "k1' OR '1'='1", 'k1\u0000', 'x'.repeat(300), 'k2']) {
      assert.equal(
        await reason(keys, await sign(rsa.privateKey, 'RS256', kid)),
        `unauthenticated ${reasons.invalid}`,
      );
    }
    assert.ok(jwksHits - before <= 1, `JWKS fetched ${jwksHits - before} times for 5 unknown kids`);
  });

  it('rotation: a new kid in the set verifies after one refetch', async () => {
    const keys = jwks(jwksUrl, { algorithms: ['RS256'], cooldownMs: 0 });
    assert.equal(await reason(keys, await sign(rsa.privateKey, 'RS256', 'k1')), 'passed');
    jwksBody = { keys: [rsaJwk, { ...(await exportJWK(other.publicKey)), kid: 'k2' }] };
    try {
      assert.equal(await reason(keys, await sign(other.privateKey, 'RS256', 'k2')), 'passed');
    } finally {
      jwksBody = { keys: [rsaJwk] };
    }
  });

  it('time claims: expired, not yet valid, issued in the future; the skew allows a little', async () => {
    const keys = staticKeys([{ kid: 'k1', key: rsa.publicKey, algorithms: ['RS256'] }]);
    const t = nowS();
    const { exp: _exp, ...noExp } = claims();
    const tok = (c: JWTPayload): Promise<string> => sign(rsa.privateKey, 'RS256', 'k1', claims(c));
    assert.equal(
      await reason(keys, await tok({ exp: t - 10 })),
      `unauthenticated ${reasons.expired}`,
    );
    assert.equal(
      await reason(keys, await tok({ nbf: t + 60 })),
      `unauthenticated ${reasons.notActive}`,
    );
    assert.equal(
      await reason(keys, await tok({ iat: t + 60 })),
      `unauthenticated ${reasons.invalid}`,
    );
    assert.equal(await reason(keys, await tok({ exp: t - 10 }), { clockSkewMs: 30_000 }), 'passed');
    assert.equal(
      await reason(keys, await tok({ iat: t + 10, nbf: t + 10 }), { clockSkewMs: 30_000 }),
      'passed',
    );
    assert.equal(
      await reason(keys, await sign(rsa.privateKey, 'RS256', 'k1', noExp)),
      `unauthenticated ${reasons.invalid}`,
    );
    const url = await serveParser(keys);
    assert.equal((await call(url, `Bearer ${await tok({ exp: t - 10 })}`)).status, 401);
  });

  it('wrong aud or iss, and a valid signature from another key, are invalid', async () => {
    const keys = staticKeys([{ kid: 'k1', key: rsa.publicKey, algorithms: ['RS256'] }]);
    assert.equal(
      await reason(keys, await sign(rsa.privateKey, 'RS256', 'k1', claims({ aud: 'other' }))),
      `unauthenticated ${reasons.invalid}`,
    );
    assert.equal(
      await reason(keys, await sign(rsa.privateKey, 'RS256', 'k1', claims({ iss: 'evil' }))),
      `unauthenticated ${reasons.invalid}`,
    );
    assert.equal(
      await reason(keys, await sign(other.privateKey, 'RS256', 'k1')),
      `unauthenticated ${reasons.invalid}`,
    );
    const url = await serveParser(keys);
    assert.equal(
      (await call(url, `Bearer ${await sign(other.privateKey, 'RS256', 'k1')}`)).status,
      401,
    );
  });

  it('malformed, missing, no Bearer prefix, two Authorization headers, a megabyte of header', async () => {
    const keys = staticKeys([{ kid: 'k1', key: rsa.publicKey, algorithms: ['RS256'] }]);
    const url = await serveParser(keys);
    const good = await sign(rsa.privateKey, 'RS256', 'k1');
    assert.equal((await call(url, `Bearer ${good}`)).status, 200);
    const missing = await call(url, undefined);
    assert.equal(missing.status, 401);
    assert.equal(missing.challenge, 'Bearer realm="api"');
    assert.equal((await call(url, good)).status, 401, 'no Bearer prefix');
    assert.equal((await call(url, 'Bearer abc.def')).status, 401);
    assert.equal(await reason(keys, 'abc.def'), `unauthenticated ${reasons.malformed}`);
    assert.equal(await reason(keys, `${good}x`.repeat(4)), `unauthenticated ${reasons.malformed}`);
    const port = Number(new URL(url).port);
    const raw = await new Promise<string>((resolve) => {
      const socket = connect(port, '127.0.0.1');
      let data = '';
      socket.setEncoding('utf8');
      socket.on('data', (d: string) => (data += d));
      socket.on('close', () => resolve(data));
      socket.write(
        `POST / HTTP/1.1\r\nHost: x\r\nConnection: close\r\nAuthorization: Bearer ${good}\r\nAuthorization: Bearer ${good}\r\nContent-Length: 2\r\n\r\n{}`,
      );
    });
    assert.match(raw, /^HTTP\/1\.1 401 /);
    const huge = await call(url, `Bearer ${'a'.repeat(1 << 20)}`).catch((err: unknown) => err);
    if (huge instanceof Error)
      assert.ok(huge); // the connection reset after 431 is fine
    else assert.equal((huge as { status: number }).status, 431);
  });

  it('JWKS down: the last keys keep working; with no keys yet the call fails unavailable', async () => {
    let clock = Date.now();
    const keys = jwks(jwksUrl, {
      algorithms: ['RS256'],
      cacheMaxAgeMs: 1000,
      cooldownMs: 0,
      now: () => clock,
    });
    const good = await sign(rsa.privateKey, 'RS256', 'k1');
    assert.equal(await reason(keys, good), 'passed');
    jwksMode = 'down';
    try {
      clock += 5000; // stale: refetched, fails, the old set is used
      const hits = jwksHits;
      assert.equal(await reason(keys, good), 'passed');
      assert.ok(jwksHits > hits, 'the stale set was refetched');
      const fresh = jwks(jwksUrl, { algorithms: ['RS256'] });
      assert.equal(await reason(fresh, good), 'unavailable JWKS_UNAVAILABLE');
    } finally {
      jwksMode = 'up';
    }
  });

  it('JWKS slow: the call fails by its own deadline, not the fetch timeout', async () => {
    jwksMode = 'hang';
    try {
      const keys = jwks(jwksUrl, { algorithms: ['RS256'], timeoutMs: 30_000 });
      const ep = parser({ keys })(whoami);
      const ctx = withAuthorization(
        withTimeout(background(), 100)[0],
        `Bearer ${await sign(rsa.privateKey, 'RS256', 'k1')}`,
      );
      const started = Date.now();
      await assert.rejects(ep(ctx, {}), (err: unknown) => codeOf(err) === 'deadline_exceeded');
      assert.ok(
        Date.now() - started < 10_000,
        'bounded by the deadline, far below the 30 s fetch timeout',
      );
    } finally {
      jwksMode = 'up';
      for (const s of servers) s.closeAllConnections();
    }
  });
});

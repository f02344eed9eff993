import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Server as NodeServer } from 'node:http';
import { connect } from 'node:net';
import type { AddressInfo } from 'node:net';
import { background } from '../../context/index.js';
import type { Endpoint } from '../../endpoint/index.js';
import { codeOf, reasonOf } from '../../errors/index.js';
import {
  createServer,
  decodeJSONRequest,
  encodeJSONResponse,
  listen,
} from '../../transport/http/index.js';
import { withAuthorization } from '../index.js';
import {
  basic,
  basicVerify,
  hashPassword,
  parseBasic,
  scryptVerifier,
  verifyPassword,
} from './index.js';

const servers: NodeServer[] = [];
after(() => {
  for (const s of servers) {
    s.closeAllConnections();
    s.close();
  }
});

const hello: Endpoint<unknown, { ok: true }> = async () => ({ ok: true });

async function serve(endpoint: Endpoint<unknown, unknown>): Promise<string> {
  const server = createServer(endpoint, decodeJSONRequest(), encodeJSONResponse);
  const s = await listen(server.node);
  servers.push(s);
  return `http://127.0.0.1:${(s.address() as AddressInfo).port}/`;
}

const b64 = (s: string): string => Buffer.from(s, 'utf8').toString('base64');
const post = (url: string, headers: Record<string, string> = {}): Promise<Response> =>
  fetch(url, { method: 'POST', body: '{}', headers });

/** rawRequest sends bytes over TCP and returns the status line and headers. */
function rawRequest(port: number, bytes: string): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    let data = '';
    socket.setEncoding('utf8');
    socket.on('data', (d: string) => {
      data += d;
      if (data.includes('\r\n\r\n')) socket.destroy();
    });
    socket.on('close', () => resolve(data));
    socket.write(bytes);
  });
}

describe('basic auth over a real HTTP server (Go kit auth/basic)', () => {
  const guarded = basic({ user: 'admin', password: 'pa:ss', realm: 'ops' })(hello);

  it('lets the right user and password through (a password may hold colons)', async () => {
    const url = await serve(guarded);
    const res = await post(url, { authorization: `Basic ${b64('admin:pa:ss')}` });
    assert.equal(res.status, 200);
    assert.deepEqual(await res.json(), { ok: true });
  });

  it('refuses missing, empty, wrong-user and wrong-password credentials with 401 and the realm', async () => {
    const url = await serve(guarded);
    const cases: Record<string, string>[] = [
      {},
      { authorization: '' },
      { authorization: `Basic ${b64(':pa:ss')}` },
      { authorization: `Basic ${b64('root:pa:ss')}` },
      { authorization: `Basic ${b64('admin:pa:sS')}` },
      { authorization: `Basic ${b64('admin:pa:ss ')}` },
      { authorization: `Basic ${b64('admin')}` },
      { authorization: `Bearer ${b64('admin:pa:ss')}` },
      { authorization: `Basic ${b64('admin:pa:ss')}!` },
      { authorization: `Basic` },
    ];
    for (const headers of cases) {
      const res = await post(url, headers);
      assert.equal(res.status, 401, JSON.stringify(headers));
      assert.equal(res.headers.get('www-authenticate'), 'Basic realm="ops"');
      assert.equal(res.headers.get('svckit-error-code'), 'unauthenticated');
      assert.equal(await res.text(), 'Unauthorized');
    }
  });

  it('refuses two Authorization headers, even when the first is right (raw headers decide)', async () => {
    const url = await serve(guarded);
    const port = Number(new URL(url).port);
    const good = `Basic ${b64('admin:pa:ss')}`;
    const body = '{}';
    const one = await rawRequest(
      port,
      `POST / HTTP/1.1\r\nHost: x\r\nAuthorization: ${good}\r\nContent-Length: 2\r\n\r\n${body}`,
    );
    assert.match(one, /^HTTP\/1\.1 200 /);
    for (const [a, b] of [
      [good, good],
      [good, `Basic ${b64('x:y')}`],
      [`Basic ${b64('x:y')}`, good],
    ]) {
      const two = await rawRequest(
        port,
        `POST / HTTP/1.1\r\nHost: x\r\nAuthorization: ${a}\r\nauthorization: ${b}\r\nContent-Length: 2\r\n\r\n${body}`,
      );
      assert.match(two, /^HTTP\/1\.1 401 /);
      assert.match(two, /www-authenticate: Basic realm="ops"/i);
    }
  });

  it('refuses two Authorization headers on the Fetch face too', async () => {
    const server = createServer(guarded, decodeJSONRequest(), encodeJSONResponse);
    const good = `Basic ${b64('admin:pa:ss')}`;
    const ok = await server.fetch(
      new Request('http://x/', { method: 'POST', body: '{}', headers: { authorization: good } }),
    );
    assert.equal(ok.status, 200);
    const headers = new Headers();
    headers.append('authorization', good);
    headers.append('authorization', good);
    const twice = await server.fetch(
      new Request('http://x/', { method: 'POST', body: '{}', headers }),
    );
    assert.equal(twice.status, 401);
  });

  it('answers 431 for a megabyte of header, before any auth code runs', async () => {
    const url = await serve(guarded);
    const res = await post(url, { authorization: `Basic ${'A'.repeat(1 << 20)}` }).catch(
      (err: unknown) => err,
    );
    // Node answers 431 and closes; fetch may see the answer or the reset, never a 200.
    if (res instanceof Response) assert.equal(res.status, 431);
    else assert.ok(res instanceof Error);
  });

  it('escapes quotes in the realm', async () => {
    const ep = basic({ user: 'a', password: 'b', realm: 'say "hi"' })(hello);
    await assert.rejects(ep(background(), {}), (err: unknown) => {
      assert.equal(codeOf(err), 'unauthenticated');
      assert.deepEqual((err as { headers(): unknown }).headers(), {
        'www-authenticate': 'Basic realm="say \\"hi\\""',
      });
      return true;
    });
  });

  it('reads a credential a transport put into the context, with a reason per failure', async () => {
    const ep = basic({ user: 'a', password: 'b', realm: 'r' })(hello);
    assert.deepEqual(await ep(withAuthorization(background(), `Basic ${b64('a:b')}`), {}), {
      ok: true,
    });
    const reason = async (value?: string): Promise<string | undefined> => {
      const ctx = value === undefined ? background() : withAuthorization(background(), value);
      return ep(ctx, {}).then(
        () => 'passed',
        (err: unknown) => reasonOf(err),
      );
    };
    assert.equal(await reason(), 'CREDENTIALS_MISSING');
    assert.equal(await reason('Basic !!'), 'CREDENTIALS_MALFORMED');
    assert.equal(await reason(`Basic ${b64('a:c')}`), 'CREDENTIALS_INVALID');
  });
});

describe('parseBasic', () => {
  it('decodes RFC 7617 credentials; the scheme is case-insensitive', () => {
    assert.deepEqual(parseBasic(`Basic ${b64('u:p')}`), { user: 'u', password: 'p' });
    assert.deepEqual(parseBasic(`basic ${b64('u:')}`), { user: 'u', password: '' });
    assert.deepEqual(parseBasic(`BASIC ${b64('ü:ß')}`), { user: 'ü', password: 'ß' });
  });
  it('refuses other schemes, bad base64, no colon and extra words', () => {
    for (const v of [
      undefined,
      '',
      'Basic',
      'Basic ',
      'Bearer x',
      `Basic ${b64('nocolon')}`,
      'Basic a=b=',
      `Basic ${b64('u:p')} x`,
      `Basicx ${b64('u:p')}`,
    ]) {
      assert.equal(parseBasic(v), undefined, String(v));
    }
  });
});

describe('scrypt hashed passwords', () => {
  const fast = { ln: 4 } as const;

  it('hashes into a PHC string and verifies it', async () => {
    const stored = await hashPassword('s3cret', fast);
    assert.match(stored, /^\$scrypt\$ln=4,r=8,p=1\$[A-Za-z0-9+/]{22}\$[A-Za-z0-9+/]{43}$/);
    assert.equal(await verifyPassword('s3cret', stored), true);
    assert.equal(await verifyPassword('s3creT', stored), false);
    assert.notEqual(await hashPassword('s3cret', fast), stored, 'a fresh salt each time');
  });

  it('verifies with the default cost (N = 2^15) within its memory bound', async () => {
    const stored = await hashPassword('pw');
    assert.match(stored, /^\$scrypt\$ln=15,/);
    assert.equal(await verifyPassword('pw', stored), true);
  });

  it('refuses malformed stored strings as configuration errors', async () => {
    for (const s of ['', 'plain', '$scrypt$ln=99,r=8,p=1$AAAA$AAAA', '$bcrypt$x']) {
      await assert.rejects(verifyPassword('x', s), TypeError);
    }
    await assert.rejects(scryptVerifier({ u: 'nope' }), TypeError);
  });

  it('guards a real server through basicVerify; unknown users fail like wrong passwords', async () => {
    const verify = await scryptVerifier({ alice: await hashPassword('wonder', fast) });
    const url = await serve(basicVerify({ verify, realm: 'r' })(hello));
    assert.equal((await post(url, { authorization: `Basic ${b64('alice:wonder')}` })).status, 200);
    assert.equal((await post(url, { authorization: `Basic ${b64('alice:wander')}` })).status, 401);
    assert.equal((await post(url, { authorization: `Basic ${b64('bob:wonder')}` })).status, 401);
  });
});

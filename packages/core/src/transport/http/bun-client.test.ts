import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

// The Fetch client under a real Fetch runtime: Bun (the @oven/bun-linux-x64 package that
// examples/stringsvc1 installs), calling a node:http server of this test. Under CI=true a
// missing binary fails instead of skipping.
const bun = fileURLToPath(
  new URL('../../../../../node_modules/@oven/bun-linux-x64/bin/bun', import.meta.url),
);
const httpEntry = new URL('./index.js', import.meta.url).href;
const contextEntry = new URL('../../context/index.js', import.meta.url).href;
const skip = existsSync(bun) || process.env['CI'] === 'true' ? false : `no Bun binary at ${bun}`;

/** The script Bun runs: each case prints one JSON line `{ case, ... }`. */
const script = (base: string, refused: string) => `
import { createFetchClient, decodeJSONResponse, encodeJSONRequest, setRequestHeader } from ${JSON.stringify(httpEntry)};
import { background, withTimeout } from ${JSON.stringify(contextEntry)};
const out = (c, v) => console.log(JSON.stringify({ case: c, ...v }));
const nop = () => {};
const fail = (e) => ({ name: e?.name, code: e?.code, reason: e?.reason, message: String(e?.message) });

const sum = createFetchClient('POST', '${base}/sum', encodeJSONRequest, decodeJSONResponse, {
  before: [setRequestHeader('X-Caller', 'bun')],
  after: [(ctx, res) => (out('after', { cookies: res.headers['set-cookie'], type: res.headers['content-type'] }), ctx)],
});
const [ctx, cancel] = withTimeout(background(), 5000);
out('sum', await sum(ctx, { a: 1, b: 2 }));
cancel();

out('status', await createFetchClient('GET', '${base}/fail', nop, decodeJSONResponse)(background(), 0).catch(fail));

const [short, cancel2] = withTimeout(background(), 100);
let t = Date.now();
out('deadline', { ...(await createFetchClient('GET', '${base}/slow', nop, (c, r) => r.text())(short, 0).catch(fail)), ms: Date.now() - t });
cancel2();

out('refused', await createFetchClient('GET', '${refused}', nop, (c, r) => r.text())(background(), 0).catch(fail));

out('limit', await createFetchClient('GET', '${base}/chunked', nop, (c, r) => r.text(), { maxResponseBytes: 1000 })(background(), 0).catch(fail));

const [slowBody, cancel3] = withTimeout(background(), 5000);
t = Date.now();
out('ignored', { status: await createFetchClient('GET', '${base}/trickle', nop, (c, r) => r.status)(slowBody, 0), ms: Date.now() - t });
cancel3();

async function* parts() { yield new TextEncoder().encode('from '); yield new TextEncoder().encode('bun'); }
out('stream', { text: await createFetchClient('POST', '${base}/echo', (c, req) => void (req.body = parts()), (c, r) => r.text())(background(), 0) });

const auth = createFetchClient('POST', '${base.replace('http://', 'http://ann:secret@')}/sum', encodeJSONRequest, decodeJSONResponse);
out('auth', { authorization: (await auth(background(), { a: 0, b: 0 })).seen.authorization });
`;

describe('Fetch client under Bun', { skip }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'svckit-bun-client-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('calls a node:http server: hooks, codes, deadline, refusal, limits, streams, auth', async (t) => {
    const server = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        switch (req.url) {
          case '/sum': {
            const { a, b } = JSON.parse(body) as { a: number; b: number };
            res.setHeader('content-type', 'application/json');
            res.setHeader('set-cookie', ['a=1', 'b=2']);
            res.end(JSON.stringify({ v: a + b, seen: req.headers }));
            return;
          }
          case '/fail':
            res.writeHead(404, { 'content-type': 'text/plain', 'svckit-error-code': 'not_found' });
            res.end('no such user');
            return;
          case '/slow':
            setTimeout(() => res.end('late'), 3000).unref();
            return;
          case '/chunked':
            for (let i = 0; i < 10; i++) res.write('z'.repeat(1000));
            res.end();
            return;
          case '/trickle': {
            res.writeHead(200, { 'content-length': String(1024 * 1024) });
            const tick = setInterval(() => res.write('x'.repeat(1000)), 100);
            res.on('close', () => clearInterval(tick));
            setTimeout(() => clearInterval(tick), 20_000).unref();
            return;
          }
          default:
            res.end(`${req.method ?? ''} ${body}`);
        }
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    after(() => {
      server.closeAllConnections();
      server.close();
    });
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const gone = createServer();
    await new Promise<void>((resolve) => gone.listen(0, '127.0.0.1', resolve));
    const refused = `http://127.0.0.1:${(gone.address() as AddressInfo).port}/x`;
    await new Promise<void>((resolve) => gone.close(() => resolve()));

    const file = join(dir, 'client.mjs');
    writeFileSync(file, script(base, refused));
    const child = spawn(bun, [file], { stdio: ['ignore', 'pipe', 'pipe'] });
    after(() => child.kill('SIGKILL'));
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    assert.equal(code, 0, `bun failed:\n${stderr}\n${stdout}`);
    const results = new Map<string, Record<string, unknown>>();
    for (const line of stdout.trim().split('\n')) {
      const v = JSON.parse(line) as { case: string };
      results.set(v.case, v);
    }
    const get = (c: string) => results.get(c) ?? assert.fail(`no ${c} in:\n${stdout}`);

    assert.deepEqual(get('after'), {
      case: 'after',
      cookies: ['a=1', 'b=2'],
      type: 'application/json',
    });
    const sum = get('sum') as { v: number; seen: Record<string, string> };
    assert.equal(sum.v, 3);
    assert.equal(sum.seen['x-caller'], 'bun');
    assert.ok(Number(sum.seen['connect-timeout-ms']) > 4000, 'the deadline travelled');
    assert.deepEqual(get('status'), {
      case: 'status',
      name: 'ResponseStatusError',
      code: 'not_found',
      reason: 'BAD_STATUS',
      message: 'no such user',
    });
    const deadline = get('deadline');
    assert.equal(deadline['name'], 'DeadlineExceededError');
    assert.ok((deadline['ms'] as number) < 1500, `deadline after ${String(deadline['ms'])} ms`);
    const refusedErr = get('refused');
    t.diagnostic(`under Bun a refused connection is: ${JSON.stringify(refusedErr)}`);
    assert.equal(refusedErr['name'], 'RequestError');
    assert.equal(refusedErr['code'], 'unavailable');
    assert.match(String(refusedErr['message']), new RegExp(`^GET ${refused}: `));
    assert.equal(get('limit')['reason'], 'BODY_TOO_LARGE');
    const ignored = get('ignored');
    assert.equal(ignored['status'], 200);
    assert.ok(
      (ignored['ms'] as number) < 1000,
      `an ignored slow body took ${String(ignored['ms'])} ms`,
    );
    assert.equal(get('stream')['text'], 'POST from bun');
    assert.equal(
      get('auth')['authorization'],
      `Basic ${Buffer.from('ann:secret').toString('base64')}`,
    );
  });
});

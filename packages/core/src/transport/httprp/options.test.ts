import assert from 'node:assert/strict';
import { createServer as createNodeServer } from 'node:http';
import type { IncomingMessage } from 'node:http';
import { describe, it } from 'node:test';
import { gzipSync } from 'node:zlib';
import { withCancel } from '../../context/index.js';
import { ServiceError } from '../../errors/index.js';
import { listenPlain, serve } from '../http/serve.test.helper.js';
import { createProxy } from './index.js';

async function recorder() {
  const seen: IncomingMessage['headers'][] = [];
  const url = await listenPlain(
    createNodeServer((req, res) => {
      seen.push(req.headers);
      req.resume();
      if (req.url === '/gzip') {
        res.writeHead(200, { 'content-type': 'text/plain', 'content-encoding': 'gzip' });
        res.end(gzipSync('compressed body'));
        return;
      }
      if (req.url === '/hang') return;
      res.end('ok');
    }),
  );
  return { url, seen };
}

describe('httprp options and edge paths', () => {
  it('maxTimeoutMs caps the deadline; grpc-timeout counts; repeated headers stay repeated', async () => {
    const o = await recorder();
    const proxy = await serve(createProxy(o.url, { maxTimeoutMs: 1000 }));
    await (await fetch(`${proxy}/a`)).text();
    assert.ok(Number(o.seen.at(-1)?.['connect-timeout-ms']) <= 1000);
    await (await fetch(`${proxy}/a`, { headers: { 'grpc-timeout': '300m' } })).text();
    assert.ok(Number(o.seen.at(-1)?.['connect-timeout-ms']) <= 300);
    const h = new Headers();
    h.append('x-forwarded-for', '10.0.0.1');
    h.append('x-forwarded-for', '10.0.0.2');
    await (await fetch(`${proxy}/a`, { headers: h })).text();
    assert.match(String(o.seen.at(-1)?.['x-forwarded-for']), /^10\.0\.0\.1, 10\.0\.0\.2, /);
  });

  it("a before hook's error is answered by its code; its cancelled context aborts the exchange", async () => {
    const o = await recorder();
    const refusing = createProxy(o.url, {
      before: [
        () => {
          throw new ServiceError('permission_denied', 'no');
        },
      ],
    });
    const res = await fetch(`${await serve(refusing)}/a`);
    assert.deepEqual([res.status, await res.text()], [403, '403 no\n']);
    const viaFetch = await refusing.fetch(new Request('http://x/a'));
    assert.equal(viaFetch.status, 403);
    let stop: (() => void) | undefined;
    const canceling = createProxy(o.url, {
      before: [
        (c) => {
          const [child, cancelChild] = withCancel(c);
          stop = cancelChild;
          return child;
        },
      ],
    });
    const url = await serve(canceling);
    const pending = fetch(`${url}/hang`).then(
      (r) => r.status,
      () => 0,
    );
    await new Promise((r) => setTimeout(r, 100));
    stop?.();
    assert.equal(await pending, 499); // canceled, by the table (client closed request)
  });

  it('Fetch face: compressed answers go on decoded; Bun-style peer info; a spent deadline; the client leaving', async () => {
    const o = await recorder();
    const proxy = createProxy(o.url);
    const res = await proxy.fetch(new Request('http://x/gzip'), {
      requestIP: () => ({ address: '192.0.2.44', port: 1 }),
    });
    assert.equal(await res.text(), 'compressed body');
    assert.equal(res.headers.get('content-encoding'), null);
    assert.equal(o.seen.at(-1)?.['x-forwarded-for'], '192.0.2.44');
    const spent = await proxy.fetch(
      new Request('http://x/a', { headers: { 'connect-timeout-ms': '0' } }),
    );
    assert.equal(spent.status, 504);
    const controller = new AbortController();
    const pending = proxy.fetch(new Request('http://x/hang', { signal: controller.signal }));
    setTimeout(() => controller.abort(), 50);
    const gone = await pending;
    assert.ok(gone.status >= 400);
    const multi = new Headers();
    multi.append('x-many', 'a');
    multi.append('x-many', 'b');
    await (await proxy.fetch(new Request('http://x/a', { headers: multi }))).text();
    assert.equal(o.seen.at(-1)?.['x-many'], 'a, b');
  });
});

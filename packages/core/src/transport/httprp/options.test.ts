import assert from 'node:assert/strict';
import { createServer as createNodeServer } from 'node:http';
import type { IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, createServer as createHttpsServer } from 'node:https';
import { connect } from 'node:net';
import type { AddressInfo } from 'node:net';
import { freePort } from '@svckit/testing';
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

// The self-signed certificate for 127.0.0.1 of ../http/client-https.test.ts.
const key = `-----BEGIN PRIVATE KEY-----
MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgccab5qNJuJ3POd//
YV6EloEJQscuZGIXzc4/8gMjT+6hRANCAATwpAo1Nma5H1V+HLq3/7bcux4P7KoC
+DEDdVBxtsbuain4IDfzskrUwmZ6cExf1o8VbM602xvD8xl1oPvaVCBn
-----END PRIVATE KEY-----`;
const cert = `-----BEGIN CERTIFICATE-----
MIIBkDCCATagAwIBAgIUevNRkFO18WmLekOXSmCOrCuyITowCgYIKoZIzj0EAwIw
FDESMBAGA1UEAwwJMTI3LjAuMC4xMCAXDTI2MTEyNTE1MzkwMVoYDzIxMjYxMTAx
MTUzOTAxWjAUMRIwEAYDVQQDDAkxMjcuMC4wLjEwWTATBgcqhkjOPQIBBggqhkjO
PQMBBwNCAATwpAo1Nma5H1V+HLq3/7bcux4P7KoC+DEDdVBxtsbuain4IDfzskrU
wmZ6cExf1o8VbM602xvD8xl1oPvaVCBno2QwYjAdBgNVHQ4EFgQUAXf+Ef415iFB
YRs/t6JhT62xh6kwHwYDVR0jBBgwFoAUAXf+Ef415iFBYRs/t6JhT62xh6kwDwYD
VR0TAQH/BAUwAwEB/zAPBgNVHREECDAGhwR/AAABMAoGCCqGSM49BAMCA0gAMEUC
IQDtrD5OjV3pAnrIUBQPIrI82CQ8OMOOuhdRYK6KrcddwQIgMeuFCw+mhevAogbf
r2Tpq2OFsuCwi56uzPvkOZ0OvYQ=
-----END CERTIFICATE-----`;

describe('httprp options and edge paths', () => {
  it('an https origin, through the agent given; an IPv6 origin; stripPrefix before a query', async () => {
    const tls = createHttpsServer({ key, cert }, (req, res) => res.end(`tls ${req.url}`));
    await new Promise<void>((r) => tls.listen(0, '127.0.0.1', r));
    const port = (tls.address() as AddressInfo).port;
    const proxy = await serve(
      createProxy(`https://127.0.0.1:${port}/base`, {
        agent: new HttpsAgent({ ca: cert }),
        stripPrefix: '/p',
      }),
    );
    assert.equal(await (await fetch(`${proxy}/p?q=1`)).text(), 'tls /base/?q=1');
    tls.close();
    const v6 = createNodeServer((req, res) => res.end(`v6 ${req.headers['host']}`));
    await new Promise<void>((r) => v6.listen(0, '::1', r));
    const p6 = (v6.address() as AddressInfo).port;
    const via6 = await serve(createProxy(`http://[::1]:${p6}`));
    assert.equal(await (await fetch(`${via6}/`)).text(), `v6 [::1]:${p6}`);
    v6.close();
  });

  it('repeated request headers stay repeated; an error handler that throws changes nothing', async () => {
    const o = await recorder();
    const proxy = new URL(
      await serve(
        createProxy(o.url, {
          errorHandler: () => {
            throw new Error('handler bug');
          },
        }),
      ),
    );
    const answer = await new Promise<string>((resolve) => {
      let out = '';
      const s = connect(Number(proxy.port), proxy.hostname, () =>
        s.write(
          'GET /r HTTP/1.1\r\nHost: x\r\nX-Forwarded-For: 10.0.0.1\r\nX-Forwarded-For: 10.0.0.2\r\nX-Many: a\r\nX-Many: b\r\nConnection: close\r\n\r\n',
        ),
      );
      s.setEncoding('utf8').on('data', (d: string) => (out += d));
      s.on('close', () => resolve(out));
    });
    assert.match(answer, /^HTTP\/1\.1 200/);
    assert.match(
      String(o.seen.at(-1)?.['x-forwarded-for']),
      /^10\.0\.0\.1, 10\.0\.0\.2, 127\.0\.0\.1$/,
    );
    assert.equal(o.seen.at(-1)?.['x-many'], 'a, b');
    const dead = createProxy(`http://127.0.0.1:${await freePort()}`, {
      errorHandler: () => {
        throw new Error('handler bug');
      },
    });
    assert.equal((await dead.fetch(new Request('http://x/'))).status, 502);
  });

  it('Fetch face: a hook may set a header to several values; a peer without an address', async () => {
    const o = await recorder();
    const proxy = createProxy(o.url, {
      before: [(ctx, r) => ((r.headers['x-list'] = ['1', '2']), ctx)],
    });
    await (await proxy.fetch(new Request('http://x/a'), { requestIP: () => null })).text();
    assert.equal(o.seen.at(-1)?.['x-list'], '1, 2');
    assert.equal(o.seen.at(-1)?.['x-forwarded-for'], undefined);
  });

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

import assert from 'node:assert/strict';
import { connect } from 'node:net';
import type { AddressInfo } from 'node:net';
import { describe, it } from 'node:test';
import { listen } from './listen.js';

const ok = (_req: unknown, res: { end(body: string): void }) => res.end('ok');

describe('listen: timeouts that fit together', () => {
  it('a requestTimeout below 10 s alone brings the headers timeout down with it', async () => {
    const server = await listen(ok, { requestTimeout: 300 });
    try {
      assert.equal(server.requestTimeout, 300);
      assert.equal(server.headersTimeout, 300);
      // A client that never finishes its headers is cut off by the shorter budget.
      const { port } = server.address() as AddressInfo;
      const socket = connect(port, '127.0.0.1');
      socket.write('GET / HTTP/1.1\r\nHost: x\r\n');
      const started = Date.now();
      const answer = await new Promise<string>((resolve) => {
        let got = '';
        socket.on('data', (d: Buffer) => (got += d.toString('latin1')));
        socket.on('close', () => resolve(got));
      });
      assert.match(answer, /^HTTP\/1\.1 408/);
      assert.ok(Date.now() - started < 5000, `cut off after ${Date.now() - started} ms`);
    } finally {
      server.close();
    }
  });

  it('the defaults stay 10 s and 30 s; a long requestTimeout keeps 10 s for headers', async () => {
    const a = await listen(ok);
    const b = await listen(ok, { requestTimeout: 60_000 });
    try {
      assert.deepEqual([a.headersTimeout, a.requestTimeout], [10_000, 30_000]);
      assert.deepEqual([b.headersTimeout, b.requestTimeout], [10_000, 60_000]);
    } finally {
      a.close();
      b.close();
    }
  });

  it('a headers timeout above the request timeout is a clear RangeError', async () => {
    await assert.rejects(listen(ok, { headersTimeout: 20_000, requestTimeout: 5_000 }), {
      name: 'RangeError',
      message: 'listen: headersTimeout (20000 ms) must be at most requestTimeout (5000 ms)',
    });
  });
});

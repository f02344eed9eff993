// Root `npm start` (scripts/start.sh): it narrates the install and build, then addsvc prints
// its addresses, a curl line and the limits; the banner's advice when a port is taken.
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';
import { startProcess } from '@svckit/testing';
import { main } from './addsvc.js';
import { recordingLogger } from './addsvc.test.helper.js';

const script = fileURLToPath(new URL('../../../scripts/start.sh', import.meta.url));

async function until(check: () => boolean, what: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('npm start (scripts/start.sh)', () => {
  it('says what it does, then shows the addresses, a curl line and the limits', async (t) => {
    const proc = await startProcess('bash', [
      script,
      '-http-addr=127.0.0.1:0',
      '-grpc-addr=127.0.0.1:0',
      '-debug.addr=127.0.0.1:0',
      '-jsonrpc-addr=127.0.0.1:0',
    ]);
    t.after(() => proc.stop());
    await until(() => proc.output().includes('Stop with Ctrl-C'), 'the banner');
    const out = proc.output();
    assert.match(out, /svckit: building addsvc and what it uses \(tsc -b; /);
    assert.match(out, /svckit: built in \d+ s; starting addsvc/);
    const http = /\n {2}HTTP +(127\.0\.0\.1:\d+) +POST \/sum, \/concat\n/.exec(out)?.[1];
    assert.ok(http !== undefined, out);
    assert.match(out, /\n {2}gRPC +127\.0\.0\.1:\d+ +pb\.Add\/Sum, pb\.Add\/Concat/);
    assert.match(out, /\n {2}debug +127\.0\.0\.1:\d+ +\/metrics, \/healthz, \/readyz\n/);
    const jsonrpc = /\n {2}JSON-RPC +(127\.0\.0\.1:\d+) +JSON-RPC 2\.0 methods sum, concat/.exec(
      out,
    )?.[1];
    assert.ok(jsonrpc !== undefined, out);
    assert.ok(out.includes(`npm start -w examples/addcli -- -jsonrpc-addr ${jsonrpc} 1 2`), out);
    assert.ok(out.includes(`curl -d '{"a":1,"b":2}' http://${http}/sum`), out);
    assert.match(out, /Sum: {4}1 call per second \(burst 1\)/);
    assert.match(out, /circuit breaker that counts those rejections as failures/);
    // The curl line works.
    const res = await fetch(`http://${http}/sum`, { method: 'POST', body: '{"a":1,"b":2}' });
    assert.equal(await res.text(), '{"v":3}\n');
    proc.signal('SIGTERM');
    assert.equal((await proc.exited).code, 0);
  });
});

describe('the banner when a port is taken', () => {
  it('says which and how to choose others', async (t) => {
    const taken = createServer();
    await new Promise<void>((r) => taken.listen(0, '127.0.0.1', r));
    t.after(() => new Promise<void>((r) => taken.close(() => r())));
    const port = (taken.address() as { port: number }).port;
    let stdout = '';
    const code = await main(
      ['-banner', `-http-addr=127.0.0.1:${port}`, '-grpc-addr=', '-debug.addr=', '-jsonrpc-addr='],
      { stdout: { write: (s: string) => (stdout += s) }, stderr: { write: () => true } },
      { logger: recordingLogger([]), signals: [] },
    );
    assert.equal(code, 1);
    assert.match(stdout, /addsvc could not start: listen EADDRINUSE/);
    assert.match(stdout, /npm start -- -http-addr 127\.0\.0\.1:9081/);
  });
});

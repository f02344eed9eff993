import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { freePort, startProcess, waitForPort } from '@svckit/testing';
import type { StartedProcess } from '@svckit/testing';
import { call, startRawUpstream, startUpstream, stringsvc3Main } from './test-support.js';

/** startMain runs `node dist/main.js args...` in its own process group. */
async function startMain(args: string[]): Promise<StartedProcess> {
  const proc = await startProcess(process.execPath, [stringsvc3Main, ...args]);
  after(() => proc.stop());
  return proc;
}

describe('main: the stringsvc3 process', () => {
  it('--listen and --proxy: proxies uppercase, serves count, logs in logfmt', async () => {
    const upstream = await startUpstream();
    after(() => upstream.proc.stop());
    const port = await freePort();
    const proc = await startMain([
      '--listen',
      `127.0.0.1:${port}`,
      '--proxy',
      `${upstream.addr}, `,
    ]);
    await waitForPort('127.0.0.1', port, 10_000);
    const base = `http://127.0.0.1:${port}`;
    assert.equal((await call(base, '/uppercase', '{"s":"foo"}')).body, '{"v":"FOO"}\n');
    assert.equal((await call(base, '/count', '{"s":"foo"}')).body, '{"v":3}\n');
    await upstream.proc.stop();
    const down = JSON.parse((await call(base, '/uppercase', '{"s":"foo"}')).body) as {
      err: string;
    };
    assert.match(down.err, /ECONNREFUSED/);
    // stringsvc2's instrumenting and /metrics, as Go kit's stringsvc3 wires them: the proxy's
    // in-band failure counts as error="true".
    const metrics = (await (await fetch(`${base}/metrics`)).text()).split('\n');
    const prefix = 'my_group_string_service_request_count';
    for (const line of [
      `${prefix}{error="false",method="uppercase"} 1`,
      `${prefix}{error="true",method="uppercase"} 1`,
      `${prefix}{error="false",method="count"} 1`,
    ]) {
      assert.ok(metrics.includes(line), `missing ${line}`);
    }
    const out = proc.output();
    assert.match(
      out,
      new RegExp(`listen=127.0.0.1:${port} caller=\\S+ proxy_to=\\[${upstream.addr}\\]`),
    );
    assert.match(out, new RegExp(`msg=HTTP addr=127.0.0.1:${port}`));
    assert.match(out, /method=uppercase input=foo output=FOO err=null took=[\d.]+(ns|µs|ms|s)\n/);
    assert.match(out, /method=count input=foo n=3 took=/);
    assert.match(out, /method=uppercase input=foo output= err="GET http:.*ECONNREFUSED/);
  });

  it('without --proxy it serves uppercase itself (proxy_to=none)', async () => {
    const port = await freePort();
    // Go's flag syntax, as Go kit's README runs it: one dash, `=` or a space.
    const proc = await startMain([`-listen=127.0.0.1:${port}`, '-proxy', '']);
    await waitForPort('127.0.0.1', port, 10_000);
    assert.equal(
      (await call(`http://127.0.0.1:${port}`, '/uppercase', '{"s":"héllo"}')).body,
      '{"v":"HÉLLO"}\n',
    );
    assert.match(proc.output(), /proxy_to=none/);
  });

  it('SIGTERM: the request in flight is answered, then the process exits 0', async () => {
    const slow = await startRawUpstream(() => ({ body: '{"v":"SLOW"}\n', delayMs: 150 }));
    after(() => slow.close());
    const port = await freePort();
    const proc = await startMain(['--listen', `127.0.0.1:${port}`, '--proxy', slow.addr]);
    await waitForPort('127.0.0.1', port, 10_000);
    const pending = call(`http://127.0.0.1:${port}`, '/uppercase', '{"s":"slow"}');
    while (slow.seen.length === 0) await new Promise((r) => setTimeout(r, 5));
    proc.signal('SIGTERM');
    assert.deepEqual((await pending).body, '{"v":"SLOW"}\n');
    assert.deepEqual(await proc.exited, { code: 0, signal: null });
    assert.match(proc.output(), /msg="shutting down" signal=SIGTERM/);
    assert.match(proc.output(), /msg=stopped graceful=true destroyed=0/);
  });

  it('bad flags: a clear error and exit status 2', async () => {
    for (const [args, text] of [
      [['--listen', 'nope'], /invalid --listen address \\"nope\\"/],
      [['--listen', '127.0.0.1:0', '--proxy', 'http://'], /invalid instance/],
    ] as const) {
      const proc = await startMain([...args]);
      assert.equal((await proc.exited).code, 2, proc.output());
      assert.match(proc.output(), text);
    }
  });
});

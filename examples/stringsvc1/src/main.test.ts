import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { freePort, startProcess, waitForPort } from '@svckit/testing';
import type { StartedProcess } from '@svckit/testing';

const main = fileURLToPath(new URL('./main.js', import.meta.url));

/** startMain runs `node dist/main.js args...` in its own process group, stopped after the test. */
async function startMain(args: string[]): Promise<StartedProcess> {
  const proc = await startProcess(process.execPath, [main, ...args]);
  after(() => proc.stop());
  return proc;
}

// runMain is shared by the three stringsvc mains; stringsvc2's and stringsvc3's tests run it
// through their own programs too.
describe('stringsvc1 main (runMain)', () => {
  it("takes Go's -listen=host:port, logs msg=HTTP, stops gracefully on SIGTERM (exit 0)", async () => {
    const port = await freePort();
    const proc = await startMain([`-listen=127.0.0.1:${port}`]);
    await waitForPort('127.0.0.1', port, 10_000);
    const res = await fetch(`http://127.0.0.1:${port}/uppercase`, {
      method: 'POST',
      body: '{"s":"main"}',
    });
    assert.equal(await res.text(), '{"v":"MAIN"}\n');
    proc.signal('SIGTERM');
    assert.deepEqual(await proc.exited, { code: 0, signal: null });
    assert.match(proc.output(), new RegExp(`^msg=HTTP addr=127\\.0\\.0\\.1:${port}$`, 'm'));
    assert.match(proc.output(), /^msg="shutting down" signal=SIGTERM$/m);
    assert.match(proc.output(), /^msg=stopped graceful=true destroyed=0$/m);
  });

  it('a bad --listen address or an unknown flag: a clear error and exit status 2', async () => {
    for (const [args, text] of [
      [['--listen', 'nope'], /invalid --listen address \\"nope\\": want host:port/],
      [['--listen', '127.0.0.1:99999'], /invalid --listen address/],
      [['--bogus', 'x'], /err=.*Unknown option '--bogus'/],
    ] as const) {
      const proc = await startMain([...args]);
      assert.equal((await proc.exited).code, 2, proc.output());
      assert.match(proc.output(), text);
    }
  });

  it('a port already in use: the error is logged and the exit status is 1', async () => {
    const port = await freePort();
    const first = await startMain(['--listen', `127.0.0.1:${port}`]);
    await waitForPort('127.0.0.1', port, 10_000);
    const second = await startMain(['--listen', `127.0.0.1:${port}`]);
    assert.equal((await second.exited).code, 1, second.output());
    assert.match(second.output(), /EADDRINUSE/);
    await first.stop();
  });
});

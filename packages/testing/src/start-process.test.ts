import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer } from 'node:net';
import { test } from 'node:test';
import { freePort } from './free-port.js';
import { startProcess } from './start-process.js';
import { waitForPort } from './wait-for-port.js';

/** Whether pid runs (a zombie waiting for init to reap it counts as gone). */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}

async function gone(pid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (alive(pid)) {
    if (Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return true;
}

test('startProcess collects output and stop() kills the whole process group', async () => {
  const proc = await startProcess('sh', ['-c', 'sleep 60 & echo "child $!"; echo ready; wait']);
  const deadline = Date.now() + 5000;
  while (!proc.output().includes('ready') && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  const match = /child (\d+)/.exec(proc.output());
  assert.ok(match?.[1] !== undefined, proc.output());
  const grandchild = Number(match[1]);
  assert.ok(alive(grandchild));
  assert.ok(proc.running());
  await proc.stop();
  assert.ok(!proc.running());
  assert.ok(await gone(grandchild, 2000), 'the child of the started process must be gone too');
  await proc.stop();
});

test('stop() escalates to SIGKILL when SIGTERM is ignored', async () => {
  const proc = await startProcess(
    'sh',
    ['-c', 'trap "" TERM; echo ready; while :; do sleep 1; done'],
    {
      stopTimeoutMs: 200,
    },
  );
  while (!proc.output().includes('ready')) await new Promise((r) => setTimeout(r, 20));
  const started = Date.now();
  await proc.stop();
  const exit = await proc.exited;
  assert.equal(exit.signal, 'SIGKILL');
  assert.ok(Date.now() - started < 10_000, 'killed, not waited for (it ignores SIGTERM forever)');
});

test('startProcess rejects a command that does not exist', async () => {
  await assert.rejects(startProcess('/nonexistent/svckit-no-such-binary'), /ENOENT/);
});

test('freePort and waitForPort', async () => {
  const port = await freePort({ udp: true });
  assert.ok(port > 0);
  await assert.rejects(waitForPort('127.0.0.1', port, 200), /waitForPort/);
  const server = createServer((socket) => socket.end());
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  try {
    await waitForPort('127.0.0.1', port, 2000);
  } finally {
    await new Promise((resolve) => server.close(resolve));
  }
});

test('with a logFile the output goes to the file; keepAfterExit needs one', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'svckit-start-'));
  try {
    const logFile = join(dir, 'out.log');
    const proc = await startProcess('sh', ['-c', 'echo to-out; echo to-err >&2'], { logFile });
    await proc.exited;
    assert.match(readFileSync(logFile, 'utf8'), /to-out\nto-err\n/);
    assert.match(proc.output(), /to-out/);
    await assert.rejects(startProcess('true', [], { keepAfterExit: true }), /needs a logFile/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

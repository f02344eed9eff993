import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import type { Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { freePort } from './free-port.js';
import { pidAlive, processStartTime } from './process-group.js';
import { readState } from './server-run.js';
import { fakeTable } from './fake-table.fixture.js';
import { createServices } from './services-control.js';
import { startProcess } from './start-process.js';
import { requireBinary } from './services.js';

const quiet = (): void => undefined;

/**
 * A free port below the kernel's ephemeral range (32768+ on Linux), so that neither these
 * servers nor the next ports they walk up to take a port another test has just been given.
 */
const basePort = (): Promise<number> =>
  freePort({ preferred: 20_000 + Math.floor(Math.random() * 10_000) });

const listen = (port: number): Promise<Server> =>
  new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve(server));
  });

describe('createServices over a table', () => {
  const runDir = mkdtempSync(join(tmpdir(), 'svckit-services-'));
  after(() => rmSync(runDir, { recursive: true, force: true }));

  it('starts on the next port when the preferred one is busy, exports it, keeps it running', async () => {
    const preferred = await basePort();
    const squatter = await listen(preferred);
    const services = createServices(runDir, fakeTable(preferred), quiet);
    try {
      assert.equal(await services.up(['fake', 'tool']), true);
    } finally {
      squatter.close();
    }
    const state = readState(runDir, 'fake');
    const port = state?.ports['main'];
    const pid = state?.processes[0]?.pid;
    assert.ok(port !== undefined && port > preferred && pid !== undefined, JSON.stringify(state));
    const env = readFileSync(join(runDir, 'env'), 'utf8');
    assert.match(env, new RegExp(`^export SVCKIT_FAKE_URL=tcp://127\\.0\\.0\\.1:${port}$`, 'm'));
    assert.match(env, new RegExp(`^export SVCKIT_FAKE_NODE=${process.execPath}$`, 'm'));
    assert.doesNotMatch(env, /SVCKIT_BROKEN_URL|NO_SUCH_TOOL/);
    assert.deepEqual(services.missingPackages(['fake', 'tool']), ['svckit-no-such-package']);

    // A second up keeps the server that answers; a dead one is started again.
    assert.equal(await services.up(['fake']), true);
    assert.equal(readState(runDir, 'fake')?.processes[0]?.pid, pid);
    process.kill(pid, 'SIGKILL');
    while (pidAlive(pid)) await sleep(20);
    assert.equal(await services.up(['fake']), true);
    const again = readState(runDir, 'fake')?.processes[0]?.pid;
    assert.ok(again !== undefined && again !== pid);

    await services.down();
    assert.ok(!pidAlive(again), 'down stopped it');
    assert.equal(existsSync(join(runDir, 'fake.json')), false);
    const envAfter = readFileSync(join(runDir, 'env'), 'utf8');
    assert.doesNotMatch(envAfter, /SVCKIT_FAKE_URL/);
    assert.match(envAfter, /SVCKIT_FAKE_NODE=/, 'the binaries stay in the env file');
    assert.deepEqual(await services.status(['fake', 'tool']), {
      ok: false,
      lines: ['fake       down', 'tool       missing'],
    });
  });

  it('reports a server that exits before it is ready and leaves nothing recorded', async () => {
    const services = createServices(runDir, fakeTable(await basePort()), quiet);
    assert.equal(await services.up(['broken']), false);
    assert.equal(readState(runDir, 'broken'), undefined);
    assert.match(readFileSync(join(runDir, 'broken.log'), 'utf8'), /no luck/);
  });

  it('stops what the old bash services.sh left running (its <name>.pid files)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'svckit-services-'));
    try {
      const old = await startProcess('sleep', ['60']);
      writeFileSync(join(dir, 'nats.pid'), `${old.pid} ${processStartTime(old.pid)}\n`);
      await createServices(dir, fakeTable(await basePort()), quiet).down();
      assert.equal((await old.exited).signal, 'SIGTERM');
      assert.equal(existsSync(join(dir, 'nats.pid')), false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('rejects a name the table does not have', async () => {
    const services = createServices(runDir, fakeTable(await basePort()), quiet);
    await assert.rejects(services.up(['nope']), /unknown service 'nope'; the table has: fake/);
  });

  it('leaves the servers running after the process that started them exits', async () => {
    const preferred = await basePort();
    const script = join(runDir, 'up.mjs');
    writeFileSync(
      script,
      `import { createServices } from ${JSON.stringify(new URL('./services-control.js', import.meta.url).href)};
import { fakeTable } from ${JSON.stringify(new URL('./fake-table.fixture.js', import.meta.url).href)};
process.exitCode = (await createServices(process.argv[2], fakeTable(Number(process.argv[3]))).up(['fake'])) ? 0 : 1;
`,
    );
    const child = spawnSync(process.execPath, [script, runDir, `${preferred}`], {
      encoding: 'utf8',
      timeout: 30_000,
    });
    assert.equal(child.status, 0, child.stderr);
    const pid = readState(runDir, 'fake')?.processes[0]?.pid;
    assert.ok(pid !== undefined && pidAlive(pid), 'the server outlived up');
    await createServices(runDir, fakeTable(preferred), quiet).down(['fake']);
    assert.ok(!pidAlive(pid));
  });
});

describe('the real table', () => {
  it('starts nats and dns in a run dir of its own beside the shared ones, then stops them', async (t) => {
    if (requireBinary(t, 'nats') === undefined || requireBinary(t, 'dnsmasq') === undefined) return;
    const runDir = mkdtempSync(join(tmpdir(), 'svckit-services-'));
    const services = createServices(runDir, undefined, quiet);
    try {
      assert.equal(await services.up(['nats', 'dns']), true);
      const env = readFileSync(join(runDir, 'env'), 'utf8');
      assert.match(env, /^export SVCKIT_NATS_URL=nats:\/\/127\.0\.0\.1:\d+$/m);
      assert.match(env, /^export SVCKIT_DNS_ADDR=127\.0\.0\.1:\d+$/m);
      assert.match(readFileSync(join(runDir, 'dnsmasq.d', '00-svckit.conf'), 'utf8'), /_svc\._tcp/);
      const { ok, lines } = await services.status(['nats', 'dns']);
      assert.equal(ok, true, lines.join('\n'));
      assert.match(lines[0] ?? '', /^nats\s+up\s+127\.0\.0\.1:\d+ \(pid \d+\)$/);
    } finally {
      await services.down();
      rmSync(runDir, { recursive: true, force: true });
    }
    assert.equal(readState(runDir, 'nats'), undefined);
  });
});

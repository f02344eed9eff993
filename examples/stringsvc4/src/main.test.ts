// `npm start` (dist/main.js) as a process on a NATS server of the test's own: it serves over
// NATS and HTTP, and SIGTERM drains it (exit 0); a broker it cannot reach exits 1.
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';
import { freePort, requireBinary, startProcess, waitForPort } from '@svckit/testing';

const main = fileURLToPath(new URL('./main.js', import.meta.url));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

test('main: serves, drains on SIGTERM, exits 1 without a broker', async (t) => {
  const bin = requireBinary(t, 'nats');
  if (bin === undefined) return;
  const natsPort = await freePort();
  const nats = await startProcess(bin, ['-a', '127.0.0.1', '-p', String(natsPort)]);
  t.after(() => nats.stop());
  await waitForPort('127.0.0.1', natsPort, 10_000);
  const httpPort = await freePort();
  const svc = await startProcess(process.execPath, [
    main,
    `-nats-url=nats://127.0.0.1:${natsPort}`,
    '-listen',
    `127.0.0.1:${httpPort}`,
  ]);
  t.after(() => svc.stop());
  for (let i = 0; i < 200 && !svc.output().includes('msg=HTTP'); i++) await sleep(25);
  assert.match(svc.output(), /msg=NATS url=nats:\/\/127\.0\.0\.1:\d+ subscribed=true/);
  const r = await fetch(`http://127.0.0.1:${httpPort}/uppercase`, {
    method: 'POST',
    body: '{"s":"hi"}',
  });
  assert.equal(await r.text(), '{"v":"HI"}\n');
  svc.signal('SIGTERM');
  const exit = await svc.exited;
  assert.equal(exit.code, 0, svc.output());
  assert.match(svc.output(), /msg="shutting down" signal=SIGTERM[\s\S]*msg=stopped/);

  const dead = await freePort();
  const failing = await startProcess(process.execPath, [
    main,
    `-nats-url=nats://127.0.0.1:${dead}`,
    '-listen=',
  ]);
  t.after(() => failing.stop());
  assert.equal((await failing.exited).code, 1);
});

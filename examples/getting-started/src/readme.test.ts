// The examples of packages/core/README.md, compiled and run: each is a module under readme/
// whose region is the README's code block (docs.test.ts checks they are identical).
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { startProcess } from '@svckit/testing';

/** capture collects what console.log prints while fn runs. */
async function capture(fn: () => Promise<unknown>): Promise<string[]> {
  const lines: string[] = [];
  const log = console.log;
  console.log = (...args: unknown[]) =>
    void lines.push(args.map((a) => JSON.stringify(a)).join(' '));
  try {
    await fn();
  } finally {
    console.log = log;
  }
  return lines;
}

test('core README: the HTTP server example serves, answers 400 and finalizes', async () => {
  const { listener } = await import('./readme/http-server.js');
  try {
    const base = `http://127.0.0.1:${(listener.address() as AddressInfo).port}`;
    const lines = await capture(async () => {
      const ok = await fetch(`${base}/uppercase`, { method: 'POST', body: '{"s":"hi"}' });
      assert.equal(await ok.text(), '{"v":"HI"}\n');
      const bad = await fetch(`${base}/uppercase`, { method: 'POST', body: '{"s":1}' });
      assert.equal(bad.status, 400);
      assert.equal(await bad.text(), 's must be a string');
    });
    assert.deepEqual(lines, ['"/uppercase" 200 11', '"/uppercase" 400 18']);
  } finally {
    listener.close();
  }
});

test('core README: the HTTP client example prints the sum and the header it sent', async () => {
  const lines = await capture(() => import('./readme/http-client.js'));
  assert.deepEqual(lines, ['{"v":3,"caller":"docs"}']);
});

test('core README: the shutdown example stops gracefully on SIGTERM', async (t) => {
  const program = fileURLToPath(new URL('./readme/shutdown.js', import.meta.url));
  const proc = await startProcess(process.execPath, [program]);
  t.after(() => proc.stop());
  const until = Date.now() + 10_000;
  while (!proc.output().includes('listening on') && Date.now() < until) {
    await new Promise((r) => setTimeout(r, 20));
  }
  assert.match(proc.output(), /listening on \{ address: '127\.0\.0\.1'/);
  proc.signal('SIGTERM');
  assert.deepEqual(await proc.exited, { code: 0, signal: null });
});

test('core README: the router example routes, mounts and answers 404', async () => {
  const { server } = await import('./readme/router.js');
  try {
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    assert.equal(await (await fetch(`${base}/v1/profiles/7`)).text(), '{"id":"7","name":"Ada"}\n');
    assert.equal((await fetch(`${base}/debug/vars`)).status, 200);
    const missing = await fetch(`${base}/v1/nothing`);
    assert.equal(missing.status, 404);
    assert.equal(await missing.text(), '404 page not found\n');
  } finally {
    server.close();
  }
});

test('core README: the Fetch client example calls a Fetch face in-process', async () => {
  const lines = await capture(() => import('./readme/fetch-client.js'));
  assert.deepEqual(lines, ['{"v":3}']);
});

/** program runs a README example as a program and returns its stdout lines. */
async function program(name: string): Promise<string[]> {
  const { execFile } = await import('node:child_process');
  const { promisify } = await import('node:util');
  const file = fileURLToPath(new URL(`./readme/${name}.js`, import.meta.url));
  const { stdout } = await promisify(execFile)(process.execPath, [file], {
    env: { ...process.env, LOG_LEVEL: 'info' },
  });
  return stdout.trimEnd().split('\n');
}

test('core README: the endpoint example logs the request id and prints HELLO', async () => {
  const lines = await program('endpoint');
  assert.match(lines[0] ?? '', /^id=r-1 took=\d+ms$/);
  assert.equal(lines[1], 'HELLO');
});

test('core README: the logging example writes logfmt, filters debug, marks a missing value', async () => {
  const lines = await program('logging');
  assert.equal(lines.length, 2, lines.join('\n'));
  assert.match(
    lines[0] ?? '',
    /^level=info ts=\S+Z caller=logging\.js:\d+ msg=listening addr=:8080$/,
  );
  assert.match(lines[1] ?? '', /^ts=\S+ caller=logging\.js:\d+ a=1 err=error odd=\(MISSING\)$/);
});

test('core README: the resilience example opens the breaker, fails fast, then recovers', async () => {
  const lines = await program('resilience');
  assert.deepEqual(lines, [
    ...Array<string>(5).fill('connection refused'),
    'breaker upstream: closed -> open',
    'connection refused',
    'failed fast',
    'failed fast',
    'breaker upstream: open -> half-open',
    'breaker upstream: half-open -> closed',
    'HI closed',
  ]);
});

// addsvc's one lifecycle for all its listeners: SIGTERM drains in-flight requests while
// /readyz says "stopping", the drain is bounded by -shutdown-timeout, a listener that fails
// stops every other one, and the run group's order and bounds.
import assert from 'node:assert/strict';
import { createServer as createNetServer, connect } from 'node:net';
import type { Server as NetServer, Socket } from 'node:net';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';
import { freePort, startProcess, waitForPort } from '@svckit/testing';
import { textAnswer } from '@svckit/core/transport/http';
import { startHTTP } from './listeners.js';
import type { HTTPActor } from './listeners.js';
import { createRunGroup } from './run-group.js';
import type { Actor } from './run-group.js';
import { post, raw, recordingLogger, startAddsvc } from './addsvc.test.helper.js';

const mainJs = fileURLToPath(new URL('./main.js', import.meta.url));

async function startChild(extra: readonly string[] = []) {
  const [http, grpc, debug] = [await freePort(), await freePort(), await freePort()];
  const proc = await startProcess(process.execPath, [
    mainJs,
    `-http-addr=127.0.0.1:${http}`,
    `--grpc-addr=127.0.0.1:${grpc}`,
    `-debug-addr=127.0.0.1:${debug}`,
    '-jsonrpc-addr=',
    ...extra,
  ]);
  await Promise.all([http, grpc, debug].map((p) => waitForPort('127.0.0.1', p, 10_000)));
  return { proc, http: `127.0.0.1:${http}`, debug: `127.0.0.1:${debug}` };
}

/**
 * openRequest sends, on one connection, a whole Concat and the head and half the body of a second
 * one, and resolves once the first is answered (so the server holds the connection and the
 * second request); reply is what follows the first answer, read until the server closes.
 */
function openRequest(address: string): Promise<{ socket: Socket; reply: Promise<string> }> {
  const colon = address.lastIndexOf(':');
  const first = 'HTTP/1.1 200 OK';
  return new Promise((resolve, reject) => {
    const socket = connect(Number(address.slice(colon + 1)), address.slice(0, colon), () => {
      const concat = 'POST /concat HTTP/1.1\r\nHost: x\r\nContent-Length: 17\r\n\r\n';
      const sum = 'POST /sum HTTP/1.1\r\nHost: x\r\nContent-Length: 13\r\n\r\n';
      socket.write(`${concat}{"a":"x","b":"y"}${sum}{"a":1,`);
    });
    let data = '';
    let answered = false;
    const reply = new Promise<string>((done) => {
      socket.on('close', () => done(data.slice(data.indexOf('{"v":"xy"}\n') + 11)));
    });
    socket.setEncoding('utf8').on('data', (d: string) => {
      data += d;
      if (!answered && data.startsWith(first) && data.includes('{"v":"xy"}\n')) {
        answered = true;
        resolve({ socket, reply });
      }
    });
    socket.on('error', reject);
  });
}

async function until(what: string, check: () => Promise<boolean>, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

function refused(address: string): Promise<boolean> {
  const colon = address.lastIndexOf(':');
  return new Promise((resolve) => {
    const s = connect(Number(address.slice(colon + 1)), address.slice(0, colon));
    s.once('connect', () => {
      s.destroy();
      resolve(false);
    });
    s.once('error', () => resolve(true));
  });
}

describe('addsvc lifecycle (the program)', () => {
  it('SIGTERM: readyz turns 503, in-flight requests finish, then it exits 0', async (t) => {
    const { proc, http, debug } = await startChild(['-shutdown-timeout=5s']);
    t.after(() => proc.stop());
    const ready = await post(debug, '/readyz', '');
    assert.deepEqual([ready.status, ready.body], [200, 'ready\n']);
    assert.deepEqual([(await post(debug, '/healthz', '')).status], [200]);

    const inflight = await openRequest(http);
    await new Promise((r) => setTimeout(r, 50)); // the server parses the second head
    proc.signal('SIGTERM');
    await until('readyz 503', async () => (await post(debug, '/readyz', '')).status === 503);
    const stopping = await post(debug, '/readyz', '');
    assert.equal(stopping.body, 'stopping\n');
    assert.ok(await refused(http), 'the HTTP listener no longer accepts');
    assert.ok(proc.running());

    inflight.socket.write('"b":2}');
    const reply = await inflight.reply; // resolves once the server closed the connection
    assert.match(reply, /^HTTP\/1\.1 200 OK\r\n/);
    assert.ok(reply.endsWith('\r\n\r\n{"v":3}\n'), reply);

    const exit = await proc.exited;
    assert.equal(exit.code, 0, proc.output());
    const out = proc.output();
    assert.match(out, /msg=stopping reason="received signal SIGTERM" timeout=5000ms/);
    const order = [...out.matchAll(/transport=(\S+) msg=stopped/g)].map((m) => m[1]);
    assert.equal(order.at(-1), 'debug/HTTP', out); // the debug listener stops last
    assert.deepEqual(new Set(order), new Set(['HTTP', 'gRPC', 'debug/HTTP']));
    assert.match(out, /exit="received signal SIGTERM"/);
  });

  it('bounds the drain by -shutdown-timeout: a stuck request is cut', async (t) => {
    const { proc, http } = await startChild(['-shutdown-timeout=300ms']);
    t.after(() => proc.stop());
    const stuck = await openRequest(http);
    await new Promise((r) => setTimeout(r, 100));
    const begin = Date.now();
    proc.signal('SIGINT');
    const exit = await proc.exited;
    assert.equal(exit.code, 0, proc.output());
    assert.ok(Date.now() - begin < 3000, `${Date.now() - begin} ms`);
    assert.equal(await stuck.reply, ''); // cut without an answer
  });

  it('a listener that cannot start stops the others and exits 1', async (t) => {
    const taken: NetServer = createNetServer();
    await new Promise<void>((r) => taken.listen(0, '127.0.0.1', r));
    t.after(() => new Promise<void>((r) => taken.close(() => r())));
    const port = (taken.address() as { port: number }).port;
    const [http, debug] = [await freePort(), await freePort()];
    const proc = await startProcess(process.execPath, [
      mainJs,
      `-http-addr=127.0.0.1:${http}`,
      `-grpc-addr=127.0.0.1:${port}`,
      `-debug.addr=127.0.0.1:${debug}`,
      '-jsonrpc-addr=',
    ]);
    t.after(() => proc.stop());
    const exit = await proc.exited;
    assert.equal(exit.code, 1, proc.output());
    assert.match(proc.output(), /transport=gRPC during=Listen err=/);
    assert.match(proc.output(), /transport=HTTP msg=stopped/);
    assert.match(proc.output(), /transport=debug\/HTTP msg=stopped/);
  });

  it('exits 2 on a bad command line, 0 for -h', async () => {
    for (const [args, code, text] of [
      [['-http-addr'], 2, /flag needs an argument: -http-addr/],
      [['-ratelimit=maybe'], 2, /invalid boolean value "maybe" for -ratelimit: parse error/],
      [['-http-addr=localhost'], 2, /invalid address "localhost": want host:port/],
      [['-shutdown-timeout=soon'], 2, /invalid duration "soon"/],
      [['-h'], 0, /^USAGE\n {2}addsvc \[flags\]\n\nFLAGS\n/],
    ] as const) {
      const proc = await startProcess(process.execPath, [mainJs, ...args]);
      const exit = await proc.exited;
      assert.equal(exit.code, code, args.join(' '));
      assert.match(proc.output(), text);
    }
  });
});

describe('addsvc lifecycle (in-process)', () => {
  it('a listener failing at start stops those started, in order', async () => {
    const taken: NetServer = createNetServer();
    await new Promise<void>((r) => taken.listen(0, '127.0.0.1', r));
    try {
      const port = (taken.address() as { port: number }).port;
      await assert.rejects(
        startAddsvc([`-grpc-addr=127.0.0.1:${port}`]),
        /addsvc exited: .*EADDRINUSE/,
      );
    } finally {
      await new Promise<void>((r) => taken.close(() => r()));
    }
  });

  it('stop(): every listener closes, readiness is stopping', async () => {
    const run = await startAddsvc();
    assert.equal(run.svc.readiness(), 'ready');
    const exit = await run.stop();
    assert.equal(exit.reason, 'stopped');
    assert.equal(exit.error, undefined);
    assert.equal(run.svc.readiness(), 'stopping');
    for (const address of [run.http, run.grpc, run.debug])
      assert.ok(await refused(address), address);
    await assert.rejects(raw(run.http, 'GET / HTTP/1.1\r\n\r\n'));
  });
});

/** actor is a run-group actor that records when it is stopped and with how much time. */
function actor(
  name: string,
  log: string[],
  options: { fail?: Promise<unknown>; stopMs?: number; overrunMs?: number } = {},
): Actor {
  return {
    done: options.fail ?? new Promise(() => {}),
    stop: async (timeoutMs) => {
      log.push(`stop ${name} ${timeoutMs > 0 ? 'in time' : 'late'}`);
      // An actor may overrun its bound by overrunMs (a misbehaving one).
      const ms = Math.min(options.stopMs ?? 0, timeoutMs + (options.overrunMs ?? 0));
      await new Promise((r) => setTimeout(r, ms));
      log.push(`stopped ${name}`);
    },
  };
}

describe('run group', () => {
  it('a real listener failing after start stops the others', async () => {
    const lines: string[][] = [];
    const group = createRunGroup({ logger: recordingLogger(lines), signals: [] });
    let http: HTTPActor | undefined;
    let debug: HTTPActor | undefined;
    group
      .add(
        'debug/HTTP',
        async () => (debug = await startHTTP(textAnswer(200, 'ok'), '127.0.0.1:0')),
        { last: true },
      )
      .add('HTTP', async () => (http = await startHTTP(textAnswer(200, 'ok'), '127.0.0.1:0')));
    const exit = group.run(() => http?.server.emit('error', new Error('accept failed: EMFILE')));
    const result = await exit;
    assert.equal(result.reason, 'accept failed: EMFILE');
    assert.ok(await refused(debug?.address ?? ''), 'the debug listener was stopped');
    assert.ok(await refused(http?.address ?? ''), 'the failed listener was closed');
    assert.ok(lines.some((l) => l.join(' ') === 'transport HTTP err accept failed: EMFILE'));
  });

  it('an actor failing after start stops all: the others together, `last` ones after', async () => {
    const log: string[] = [];
    const lines: string[][] = [];
    let fail!: (err: Error) => void;
    const failing = new Promise((_r, reject) => (fail = reject));
    const group = createRunGroup({ logger: recordingLogger(lines), signals: [] });
    group
      .add('debug', async () => actor('debug', log), { last: true })
      .add('a', async () => actor('a', log, { stopMs: 50 }))
      .add('b', async () => actor('b', log, { fail: failing }));
    let started = false;
    const exit = group.run(() => (started = true));
    await new Promise((r) => setTimeout(r, 20));
    assert.ok(started);
    fail(new Error('b broke'));
    const result = await exit;
    assert.equal(result.reason, 'b broke');
    assert.equal((result.error as Error).message, 'b broke');
    assert.deepEqual(log, [
      'stop a in time',
      'stop b in time',
      'stopped b',
      'stopped a',
      'stop debug in time',
      'stopped debug',
    ]);
    assert.ok(lines.some((l) => l.join(' ') === 'transport b err b broke'));
  });

  it('an actor failing while a later one starts: no unhandled rejection, all stop', async () => {
    const log: string[] = [];
    const group = createRunGroup({ logger: recordingLogger([]), signals: [] });
    group
      .add('a', async () => actor('a', log, { fail: Promise.reject(new Error('early')) }))
      .add('b', async () => {
        await new Promise((r) => setTimeout(r, 50)); // several ticks: a's rejection waits
        return actor('b', log);
      });
    const result = await group.run();
    assert.equal(result.reason, 'early');
    assert.deepEqual(log.sort(), ['stop a in time', 'stop b in time', 'stopped a', 'stopped b']);
  });

  it('stop() while starting: the rest are not started, the started ones stop', async () => {
    const log: string[] = [];
    const group = createRunGroup({ logger: recordingLogger([]), signals: [] });
    group
      .add('a', async () => {
        group.stop('early stop');
        return actor('a', log);
      })
      .add('b', async () => actor('b', log));
    let started = false;
    const result = await group.run(() => (started = true));
    assert.equal(result.reason, 'early stop');
    assert.equal(started, false);
    assert.deepEqual(log, ['stop a in time', 'stopped a']);
  });

  it('gives every stop what is left of one timeout', async () => {
    const log: string[] = [];
    const group = createRunGroup({ logger: recordingLogger([]), signals: [], timeoutMs: 100 });
    group
      .add('debug', async () => actor('debug', log), { last: true })
      .add('slow', async () => actor('slow', log, { stopMs: 10_000, overrunMs: 30 }));
    const exit = group.run(() => group.stop());
    const begin = performance.now();
    const result = await exit;
    assert.ok(performance.now() - begin < 1000);
    assert.ok(result.elapsedMs >= 100 && result.elapsedMs < 1000, String(result.elapsedMs));
    assert.deepEqual(log, [
      'stop slow in time',
      'stopped slow',
      'stop debug late',
      'stopped debug',
    ]);
  });

  it('stops on the first signal; a second one calls onSecondSignal', async () => {
    const seconds: string[] = [];
    const group = createRunGroup({
      logger: recordingLogger([]),
      signals: ['SIGUSR2'],
      onSecondSignal: (s) => seconds.push(s),
    });
    // The actor's stop waits for the second signal, so it surely arrives while stopping.
    let stopping!: () => void;
    const stopped = new Promise<void>((r) => (stopping = r));
    let release!: () => void;
    const second = new Promise<void>((r) => (release = r));
    group.add('a', async () => ({
      done: new Promise(() => {}),
      stop: async () => {
        stopping();
        await second;
      },
    }));
    const exit = group.run(() => process.emit('SIGUSR2', 'SIGUSR2'));
    await stopped;
    process.emit('SIGUSR2', 'SIGUSR2');
    release();
    const result = await exit;
    assert.equal(result.reason, 'received signal SIGUSR2');
    assert.deepEqual(seconds, ['SIGUSR2']);
    assert.equal(process.listenerCount('SIGUSR2'), 0); // handlers removed
  });

  it('a start failure stops the started ones and reports the error; add after run throws', async () => {
    const log: string[] = [];
    const group = createRunGroup({ logger: recordingLogger([]), signals: [] });
    group
      .add('a', async () => actor('a', log))
      .add('b', () => Promise.reject(new Error('no port')));
    const result = await group.run(() => assert.fail('not started'));
    assert.equal(result.reason, 'no port');
    assert.deepEqual(log, ['stop a in time', 'stopped a']);
    assert.throws(() => group.add('c', async () => actor('c', log)), /add after run/);
    await assert.rejects(group.run(), /run called twice/);
  });
});

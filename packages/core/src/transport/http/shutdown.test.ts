import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Agent, createServer } from 'node:http';
import type { Server } from 'node:http';
import { connect } from 'node:net';
import type { AddressInfo } from 'node:net';
import { background } from '../../context/index.js';
import { createClient, RequestError, setRequestHeader, shutdown } from './index.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function listen(server: Server): Promise<number> {
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return (server.address() as AddressInfo).port;
}

/** tryConnect resolves with 'connected' or the error code of a fresh TCP connection. */
function tryConnect(port: number): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve('connected');
    });
    socket.once('error', (err: NodeJS.ErrnoException) => resolve(err.code ?? err.message));
  });
}

describe('graceful shutdown of a node:http server', () => {
  it('under keep-alive load: loses no request in flight, refuses new connections', async (t) => {
    const handlerMs = 100;
    let shutdownCalled = false;
    const seenBeforeShutdown = new Set<string>();
    const handlerEnded = new Map<string, number>();
    const server = createServer((req, res) => {
      const id = String(req.headers['x-id']);
      if (!shutdownCalled) seenBeforeShutdown.add(id);
      setTimeout(() => {
        res.end(`done ${id}`);
        handlerEnded.set(id, performance.now());
      }, handlerMs);
    });
    // Idle keep-alive connections would outlive the shutdown's bound: it must close them.
    server.keepAliveTimeout = 600_000;
    const port = await listen(server);
    t.after(() => server.closeAllConnections());

    const agent = new Agent({ keepAlive: true });
    t.after(() => agent.destroy());
    interface Call {
      id: string;
      startedBeforeShutdown: boolean;
      outcome: string;
    }
    const calls: Call[] = [];
    const concurrency = 16;
    const perWorker = 20; // bounded: at most 320 requests
    let stop = false;
    let next = 0;
    const worker = async () => {
      for (let i = 0; i < perWorker && !stop; i++) {
        const id = `r${next++}`;
        const call: Call = { id, startedBeforeShutdown: !shutdownCalled, outcome: 'pending' };
        calls.push(call);
        const client = createClient(
          'GET',
          `http://127.0.0.1:${port}/work`,
          () => {},
          (_ctx, res) => res.text().then((body) => `${res.status} ${body}`),
          { agent, before: [setRequestHeader('x-id', id)] },
        );
        try {
          call.outcome = await client(background(), undefined);
        } catch (err) {
          call.outcome =
            err instanceof RequestError ? (err.reason ?? '') : `unexpected ${String(err)}`;
          stop = true; // the server is going away: stop this load generator
        }
      }
    };
    const load = Promise.all(Array.from({ length: concurrency }, worker));

    await sleep(handlerMs * 2.5); // mid-flight of the third round of requests
    shutdownCalled = true;
    const inFlight = calls.filter((c) => c.outcome === 'pending').length;
    const done = shutdown(server, { timeout: 30_000 });
    assert.equal(await tryConnect(port), 'ECONNREFUSED', 'new connections refused at once');
    const report = await done;
    const resolvedAt = performance.now();
    stop = true;
    await load;

    assert.equal(report.graceful, true);
    assert.equal(report.destroyed, 0);
    assert.ok(inFlight > 0, 'shutdown happened with requests in flight');
    assert.ok(seenBeforeShutdown.size >= inFlight - 1, 'the server was handling them');
    for (const id of seenBeforeShutdown) {
      const call = calls.find((c) => c.id === id);
      assert.equal(call?.outcome, `200 done ${id}`, `request ${id} in flight was served`);
    }
    for (const call of calls.filter((c) => c.startedBeforeShutdown)) {
      assert.equal(call.outcome, `200 done ${call.id}`, `request ${call.id} started before`);
    }
    for (const call of calls) {
      assert.match(call.outcome, /^(200 done r\d+|ECONNREFUSED|ECONNRESET)$/, call.id);
    }
    for (const id of seenBeforeShutdown) {
      const ended = handlerEnded.get(id);
      assert.ok(ended !== undefined && ended <= resolvedAt, `shutdown waited for handler ${id}`);
    }
    // graceful with nothing destroyed, although idle connections would have lived ten
    // minutes: shutdown closed them itself, without waiting them out (or for its bound).
    assert.equal(await tryConnect(port), 'ECONNREFUSED', 'refused after shutdown');
  });

  it(
    'honours the bound when a handler hangs: destroys and reports what is left',
    { timeout: 60_000 },
    async (t) => {
      let entered!: () => void;
      const handlerEntered = new Promise<void>((r) => (entered = r));
      const server = createServer(() => entered()); // never answers
      const port = await listen(server);
      t.after(() => server.closeAllConnections());

      const client = createClient(
        'GET',
        `http://127.0.0.1:${port}/hang`,
        () => {},
        () => 'never',
      );
      const call = client(background(), undefined).then(
        () => 'resolved',
        (err: unknown) => err,
      );
      await handlerEntered;
      const report = await shutdown(server, { timeout: 150 });
      assert.equal(report.graceful, false);
      assert.equal(report.destroyed, 1);
      // Not before the bound; a bound never honoured would leave this test to its own timeout.
      assert.ok(report.elapsed >= 140, `elapsed ${report.elapsed}`);
      const outcome = await call;
      assert.ok(outcome instanceof RequestError, String(outcome));
      assert.equal(outcome.reason, 'ECONNRESET');
    },
  );

  it('rejects an invalid timeout before touching the server', async (t) => {
    const server = createServer((_req, res) => res.end('ok'));
    const port = await listen(server);
    t.after(() => server.close());
    assert.throws(() => shutdown(server, { timeout: -1 }), RangeError);
    assert.throws(() => shutdown(server, { timeout: Number.NaN }), RangeError);
    assert.equal(server.listening, true);
    assert.equal(await tryConnect(port), 'connected');
  });

  it('closes idle keep-alive connections at once instead of waiting for their timeout', async (t) => {
    const server = createServer((_req, res) => res.end('ok'));
    server.keepAliveTimeout = 60_000;
    const port = await listen(server);
    t.after(() => server.closeAllConnections());
    const agent = new Agent({ keepAlive: true });
    t.after(() => agent.destroy());
    const client = createClient(
      'GET',
      `http://127.0.0.1:${port}/`,
      () => {},
      (_ctx, res) => res.text(),
      { agent },
    );
    assert.equal(await client(background(), undefined), 'ok');
    // The connection would idle for a minute, the bound is 30 s: graceful with nothing
    // destroyed means shutdown closed it itself.
    const report = await shutdown(server, { timeout: 30_000 });
    assert.deepEqual(
      { graceful: report.graceful, destroyed: report.destroyed },
      {
        graceful: true,
        destroyed: 0,
      },
    );
  });

  it('serves a request arriving on an open connection during shutdown with Connection: close', async (t) => {
    // /first is answered only once /second has reached its handler: /second arrives on the
    // connection during shutdown while /first is in flight, whatever the machine's speed.
    let firstEntered!: () => void;
    const firstIn = new Promise<void>((r) => (firstEntered = r));
    let secondEntered!: () => void;
    const secondIn = new Promise<void>((r) => (secondEntered = r));
    let answerFirst!: () => void;
    const server = createServer((req, res) => {
      if (req.url === '/first') {
        answerFirst = () => res.end(`body of ${req.url}`);
        firstEntered();
      } else {
        secondEntered();
        res.end(`body of ${req.url}`);
      }
    });
    const port = await listen(server);
    t.after(() => server.closeAllConnections());
    const socket = connect(port, '127.0.0.1');
    t.after(() => socket.destroy());
    let received = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => (received += chunk));
    const closed = new Promise<void>((r) => socket.once('close', () => r()));
    await new Promise<void>((r) => socket.once('connect', () => r()));
    socket.write('GET /first HTTP/1.1\r\nHost: x\r\n\r\n');
    await firstIn;
    const done = shutdown(server, { timeout: 30_000 });
    await sleep(30); // a few sweeps of idle connections pass: this one is busy
    socket.write('GET /second HTTP/1.1\r\nHost: x\r\n\r\n'); // same connection, during shutdown
    await secondIn;
    answerFirst();
    const report = await done;
    await closed;
    assert.equal(report.graceful, true);
    const responses = received.split('HTTP/1.1 200 OK').slice(1);
    assert.equal(responses.length, 2, received);
    assert.match(responses[0] ?? '', /body of \/first/);
    assert.match(responses[1] ?? '', /[Cc]onnection: close/);
    assert.match(responses[1] ?? '', /body of \/second$/);
  });
});

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { tcpSink as listen, waitFor } from '../../internal/sinks.test.helper.js';
import {
  ConnectionUnavailableError,
  createManager,
  exponential,
  isConnectionUnavailable,
} from './index.js';

describe('util/conn', () => {
  it('exponential doubles with jitter in [0.5, 1.5) and caps at the maximum', () => {
    assert.equal(
      exponential(1000, 60_000, () => 0),
      1000,
    );
    assert.equal(
      exponential(1000, 60_000, () => 0.5),
      2000,
    );
    assert.ok(exponential(1000, 60_000, () => 0.999) < 3000);
    assert.equal(
      exponential(50_000, 60_000, () => 0.5),
      60_000,
    );
    for (let i = 0; i < 100; i++) {
      const d = exponential(1000);
      assert.ok(d >= 1000 && d < 3000);
    }
  });

  it('writes, fails with "connection unavailable" while the peer is down, reconnects after back-off', async (t) => {
    let sink = await listen();
    const port = sink.port;
    const m = createManager({ host: '127.0.0.1', port, initialBackoffMs: 20, maxBackoffMs: 100 });
    t.after(async () => {
      await m.close();
      await sink.close();
    });
    await waitFor(() => m.connected());
    await m.write('one\n');
    await waitFor(() => sink.text() === 'one\n');

    await sink.close();
    await waitFor(() => !m.connected());
    await assert.rejects(m.write('lost\n'), (err: unknown) => {
      assert.ok(err instanceof ConnectionUnavailableError);
      assert.equal((err as Error).message, 'connection unavailable');
      return isConnectionUnavailable(err);
    });
    // The immediate re-dial is refused, so the manager is now backing off.
    await waitFor(() => m.backoffMs() > 20);

    sink = await listen(port);
    await waitFor(() => m.connected());
    assert.equal(m.backoffMs(), 20, 'back-off resets after a successful dial');
    await m.write('two\n');
    await waitFor(() => sink.text() === 'two\n');
  });

  it('recovers when the first dial fails', async (t) => {
    const probe = await listen();
    const port = probe.port;
    await probe.close();
    const m = createManager({ host: '127.0.0.1', port, initialBackoffMs: 10, maxBackoffMs: 50 });
    t.after(() => m.close());
    await assert.rejects(m.write('x'), /connection unavailable/);
    await waitFor(() => m.backoffMs() > 10);
    const sink = await listen(port);
    t.after(() => sink.close());
    await waitFor(() => m.connected());
    await m.write('hello\n');
    await waitFor(() => sink.text() === 'hello\n');
  });

  it('after a failed write there is no connection until the scheduled reconnect runs', async (t) => {
    const sink = await listen();
    t.after(() => sink.close());
    const scheduled: Array<{ ms: number; fn: () => void }> = [];
    const m = createManager({
      host: '127.0.0.1',
      port: sink.port,
      after: (ms, fn) => {
        scheduled.push({ ms, fn });
        return () => {};
      },
    });
    t.after(() => m.close());
    await waitFor(() => m.connected());
    const first = m.take();
    m.put(new Error('broken pipe'));
    assert.equal(m.take(), undefined);
    await assert.rejects(m.write('x'), ConnectionUnavailableError);
    assert.equal(scheduled.length, 1);
    assert.equal(scheduled[0]!.ms, 0, 'reconnect is immediate after a failed write');
    await new Promise((r) => setTimeout(r, 30));
    assert.equal(m.connected(), false, 'nothing reconnects before the timer fires');
    scheduled[0]!.fn();
    await waitFor(() => m.connected());
    assert.notEqual(m.take(), first);
    m.put(undefined); // a successful use keeps the connection
    assert.equal(m.connected(), true);
  });

  it('whenConnected waits for the dial, times out while down, and is false once closed', async (t) => {
    const sink = await listen();
    t.after(() => sink.close());
    const m = createManager({ host: '127.0.0.1', port: sink.port });
    assert.equal(await m.whenConnected(2000), true);
    await m.close();
    assert.equal(await m.whenConnected(2000), false);
    const probe = await listen();
    await probe.close();
    const down = createManager({ host: '127.0.0.1', port: probe.port });
    t.after(() => down.close());
    const started = Date.now();
    assert.equal(await down.whenConnected(50), false);
    assert.ok(Date.now() - started >= 45);
  });

  it('requires an address or a dialer', () => {
    assert.throws(() => createManager({}), /give host and port, or a dial function/);
  });
});

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { tcpSink, udpSink, waitFor } from '../../internal/sinks.test.helper.js';
import { teststatOverUdp } from '../internal/statsd-udp.test.helper.js';
import { createStatsd, splitPackets, statsdProvider } from './index.js';

describe('statsd wire format', () => {
  it('renders counters summed per flush, gauges, timings and sample rates byte-exactly', () => {
    let r = 0;
    const seq = [0.05, 0.5, 0.2]; // below 0.1 is kept; 0.5 dropped; 0.2 dropped
    const s = createStatsd({ prefix: 'abc.', flushIntervalMs: 0, random: () => seq[r++ % 3]! });
    const c = s.newCounter('def');
    c.add(1);
    c.add(2.5);
    s.newGauge('ghi').set(5);
    const t = s.newTiming('jkl');
    t.observe(12);
    t.observe(7.5);
    const sampled = s.newCounter('sampled', 0.1);
    sampled.add(1);
    sampled.add(1);
    sampled.add(1);
    assert.equal(
      s.drain(),
      'abc.def:3.5|c\nabc.sampled:1|c|@0.1\nabc.ghi:5|g\nabc.jkl:12|ms\nabc.jkl:7.5|ms\n',
    );
    assert.equal(s.drain(), '', 'a flush empties the buffer; untouched counters send nothing');
    c.add(4);
    assert.equal(s.drain(), 'abc.def:4|c\n', 'counters restart from 0 after each flush');
  });

  it('sends gauge adds as relative values and a negative set as 0 then the value', () => {
    const s = createStatsd({ flushIntervalMs: 0 });
    const g = s.newGauge('g');
    g.add(3);
    g.add(-1);
    assert.equal(s.drain(), 'g:+2|g\n');
    g.add(-4);
    assert.equal(s.drain(), 'g:-4|g\n');
    g.set(-5);
    assert.equal(s.drain(), 'g:0|g\ng:-5|g\n');
    g.set(10);
    g.add(-3);
    assert.equal(s.drain(), 'g:7|g\n', 'an add after a set in the same flush stays absolute');
  });

  it('ignores labels (StatsD has no tags), drops non-finite values, rejects bad rates', () => {
    const s = createStatsd({ flushIntervalMs: 0 });
    const c = s.newCounter('c');
    c.with('method', 'GET').add(1);
    c.add(Number.NaN);
    c.add(Infinity);
    s.newTiming('t').with('odd').observe(Number.NaN);
    assert.equal(s.drain(), 'c:1|c\n');
    assert.throws(() => s.newCounter('x', 0), /sample rate must be in \(0, 1\], got 0/);
    assert.throws(() => s.newTiming('x', 1.5), RangeError);
    const odd = createStatsd({ flushIntervalMs: 0, prefix: 'a:b|' });
    odd.newCounter('c@d\n').add(1);
    assert.equal(odd.drain(), 'a_b_c_d_:1|c\n');
  });

  it('splits UDP payloads between lines under the maximum packet size', () => {
    const lines = Array.from({ length: 100 }, (_, i) => `metric.name.${i}:${i * 1.5}|ms\n`).join(
      '',
    );
    const packets = splitPackets(lines, 200);
    assert.ok(packets.length > 1);
    for (const p of packets) {
      assert.ok(p.length <= 200, `packet of ${p.length} bytes`);
      assert.notEqual(p.at(-1), 0x0a);
    }
    assert.equal(packets.map((p) => p.toString()).join('\n') + '\n', lines);
    const long = 'x'.repeat(300) + ':1|c\nshort:1|c\n';
    assert.deepEqual(
      splitPackets(long, 100).map((p) => p.toString()),
      ['x'.repeat(300) + ':1|c', 'short:1|c'],
    );
    assert.deepEqual(splitPackets('', 100), []);
  });
});

describe('statsd over UDP', () => {
  it('passes teststat, read back from a real UDP listener', async (t) => {
    // The run's id as prefix keeps this test's series apart from any other process's.
    const sink = await teststatOverUdp(t, (port, id) => {
      const prefix = `${id}.`;
      const s = createStatsd({ port, prefix, flushIntervalMs: 0 });
      return {
        client: s,
        counter: [s.newCounter('requests'), `${prefix}requests`],
        gauge: [s.newGauge('depth'), `${prefix}depth`],
        histogram: [s.newTiming('latency'), `${prefix}latency`],
      };
    });
    assert.ok(
      sink.packets.every((p) => p.length <= 1432),
      'every datagram fits 1432 bytes',
    );
    assert.ok(sink.packets.length > 10, 'the 1234 timings were split across datagrams');
  });

  it('flushes on the interval, early when the buffer fills, and everything on stop', async (t) => {
    const sink = await udpSink();
    t.after(() => sink.close());
    const s = createStatsd({ port: sink.port, flushIntervalMs: 20 });
    s.newCounter('tick').add(1);
    await waitFor(() => sink.lines().includes('tick:1|c'), 2000, 'interval flush');

    const quiet = createStatsd({ port: sink.port, flushIntervalMs: 0, maxBufferBytes: 256 });
    const h = quiet.newTiming('early');
    for (let i = 0; i < 40; i++) h.observe(i);
    await waitFor(
      () => sink.lines().some((l) => l.startsWith('early:')),
      2000,
      'size-triggered flush',
    );
    quiet.newCounter('last').add(7);
    await quiet.stop();
    await s.stop();
    await waitFor(() => sink.lines().includes('last:7|c'), 2000, 'flush on stop');
    const early = sink.lines().filter((l) => l.startsWith('early:'));
    assert.deepEqual(
      early.map((l) => Number(l.slice(6, -3))),
      Array.from({ length: 40 }, (_, i) => i),
    );
  });

  it('provider creates statsd metrics and stop flushes them', async (t) => {
    const sink = await udpSink();
    t.after(() => sink.close());
    const p = statsdProvider(createStatsd({ port: sink.port, flushIntervalMs: 0 }));
    p.newCounter('c').add(2);
    p.newGauge('g').set(3);
    p.newHistogram('h', 50).observe(4);
    await p.stop();
    await waitFor(() => sink.lines().length === 3);
    assert.deepEqual(sink.lines(), ['c:2|c', 'g:3|g', 'h:4|ms']);
  });
});

describe('statsd over TCP', () => {
  it('survives a collector restart through util/conn and loses no lines', async (t) => {
    let sink = await tcpSink();
    const port = sink.port;
    const errors: Error[] = [];
    const s = createStatsd({
      protocol: 'tcp',
      port,
      flushIntervalMs: 0,
      initialBackoffMs: 20,
      maxBackoffMs: 100,
      onError: (e) => errors.push(e),
    });
    t.after(async () => {
      await s.stop();
      await sink.close();
    });
    const c = s.newCounter('hits');
    await waitFor(() => sink.connections() === 1, 2000, 'first connection');
    c.add(1);
    await s.flush();
    await waitFor(() => sink.text() === 'hits:1|c\n');

    await sink.close();
    await new Promise((r) => setTimeout(r, 30));
    c.add(2);
    await s.flush(); // connection unavailable: retained for the next flush
    c.add(3);
    await s.flush();
    sink = await tcpSink(port);
    await waitFor(() => sink.connections() === 1, 3000, 'reconnect');
    await s.flush();
    await waitFor(() => sink.text() === 'hits:2|c\nhits:3|c\n', 2000, 'retained lines');
    assert.deepEqual(errors, []);
  });

  it('loses no lines on close: every observation buffered before stop() arrives', async (t) => {
    const sink = await tcpSink();
    t.after(() => sink.close());
    const s = createStatsd({ protocol: 'tcp', port: sink.port, flushIntervalMs: 0 });
    await waitFor(() => sink.connections() === 1, 2000, 'connection');
    const h = s.newTiming('t');
    const n = 20_000; // several size-triggered flushes in flight when stop() is called
    for (let i = 0; i < n; i++) h.observe(i);
    await s.stop();
    await waitFor(() => sink.lines().length === n, 3000, `${n} lines`);
    const seen = sink.lines().map((l) => Number(l.slice(2, -3)));
    assert.deepEqual(
      seen,
      Array.from({ length: n }, (_, i) => i),
      'in order, none lost or duplicated',
    );
  });

  it('delivers what a process stops right after start, while the first dial is in flight', async (t) => {
    const sink = await tcpSink();
    t.after(() => sink.close());
    const errors: Error[] = [];
    const s = createStatsd({ protocol: 'tcp', port: sink.port, onError: (e) => errors.push(e) });
    s.newCounter('once').add(1);
    await s.stop(); // not connected yet: stop waits (bounded) for the dial
    await waitFor(() => sink.text() === 'once:1|c\n', 2000, 'the line');
    assert.deepEqual(errors, []);
  });

  it('reports what it could not deliver when stopped while the collector is down', async () => {
    const probe = await tcpSink();
    await probe.close();
    const errors: Error[] = [];
    const s = createStatsd({
      protocol: 'tcp',
      port: probe.port,
      flushIntervalMs: 0,
      onError: (e) => errors.push(e),
    });
    s.newCounter('lost').add(1);
    await s.stop();
    assert.equal(errors.length, 1);
    assert.match(errors[0]!.message, /dropped 9 bytes at stop: connection unavailable/);
  });
});

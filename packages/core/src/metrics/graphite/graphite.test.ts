import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { testCounter, testGauge, testHistogram } from '../teststat/index.js';
import { tcpSink, udpSink, waitFor } from '../../internal/sinks.test.helper.js';
import { createGraphite, graphiteProvider } from './index.js';

const ts = 1_700_000_000;

describe('graphite wire format', () => {
  it('renders `name value unix_ts`, counters as deltas, histogram quantiles (Go kit graphite tests)', () => {
    const g = createGraphite({
      prefix: 'abc.',
      flushIntervalMs: 0,
      writer: { write: () => {} },
      now: () => ts * 1000 + 999,
    });
    const c = g.newCounter('def').with('label', 'value'); // labels are dropped, as in Go kit
    c.add(1);
    c.add(2);
    g.newGauge('ghi').set(4.5);
    const h = g.newHistogram('jkl');
    for (let i = 1; i <= 100; i++) h.observe(i);
    const lines = g.drain().split('\n');
    assert.equal(lines[0], `abc.def 3 ${ts}`);
    assert.equal(lines[1], `abc.ghi 4.5 ${ts}`);
    for (const [i, p] of ['p50', 'p90', 'p95', 'p99'].entries()) {
      assert.match(lines[2 + i]!, new RegExp(`^abc\\.jkl\\.${p} ([0-9.]+) ${ts}$`));
      const v = Number(lines[2 + i]!.split(' ')[1]);
      assert.ok(Math.abs(v - Number(p.slice(1))) <= 1.5, `${p} = ${v}`);
    }
    assert.equal(lines[6], '');
    assert.equal(
      g.drain(),
      `abc.def 0 ${ts}\nabc.ghi 4.5 ${ts}\n`,
      'next flush: counter delta 0, gauge still set, no empty histogram',
    );
  });

  it('sends labels as Graphite tags when asked, without mutating the original', () => {
    const g = createGraphite({
      flushIntervalMs: 0,
      tags: true,
      writer: { write: () => {} },
      now: () => 0,
    });
    const c = g.newCounter('c');
    c.with('method', 'GET').add(2);
    c.with('odd').add(1);
    c.add(5);
    g.newHistogram('h').with('a b', 'x;y').observe(1);
    assert.equal(
      g.drain(),
      'c 5 0\nc;method=GET 2 0\nc;odd=unknown 1 0\nh.p50;a_b=x_y 1 0\nh.p90;a_b=x_y 1 0\nh.p95;a_b=x_y 1 0\nh.p99;a_b=x_y 1 0\n',
    );
  });

  it('passes teststat over a real TCP listener and flushes on stop', async (t) => {
    const sink = await tcpSink();
    t.after(() => sink.close());
    const g = createGraphite({ port: sink.port, flushIntervalMs: 0, prefix: 'svc.' });
    t.after(() => g.stop());
    await waitFor(() => sink.connections() === 1);
    const settle = async (): Promise<string[][]> => {
      const before = sink.text().length;
      await g.flush();
      await waitFor(() => sink.text().length > before, 2000, 'lines');
      return sink.lines().map((l) => l.split(' '));
    };
    await testCounter(g.newCounter('count'), async () =>
      (await settle())
        .filter(([n]) => n === 'svc.count')
        .reduce((sum, [, v]) => sum + Number(v), 0),
    );
    await testGauge(g.newGauge('gauge'), async () =>
      Number((await settle()).filter(([n]) => n === 'svc.gauge').at(-1)?.[1]),
    );
    await testHistogram(
      g.newHistogram('hist', 50),
      async () => {
        const lines = await settle();
        const last = (p: string): number =>
          Number(lines.filter(([n]) => n === `svc.hist.${p}`).at(-1)?.[1]);
        return { p50: last('p50'), p90: last('p90'), p95: last('p95'), p99: last('p99') };
      },
      1,
    );
    const p = graphiteProvider(g);
    p.newCounter('final').add(9);
    await p.stop();
    await waitFor(
      () => sink.lines().some((l) => l.startsWith('svc.final 9 ')),
      2000,
      'flush on stop',
    );
  });

  it('sends over UDP too, in datagrams cut between lines', async (t) => {
    const sink = await udpSink();
    t.after(() => sink.close());
    const g = createGraphite({
      protocol: 'udp',
      port: sink.port,
      flushIntervalMs: 0,
      maxPacketSize: 100,
      now: () => 0,
    });
    const c = g.newCounter('a.counter.with.a.long.name');
    for (let i = 0; i < 10; i++) g.newGauge(`gauge.${i}`).set(i);
    c.add(2);
    await g.stop();
    await waitFor(() => sink.lines().length === 11, 2000, '11 lines');
    assert.ok(sink.packets.length > 1 && sink.packets.every((p) => p.length <= 100));
    assert.equal(sink.lines()[0], 'a.counter.with.a.long.name 2 0');
    assert.equal(sink.lines()[10], 'gauge.9 9 0');
  });
});

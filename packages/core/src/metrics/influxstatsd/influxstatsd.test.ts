import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { udpSink, waitFor } from '../../internal/sinks.test.helper.js';
import { teststatOverUdp } from '../internal/statsd-udp.test.helper.js';
import { createInfluxstatsd, influxstatsdProvider } from './index.js';

describe('influxstatsd wire format', () => {
  it('puts tags after the name, byte-exactly (Go kit influxstatsd tests)', () => {
    const s = createInfluxstatsd({ prefix: 'abc.', flushIntervalMs: 0, random: () => 0 });
    s.newCounter('def').with('label', 'value').add(1);
    s.newGauge('ghi').with('label', 'value').set(2);
    s.newHistogram('jkl', 0.5).with('label', 'value').observe(3);
    s.newTiming('mno').observe(4);
    assert.equal(
      s.drain(),
      'abc.def,label=value:1|c\nabc.ghi,label=value:2|g\nabc.jkl,label=value:3|h|@0.5\nabc.mno:4|ms\n',
    );
  });

  it('adds constant tags first, pads odd labels, never mutates, and cleans reserved characters', () => {
    const s = createInfluxstatsd({ flushIntervalMs: 0, tags: ['host', 'a'] });
    const c = s.newCounter('c');
    c.with('k').add(1);
    c.add(2);
    c.with('x y', 'p=q,r:s').add(3);
    s.newGauge('g').add(-2);
    assert.equal(
      s.drain(),
      'c,host=a,k=unknown:1|c\nc,host=a:2|c\nc,host=a,x_y=p_q_r_s:3|c\ng,host=a:-2|g\n',
    );
  });

  it('passes teststat, read back from a real UDP listener', async (t) => {
    await teststatOverUdp(t, (port, id) => {
      const s = createInfluxstatsd({ port, flushIntervalMs: 0 });
      return {
        client: s,
        counter: [s.newCounter(`${id}_c`).with('k', 'v'), `${id}_c,k=v`],
        gauge: [s.newGauge(`${id}_g`).with('k', 'v'), `${id}_g,k=v`],
        histogram: [s.newHistogram(`${id}_h`).with('k', 'v'), `${id}_h,k=v`],
      };
    });
  });

  it('provider creates histograms and stop flushes', async (t) => {
    const sink = await udpSink();
    t.after(() => sink.close());
    const p = influxstatsdProvider(createInfluxstatsd({ port: sink.port, flushIntervalMs: 0 }));
    p.newCounter('c').with('a', 'b').add(5);
    p.newHistogram('h').observe(1);
    await p.stop();
    await waitFor(() => sink.lines().length === 2);
    assert.deepEqual(sink.lines(), ['c,a=b:5|c', 'h:1|h']);
  });
});

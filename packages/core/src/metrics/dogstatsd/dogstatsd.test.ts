import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { udpSink, waitFor } from '../../internal/sinks.test.helper.js';
import { teststatOverUdp } from '../internal/statsd-udp.test.helper.js';
import { createDogstatsd, dogstatsdProvider } from './index.js';

describe('dogstatsd wire format', () => {
  it('renders tags after the sample rate, byte-exactly (Go kit dogstatsd tests)', () => {
    const d = createDogstatsd({ prefix: 'abc.', flushIntervalMs: 0, random: () => 0 });
    d.newCounter('def').with('label', 'value').add(1);
    d.newGauge('ghi').with('label', 'value').set(2.5);
    d.newHistogram('jkl', 0.1).with('label', 'value').observe(3);
    d.newTiming('mno').observe(4);
    assert.equal(
      d.drain(),
      'abc.def:1|c|#label:value\nabc.ghi:2.5|g|#label:value\nabc.jkl:3|h|@0.1|#label:value\nabc.mno:4|ms\n',
    );
  });

  it('with never mutates the original and pads an odd label list with "unknown"', () => {
    const d = createDogstatsd({ flushIntervalMs: 0, tags: ['env', 'prod'] });
    const c = d.newCounter('c');
    const tagged = c.with('a', '1');
    const padded = tagged.with('b');
    c.add(1);
    tagged.add(2);
    padded.add(3);
    c.with('a', '1').add(10); // same series as tagged
    assert.equal(
      d.drain(),
      'c:1|c|#env:prod\nc:12|c|#env:prod,a:1\nc:3|c|#env:prod,a:1,b:unknown\n',
    );
  });

  it('sends gauges as absolute values (no relative gauges in DogStatsD)', () => {
    const d = createDogstatsd({ flushIntervalMs: 0 });
    const g = d.newGauge('g');
    g.add(3);
    assert.equal(d.drain(), 'g:3|g\n');
    g.add(-5);
    assert.equal(d.drain(), 'g:-2|g\n');
    g.set(1);
    g.add(1);
    assert.equal(d.drain(), 'g:2|g\n');
    d.newCounter('bad|name').with('k,1', 'v|#x').add(1);
    assert.equal(d.drain(), 'bad_name:1|c|#k_1:v__x\n');
  });

  it('passes teststat, read back from a real UDP listener', async (t) => {
    await teststatOverUdp(t, (port, id) => {
      const d = createDogstatsd({ port, flushIntervalMs: 0 });
      return {
        client: d,
        counter: [d.newCounter(`${id}_c`).with('k', 'v'), `${id}_c|#k:v`],
        gauge: [d.newGauge(`${id}_g`).with('k', 'v'), `${id}_g|#k:v`],
        histogram: [d.newHistogram(`${id}_h`).with('k', 'v'), `${id}_h|#k:v`],
      };
    });
  });

  it('provider maps histograms to |h and stop flushes', async (t) => {
    const sink = await udpSink();
    t.after(() => sink.close());
    const p = dogstatsdProvider(createDogstatsd({ port: sink.port, flushIntervalMs: 0 }));
    p.newHistogram('h').with('a', 'b').observe(1);
    await p.stop();
    await waitFor(() => sink.lines().length === 1);
    assert.deepEqual(sink.lines(), ['h:1|h|#a:b']);
  });
});

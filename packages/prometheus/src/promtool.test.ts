import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { checkMetrics, promtoolPath } from '@svckit/testing';
import {
  Registry,
  newCounterFrom,
  newGaugeFrom,
  newHistogramFrom,
  newSummaryFrom,
} from './index.js';

describe('promtool check metrics', () => {
  it('finds no parse error and no lint problem in svckit metrics of every kind', async (t) => {
    const bin = promtoolPath(t);
    if (bin === undefined) return;
    const registry = new Registry();
    const opts = { namespace: 'svckit', subsystem: 'lint', registry };
    const requests = newCounterFrom({
      ...opts,
      name: 'requests_total',
      help: 'Requests served.',
      labelNames: ['method', 'error'],
    });
    const inflight = newGaugeFrom({ ...opts, name: 'in_flight_requests', help: 'In flight.' });
    const latency = newHistogramFrom({
      ...opts,
      name: 'request_duration_seconds',
      help: 'Request latency.',
      labelNames: ['method'],
    });
    const size = newSummaryFrom({
      ...opts,
      name: 'response_size_bytes',
      help: 'Response sizes.',
      labelNames: ['method'],
    });
    for (const method of ['uppercase', 'count']) {
      requests.with('method', method, 'error', 'false').add(3);
      requests.with('method', method, 'error', 'true').add(1);
      latency.with('method', method).observe(0.012);
      size.with('method', method).observe(512);
    }
    inflight.set(2);
    const text = await registry.metrics();
    assert.match(text, /svckit_lint_requests_total\{method="count",error="true"\} 1/);
    const { code, output } = await checkMetrics(bin, text);
    assert.equal(output, '', `promtool complained:\n${output}`);
    assert.equal(code, 0);
  });

  it('does flag a badly named counter (the check is live)', async (t) => {
    const bin = promtoolPath(t);
    if (bin === undefined) return;
    const registry = new Registry();
    newCounterFrom({ name: 'svckit_requests', help: 'No suffix.', registry }).add(1);
    const { code, output } = await checkMetrics(bin, await registry.metrics());
    assert.notEqual(code, 0);
    assert.match(output, /_total/);
  });
});

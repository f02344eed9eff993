import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { background } from '@svckit/core/context';
import type { Endpoint } from '@svckit/core/endpoint';
import { instrumenting } from '@svckit/core/metrics/instrumenting';
import { InconsistentLabelsError, Registry, newCounterFrom, newHistogramFrom } from './index.js';

interface Reply {
  v: string;
  failed(): Error | undefined;
}

const echo: Endpoint<string, Reply> = async (_ctx, s) => {
  if (s === 'throw') throw new Error('broken');
  return { v: s, failed: () => (s === '' ? new Error('empty string') : undefined) };
};

describe('core instrumenting middleware over Prometheus metrics', () => {
  it('records method, error and outcome series that Prometheus exposes', async () => {
    const registry = new Registry();
    const labelNames = ['method', 'error', 'outcome'];
    const requests = newCounterFrom({ name: 'requests_total', help: 'R.', labelNames, registry });
    const latency = newHistogramFrom({
      name: 'request_duration_seconds',
      help: 'L.',
      labelNames,
      registry,
    });
    const ep = instrumenting<string, Reply>({ requests, latency, method: 'echo' })(echo);
    await ep(background(), 'a');
    await ep(background(), 'b');
    await ep(background(), '');
    await assert.rejects(ep(background(), 'throw'));
    const text = await registry.metrics();
    assert.match(text, /^requests_total\{method="echo",error="false",outcome="success"\} 2$/m);
    assert.match(
      text,
      /^requests_total\{method="echo",error="true",outcome="business_error"\} 1$/m,
    );
    assert.match(text, /^requests_total\{method="echo",error="true",outcome="error"\} 1$/m);
    assert.match(
      text,
      /^request_duration_seconds_count\{method="echo",error="false",outcome="success"\} 2$/m,
    );
  });

  it('rejects metrics lacking a label when the middleware is created, not per request', () => {
    const registry = new Registry();
    const requests = newCounterFrom({
      name: 'requests_total',
      help: 'R.',
      labelNames: ['method', 'error'], // no outcome
      registry,
    });
    const latency = newHistogramFrom({
      name: 'request_duration_seconds',
      help: 'L.',
      labelNames: ['method', 'error'],
      registry,
    });
    assert.throws(
      () => instrumenting({ requests, latency, method: 'echo' }),
      (err: unknown) =>
        err instanceof InconsistentLabelsError && /unknown label name "outcome"/.test(err.message),
    );
    // With Go kit's label set it fits.
    assert.doesNotThrow(() => instrumenting({ requests, latency, method: 'echo', outcome: false }));
  });
});

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { trace, TraceFlags } from '@opentelemetry/api';
import { background } from '@svckit/core/context';
import { jsonLogger, withContext } from '@svckit/core/log';
import { traceEndpoint, traceFields, withSpan, withTrace } from './index.js';
import { memory } from './memory.test.helper.js';

function lines(): { out: string[]; write: (s: string) => void } {
  const out: string[] = [];
  return { out, write: (s: string) => void out.push(s) };
}

describe('withTrace', () => {
  it('adds trace_id, span_id and trace_flags of the span in the context', async () => {
    const m = memory();
    const { out, write } = lines();
    const logger = withContext(jsonLogger({ write }), 'svc', 'add');
    const ep = traceEndpoint('Sum', { tracerProvider: m.provider })<number, number>(async (
      ctx,
      n,
    ) => {
      withTrace(logger, ctx).log('msg', 'summing', 'n', n);
      return n;
    });
    await ep(background(), 7);
    const span = m.byName('Sum').spanContext();
    const event = JSON.parse(out[0] ?? '') as Record<string, unknown>;
    assert.deepEqual(event, {
      svc: 'add',
      trace_id: span.traceId,
      span_id: span.spanId,
      trace_flags: '01',
      msg: 'summing',
      n: 7,
    });
  });

  it('a context without a valid span leaves the logger alone', () => {
    const { out, write } = lines();
    const logger = jsonLogger({ write });
    assert.equal(withTrace(logger, background()), logger);
    const invalid = trace.wrapSpanContext({
      traceId: '0'.repeat(32),
      spanId: '0'.repeat(16),
      traceFlags: TraceFlags.NONE,
    });
    assert.equal(withTrace(logger, withSpan(background(), invalid)), logger);
    assert.deepEqual(traceFields(background()), []);
    assert.equal(out.length, 0);
  });

  it('an unsampled span still correlates, with trace_flags 00', () => {
    const span = trace.wrapSpanContext({
      traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
      spanId: '00f067aa0ba902b7',
      traceFlags: TraceFlags.NONE,
    });
    assert.deepEqual(traceFields(withSpan(background(), span)), [
      'trace_id',
      '4bf92f3577b34da6a3ce929d0e0e4736',
      'span_id',
      '00f067aa0ba902b7',
      'trace_flags',
      '00',
    ]);
  });
});

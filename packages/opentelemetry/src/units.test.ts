import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { propagation, ROOT_CONTEXT, trace, TraceFlags } from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { background } from '@svckit/core/context';
import { splitHostPort } from './http-attributes.js';
import {
  otelContextOf,
  propagateWith,
  recordGetter,
  recordSetter,
  spanContextOf,
  traceEndpoint,
  withOtelContext,
  withSpan,
} from './index.js';
import type { HeaderRecord } from './index.js';
import { memory } from './memory.test.helper.js';

describe('splitHostPort', () => {
  it('splits names, IPv4 and IPv6 with and without ports', () => {
    assert.deepEqual(splitHostPort('svc.example:8080'), ['svc.example', 8080]);
    assert.deepEqual(splitHostPort('svc.example'), ['svc.example', undefined]);
    assert.deepEqual(splitHostPort('127.0.0.1:1'), ['127.0.0.1', 1]);
    assert.deepEqual(splitHostPort('[::1]:443'), ['::1', 443]);
    assert.deepEqual(splitHostPort('[::1]'), ['::1', undefined]);
    assert.deepEqual(splitHostPort('::1'), ['::1', undefined]);
    assert.deepEqual(splitHostPort('[::1'), ['::1', undefined]);
  });

  it('drops ports that are not ports', () => {
    for (const bad of ['h:0', 'h:65536', 'h:-1', 'h:8x', 'h:', 'h:1.5']) {
      assert.equal(splitHostPort(bad)[1], undefined, bad);
      assert.equal(splitHostPort(bad)[0], 'h');
    }
  });
});

describe('propagation carriers', () => {
  it('a header record round-trips the trace context through a propagator', () => {
    const p = propagateWith(new W3CTraceContextPropagator());
    const sc = {
      traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
      spanId: '00f067aa0ba902b7',
      traceFlags: TraceFlags.SAMPLED,
    };
    const headers: HeaderRecord = {};
    p.inject(trace.setSpanContext(ROOT_CONTEXT, sc), headers, recordSetter);
    assert.equal(headers['traceparent'], `00-${sc.traceId}-${sc.spanId}-01`);
    const back = trace.getSpanContext(p.extract(ROOT_CONTEXT, headers, recordGetter));
    assert.equal(back?.traceId, sc.traceId);
    assert.equal(back?.isRemote, true);
    assert.deepEqual(recordGetter.keys(headers), ['traceparent']);
    assert.equal(recordGetter.get({ TraceParent: 'x' }, 'TraceParent'), 'x');
  });

  it('without a propagator, the global one is used (a no-op until one is registered)', () => {
    const p = propagateWith(undefined);
    assert.equal(p, propagation);
    const headers: HeaderRecord = {};
    const span = trace.wrapSpanContext({
      traceId: 'a'.repeat(32),
      spanId: 'b'.repeat(16),
      traceFlags: 1,
    });
    p.inject(trace.setSpan(ROOT_CONTEXT, span), headers, recordSetter);
    assert.deepEqual(headers, {});
  });
});

describe('context helpers', () => {
  it('withOtelContext, withSpan and spanContextOf', () => {
    const span = trace.wrapSpanContext({
      traceId: 'c'.repeat(32),
      spanId: 'd'.repeat(16),
      traceFlags: 1,
    });
    const ctx = withSpan(background(), span);
    assert.equal(spanContextOf(ctx)?.spanId, 'd'.repeat(16));
    assert.equal(spanContextOf(background()), undefined);
    const oc = trace.setSpan(ROOT_CONTEXT, span);
    assert.equal(otelContextOf(withOtelContext(background(), oc)), oc);
  });

  it('the tracer option wins over the provider', async () => {
    const a = memory();
    const b = memory();
    const ep = traceEndpoint('X', {
      tracer: a.provider.getTracer('mine'),
      tracerProvider: b.provider,
    })((_ctx, s: string) => Promise.resolve(s));
    await ep(background(), 'x');
    assert.equal(a.spans().length, 1);
    assert.equal(b.spans().length, 0);
    assert.equal(a.spans()[0]?.instrumentationScope.name, 'mine');
  });
});

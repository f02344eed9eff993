import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { context, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { background } from '@svckit/core/context';
import type { Endpoint } from '@svckit/core/endpoint';
import { ServiceError } from '@svckit/core/errors';
import { retry } from '@svckit/core/sd/lb';
import { otelContextOf, spanOf, traceAttempts, traceEndpoint } from './index.js';
import { memory, parentOf } from './memory.test.helper.js';

const echo: Endpoint<string, string> = (_ctx, s) => Promise.resolve(s);

describe('traceEndpoint', () => {
  it('makes one span per call named after the method, child of the context span', async () => {
    const m = memory();
    const tracerProvider = m.provider;
    const inner = traceEndpoint('Inner', { tracerProvider })<string, string>(echo);
    const outer = traceEndpoint('Outer', { tracerProvider })<string, string>((ctx, s) =>
      inner(ctx, s + '!'),
    );
    assert.equal(await outer(background(), 'hi'), 'hi!');
    await outer(background(), 'again');
    const spans = m.spans();
    assert.equal(spans.length, 4);
    const [i1, o1, i2, o2] = spans as [
      (typeof spans)[0],
      (typeof spans)[0],
      (typeof spans)[0],
      (typeof spans)[0],
    ];
    assert.deepEqual([i1.name, o1.name, i2.name, o2.name], ['Inner', 'Outer', 'Inner', 'Outer']);
    assert.equal(parentOf(o1), undefined);
    assert.equal(parentOf(i1), o1.spanContext().spanId);
    assert.equal(i1.spanContext().traceId, o1.spanContext().traceId);
    assert.notEqual(o1.spanContext().traceId, o2.spanContext().traceId);
    assert.equal(o1.kind, SpanKind.INTERNAL);
    assert.equal(o1.status.code, SpanStatusCode.UNSET);
  });

  it('hands the endpoint a context whose spanOf is the span', async () => {
    const m = memory();
    let seen: string | undefined;
    const ep = traceEndpoint('Sum', { tracerProvider: m.provider })<string, string>((ctx, s) => {
      seen = spanOf(ctx)?.spanContext().spanId;
      spanOf(ctx)?.setAttribute('app.input', s);
      return Promise.resolve(s);
    });
    await ep(background(), 'x');
    const span = m.byName('Sum');
    assert.equal(seen, span.spanContext().spanId);
    assert.equal(span.attributes['app.input'], 'x');
    assert.equal(spanOf(background()), undefined);
  });

  it('fails the span with the error code, message and exception event', async () => {
    const m = memory();
    const ep = traceEndpoint('Get', { tracerProvider: m.provider })<string, string>(() =>
      Promise.reject(new ServiceError('not_found', 'no such profile')),
    );
    await assert.rejects(ep(background(), 'x'), /no such profile/);
    const span = m.byName('Get');
    assert.equal(span.status.code, SpanStatusCode.ERROR);
    assert.equal(span.status.message, 'no such profile');
    assert.equal(span.attributes['error.type'], 'not_found');
    assert.equal(span.events[0]?.name, 'exception');
    assert.equal(span.events[0]?.attributes?.['exception.message'], 'no such profile');
  });

  it('a synchronous throw is a rejection and fails the span', async () => {
    const m = memory();
    const ep = traceEndpoint('Boom', { tracerProvider: m.provider })<string, string>(() => {
      throw new Error('sync');
    });
    await assert.rejects(ep(background(), 'x'), /sync/);
    assert.equal(m.byName('Boom').status.code, SpanStatusCode.ERROR);
    assert.equal(m.byName('Boom').attributes['error.type'], 'unknown');
  });

  it('ignoreError keeps the status unset but records the exception', async () => {
    const m = memory();
    const ep = traceEndpoint('Get', {
      tracerProvider: m.provider,
      ignoreError: (err) => err instanceof ServiceError && err.code === 'not_found',
    })<string, string>(() => Promise.reject(new ServiceError('not_found', 'none')));
    await assert.rejects(ep(background(), 'x'));
    const span = m.byName('Get');
    assert.equal(span.status.code, SpanStatusCode.UNSET);
    assert.equal(span.events[0]?.name, 'exception');
  });

  it('records a Failer business error as an event without failing the span', async () => {
    const m = memory();
    const response = { v: 0, failed: () => new ServiceError('invalid_argument', 'a is negative') };
    const ep = traceEndpoint('Sum', { tracerProvider: m.provider })<string, typeof response>(() =>
      Promise.resolve(response),
    );
    assert.equal(await ep(background(), 'x'), response);
    const span = m.byName('Sum');
    assert.equal(span.status.code, SpanStatusCode.UNSET);
    assert.equal(span.events.length, 1);
    assert.equal(span.events[0]?.name, 'business_error');
    assert.equal(span.events[0]?.attributes?.['error.type'], 'invalid_argument');
    assert.equal(span.events[0]?.attributes?.['exception.message'], 'a is negative');
  });

  it('a Failer without an error adds no event', async () => {
    const m = memory();
    const ep = traceEndpoint('Sum', { tracerProvider: m.provider })<string, object>(() =>
      Promise.resolve({ failed: () => undefined }),
    );
    await ep(background(), 'x');
    assert.equal(m.byName('Sum').events.length, 0);
  });

  it('kind and attributes are set at the start', async () => {
    const m = memory();
    const ep = traceEndpoint('Call', {
      tracerProvider: m.provider,
      kind: SpanKind.CLIENT,
      attributes: { 'peer.service': 'addsvc' },
    })<string, string>(echo);
    await ep(background(), 'x');
    assert.equal(m.byName('Call').kind, SpanKind.CLIENT);
    assert.equal(m.byName('Call').attributes['peer.service'], 'addsvc');
  });

  it('with a sampler that records nothing, calls go through and nothing is exported', async () => {
    const m = memory({ off: true });
    const ep = traceEndpoint('Sum', { tracerProvider: m.provider })<string, string>(echo);
    assert.equal(await ep(background(), 'x'), 'x');
    const failing = traceEndpoint('Sum', { tracerProvider: m.provider })<string, string>(() =>
      Promise.reject(new Error('e')),
    );
    await assert.rejects(failing(background(), 'x'));
    assert.equal(m.spans().length, 0);
  });

  it('works with the async-hooks context manager: trace.getActiveSpan() and implicit parents', async () => {
    const m = memory();
    const manager = new AsyncLocalStorageContextManager().enable();
    context.setGlobalContextManager(manager);
    try {
      const tracer = m.provider.getTracer('app');
      let active: string | undefined;
      const ep = traceEndpoint('Sum', { tracerProvider: m.provider })<string, string>(async (
        _ctx,
        s,
      ) => {
        await new Promise((r) => setTimeout(r, 1));
        active = trace.getActiveSpan()?.spanContext().spanId;
        tracer.startSpan('db.query').end(); // no parent given: the active context's
        return s;
      });
      // A span made under the manager is the parent of a svckit call made with a bare context.
      await tracer.startActiveSpan('request', async (root) => {
        await ep(background(), 'x');
        root.end();
      });
      const sum = m.byName('Sum');
      assert.equal(active, sum.spanContext().spanId);
      assert.equal(parentOf(m.byName('db.query')), sum.spanContext().spanId);
      assert.equal(parentOf(sum), m.byName('request').spanContext().spanId);
      assert.equal(otelContextOf(background()), context.active());
    } finally {
      context.disable();
    }
  });
});

describe('traceAttempts', () => {
  it('records every attempt of a core retry as an event on the caller span', async () => {
    const m = memory();
    let calls = 0;
    const flaky: Endpoint<string, string> = (_ctx, s) =>
      ++calls < 3
        ? Promise.reject(new ServiceError('unavailable', `down ${calls}`))
        : Promise.resolve(s);
    const ep = traceEndpoint('Uppercase', { tracerProvider: m.provider })<string, string>(
      retry(3, 1000, traceAttempts({ endpoint: () => flaky })),
    );
    assert.equal(await ep(background(), 'x'), 'x');
    const events = m.byName('Uppercase').events;
    assert.deepEqual(
      events.map((e) => [e.name, e.attributes?.['retry.attempt'], e.attributes?.['error.type']]),
      [
        ['retry.attempt', 1, 'unavailable'],
        ['retry.attempt', 2, 'unavailable'],
        ['retry.attempt', 3, undefined],
      ],
    );
    assert.equal(events[0]?.attributes?.['exception.message'], 'down 1');
  });

  it('an empty balancer is an attempt that failed', async () => {
    const m = memory();
    const ep = traceEndpoint('Call', { tracerProvider: m.provider })<string, string>(
      retry(
        2,
        1000,
        traceAttempts<string, string>({
          endpoint: () => {
            throw new ServiceError('unavailable', 'no endpoints');
          },
        }),
      ),
    );
    await assert.rejects(ep(background(), 'x'), /no endpoints/);
    const span = m.byName('Call');
    assert.deepEqual(
      span.events.map((e) => [e.name, e.attributes?.['retry.attempt']]),
      [
        ['retry.attempt', 1],
        ['retry.attempt', 2],
        ['exception', undefined],
      ],
    );
    assert.equal(span.status.code, SpanStatusCode.ERROR);
    assert.equal(span.attributes['error.type'], 'unavailable');
  });
});

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { ServiceError } from '@svckit/core/errors';
import { createHandler } from '@svckit/core/transport/awslambda';
import type { LambdaContext } from '@svckit/core/transport/awslambda';
import { lambdaTrace, spanOf } from './index.js';
import { memory, parentOf } from './memory.test.helper.js';

/** The context object the Lambda runtime hands a handler. */
function invocation(id: string): LambdaContext {
  return {
    awsRequestId: id,
    functionName: 'addsvc-sum',
    invokedFunctionArn: 'arn:aws:lambda:eu-west-1:123456789012:function:addsvc-sum',
    getRemainingTimeInMillis: () => 3000,
  };
}

interface Event {
  headers?: Record<string, string>;
  a: number;
}

describe('lambdaTrace', () => {
  it('a span per invocation, the parent from the event headers, cold start once', async () => {
    const m = memory();
    let seen: string | undefined;
    const handler = createHandler(
      async (ctx, a: number) => {
        seen = spanOf(ctx)?.spanContext().spanId;
        if (a < 0) throw new ServiceError('internal', 'negative');
        return a * 2;
      },
      (_ctx, e: Event) => e.a,
      (_ctx, v: number) => ({ v }),
      {
        ...lambdaTrace<Event, { v: number }>({
          tracerProvider: m.provider,
          propagator: new W3CTraceContextPropagator(),
        }),
      },
    );
    const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
    const event = { headers: { traceparent: `00-${traceId}-00f067aa0ba902b7-01` }, a: 2 };
    assert.deepEqual(await handler(event, invocation('r1')), { v: 4 });
    await assert.rejects(handler({ a: -1 }, invocation('r2')), /negative/);
    const [first, second] = m.spans();
    assert.ok(first && second);
    assert.equal(first.name, 'addsvc-sum');
    assert.equal(first.kind, SpanKind.SERVER);
    assert.equal(first.spanContext().traceId, traceId);
    assert.equal(parentOf(first), '00f067aa0ba902b7');
    assert.equal(seen, second.spanContext().spanId);
    assert.deepEqual(
      [first.attributes['faas.invocation_id'], first.attributes['faas.coldstart']],
      ['r1', true],
    );
    assert.equal(first.attributes['cloud.resource_id'], invocation('x').invokedFunctionArn);
    assert.equal(first.attributes['faas.trigger'], 'other');
    assert.deepEqual(
      [second.attributes['faas.invocation_id'], second.attributes['faas.coldstart']],
      ['r2', false],
    );
    assert.equal(parentOf(second), undefined);
    assert.equal(second.status.code, SpanStatusCode.ERROR);
    assert.equal(second.attributes['error.type'], 'internal');
  });

  it('a pubsub trigger is a CONSUMER span; a custom carrier', async () => {
    const m = memory();
    const handler = createHandler(
      async (_ctx, n: number) => n,
      (_ctx, e: { Records: { attrs: Record<string, string> }[] }) => e.Records.length,
      (_ctx, n: number) => n,
      {
        ...lambdaTrace<{ Records: { attrs: Record<string, string> }[] }, number>({
          tracerProvider: m.provider,
          trigger: 'pubsub',
          propagator: new W3CTraceContextPropagator(),
          carrier: (e) => e.Records[0]?.attrs,
        }),
      },
    );
    const traceId = 'a'.repeat(32);
    await handler(
      { Records: [{ attrs: { traceparent: `00-${traceId}-${'b'.repeat(16)}-01` } }] },
      invocation('r'),
    );
    const span = m.spans()[0];
    assert.equal(span?.kind, SpanKind.CONSUMER);
    assert.equal(span?.spanContext().traceId, traceId);
  });
});

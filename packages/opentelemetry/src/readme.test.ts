// The example of packages/opentelemetry/README.md ("Wire the SDK"), compiled and run against
// the OTLP double; the README's code block must be this file's block, line for line.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { context, propagation, trace } from '@opentelemetry/api';
import { jsonLogger } from '@svckit/core/log';
import { startOtlpCollector } from './otlp-collector.test.helper.js';

test('README: wire the SDK in ten lines', async () => {
  const collector = await startOtlpCollector();
  const lines: string[] = [];
  const logger = jsonLogger({ write: (s: string) => void lines.push(s) });
  const otlpURL = collector.url;
  process.env['PORT'] = '0';
  let server: Server | undefined;
  try {
    // --- README ---
    const { BatchSpanProcessor, NodeTracerProvider } =
      await import('@opentelemetry/sdk-trace-node');
    const { OTLPTraceExporter } = await import('@opentelemetry/exporter-trace-otlp-http');
    const { resourceFromAttributes } = await import('@opentelemetry/resources');
    const { createServer, decodeJSONRequest, encodeJSONResponse, listen } =
      await import('@svckit/core/transport/http');
    const { httpServerTrace, traceEndpoint, withTrace } = await import('@svckit/opentelemetry');

    const provider = new NodeTracerProvider({
      resource: resourceFromAttributes({ 'service.name': 'addsvc' }),
      spanProcessors: [new BatchSpanProcessor(new OTLPTraceExporter({ url: otlpURL }))],
    });
    provider.register(); // global provider; W3C traceparent + baggage; AsyncLocalStorage

    const sum = traceEndpoint('Sum')(async (ctx, { a, b }: { a: number; b: number }) => {
      withTrace(logger, ctx).log('msg', 'sum', 'a', a, 'b', b); // trace_id, span_id
      return { v: a + b };
    });
    const options = { ...httpServerTrace() }; // before + finalizer hooks
    const handler = createServer(sum, decodeJSONRequest(), encodeJSONResponse, options);
    server = await listen(handler.node, { port: Number(process.env['PORT'] ?? 8080) });
    // --- end ---
    const port = (server.address() as { port: number }).port;
    const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
    const res = await fetch(`http://127.0.0.1:${port}/sum`, {
      method: 'POST',
      headers: { traceparent: `00-${traceId}-00f067aa0ba902b7-01` },
      body: '{"a":2,"b":3}',
    });
    assert.deepEqual(await res.json(), { v: 5 });
    await provider.forceFlush();
    assert.deepEqual(collector.rejected, []);
    assert.deepEqual(
      collector.spans.map((s) => [s.name, s.traceId, s.resource['service.name']]),
      [
        ['Sum', traceId, 'addsvc'],
        ['POST', traceId, 'addsvc'],
      ],
    );
    const event = JSON.parse(lines[0] ?? '{}') as Record<string, unknown>;
    assert.equal(event['trace_id'], traceId);
    assert.equal(event['span_id'], collector.spans[0]?.spanId);
    await provider.shutdown();
  } finally {
    server?.closeAllConnections();
    server?.close();
    await collector.close();
    trace.disable();
    context.disable();
    propagation.disable();
  }
});

test("README's code block is this test's", () => {
  const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
  const block = /## Wire the SDK[\s\S]*?```ts\n([\s\S]*?)```/.exec(readme)?.[1];
  assert.ok(block !== undefined, 'README has a "Wire the SDK" ts block');
  const self = readFileSync(new URL('../src/readme.test.ts', import.meta.url), 'utf8');
  const start = self.indexOf('// --- README ---\n') + '// --- README ---\n'.length;
  const body = self.slice(start, self.indexOf('    // --- end ---'));
  const dedent = (s: string) =>
    s
      .split('\n')
      .map((l) => l.replace(/^ {4}/, ''))
      .join('\n')
      .trim();
  // The README spells imports as statements; the test imports dynamically, after the double starts.
  const asStatements = dedent(body)
    .replace(/const (\{[^}]*\}) =\s+await import\(('[^']+')\);/g, 'import $1 from $2;')
    .replace(/^server = /m, 'const server = ');
  // Prettier wraps long lines in the README differently: compare without layout.
  const squash = (s: string) => s.replace(/\s+/g, '').replace(/,([}\])])/g, '$1');
  assert.equal(squash(block), squash(asStatements));
});

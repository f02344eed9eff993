/**
 * Tracing for addsvc and addcli (Go kit's addsvc has Zipkin and OpenTracing tracers behind
 * `-zipkin-url`): `-zipkin-url` exports spans to a Zipkin collector
 * (`http://localhost:9411/api/v2/spans`), `-otlp-url` over OTLP/HTTP
 * (`http://localhost:4318/v1/traces`); both may be set, neither by default. The OpenTelemetry
 * SDK is registered globally (W3C trace context and baggage, AsyncLocalStorage); the
 * endpoints get `traceEndpoint` spans, the transports the svckit hooks.
 */
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { ZipkinExporter } from '@opentelemetry/exporter-zipkin';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor, NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import type { SpanProcessor } from '@opentelemetry/sdk-trace-node';
import { httpClientTrace, httpServerTrace, traceEndpoint } from '@svckit/opentelemetry';
import type { HttpClientTrace, HttpServerTrace } from '@svckit/opentelemetry';
import { grpcClientTrace, grpcServerTrace } from '@svckit/opentelemetry/grpc';
import type { GrpcClientTrace, GrpcServerTrace } from '@svckit/opentelemetry/grpc';
import { natsClientTrace, natsServerTrace } from '@svckit/opentelemetry/nats';
import type { NatsClientTrace, NatsServerTrace } from '@svckit/opentelemetry/nats';
import { amqpClientTrace, amqpServerTrace } from '@svckit/opentelemetry/amqp';
import type { AmqpClientTrace, AmqpServerTrace } from '@svckit/opentelemetry/amqp';
import type { Set } from './addendpoint/set.js';
import { Add } from './gen/pb/addsvc_pb.js';

/** TracingURLs are the collectors to export to; an empty string is off. */
export interface TracingURLs {
  readonly zipkin: string;
  readonly otlp: string;
}

/** Tracing is the SDK registered for one process and the hooks of each transport. */
export interface Tracing {
  /** endpoints wraps each endpoint of a set in a span named after its method. */
  endpoints(set: Set): Set;
  readonly httpServer: HttpServerTrace;
  readonly httpClient: HttpClientTrace;
  readonly grpcServer: GrpcServerTrace;
  readonly natsServer: NatsServerTrace;
  readonly amqpServer: AmqpServerTrace;
  natsClient(subject: string): NatsClientTrace;
  amqpClient(routingKey: string): AmqpClientTrace;
  grpcClient(method: 'sum' | 'concat'): GrpcClientTrace;
  /** shutdown flushes the spans still buffered and stops the exporters. */
  shutdown(): Promise<void>;
}

/**
 * newTracing registers the SDK exporting to the given collectors under `serviceName`, or
 * returns undefined when both URLs are empty (tracing off: no SDK, no hooks).
 */
export function newTracing(urls: TracingURLs, serviceName: string): Tracing | undefined {
  const processors: SpanProcessor[] = [];
  if (urls.zipkin !== '') {
    processors.push(new BatchSpanProcessor(new ZipkinExporter({ url: urls.zipkin, serviceName })));
  }
  if (urls.otlp !== '') {
    processors.push(new BatchSpanProcessor(new OTLPTraceExporter({ url: urls.otlp })));
  }
  if (processors.length === 0) return undefined;
  const provider = new NodeTracerProvider({
    resource: resourceFromAttributes({ 'service.name': serviceName }),
    spanProcessors: processors,
  });
  provider.register();
  return {
    endpoints: (set) => ({
      sum: traceEndpoint('Sum')(set.sum),
      concat: traceEndpoint('Concat')(set.concat),
    }),
    httpServer: httpServerTrace(),
    httpClient: httpClientTrace(),
    grpcServer: grpcServerTrace(),
    natsServer: natsServerTrace({ queue: 'addsvc' }),
    amqpServer: amqpServerTrace(),
    natsClient: (subject) => natsClientTrace(subject),
    amqpClient: (routingKey) => amqpClientTrace(routingKey),
    grpcClient: (method) => grpcClientTrace(Add.method[method]),
    shutdown: () => provider.shutdown(),
  };
}

import { trace } from '@opentelemetry/api';
import type { TextMapPropagator, Tracer, TracerProvider } from '@opentelemetry/api';

/** instrumentationName is the instrumentation scope of the spans and metrics made here. */
export const instrumentationName = '@svckit/opentelemetry';

/** instrumentationVersion is the version of this package, reported with the scope. */
export const instrumentationVersion = '0.0.0';

/** TracerOptions choose where spans go; both default to the globally registered SDK. */
export interface TracerOptions {
  /** tracer makes the spans; default: `tracerProvider`'s tracer for this package. */
  readonly tracer?: Tracer | undefined;
  /** tracerProvider supplies the tracer; default the global one (`trace.getTracerProvider()`). */
  readonly tracerProvider?: TracerProvider | undefined;
}

/** PropagationOptions choose how contexts cross the wire. */
export interface PropagationOptions {
  /**
   * propagator injects and extracts the trace context and baggage; default the globally
   * registered one (`propagation.setGlobalPropagator`, which the SDK sets to W3C
   * `traceparent`/`tracestate` plus W3C baggage). Pass `new B3Propagator()` from
   * `@opentelemetry/propagator-b3` to talk to Zipkin-era services.
   */
  readonly propagator?: TextMapPropagator | undefined;
}

/**
 * tracerOf returns the tracer of the options. The global tracer is a proxy: an SDK registered
 * after the hooks were made still receives their spans.
 */
export function tracerOf(options: TracerOptions): Tracer {
  if (options.tracer !== undefined) return options.tracer;
  const provider = options.tracerProvider ?? trace.getTracerProvider();
  return provider.getTracer(instrumentationName, instrumentationVersion);
}

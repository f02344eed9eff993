import { propagation } from '@opentelemetry/api';
import type {
  Context as OtelContext,
  TextMapGetter,
  TextMapPropagator,
  TextMapSetter,
} from '@opentelemetry/api';

/**
 * HeaderRecord is a plain header object, as a svckit HTTP client request's `headers` or the
 * headers of a NATS or AMQP message: lower-cased names, string or string-array values.
 */
export type HeaderRecord = Record<string, string | string[] | undefined>;

/** recordGetter reads propagation fields from a {@link HeaderRecord}. */
export const recordGetter: TextMapGetter<HeaderRecord> = {
  get(carrier, key) {
    return carrier[key] ?? carrier[key.toLowerCase()];
  },
  keys(carrier) {
    return Object.keys(carrier);
  },
};

/** recordSetter writes propagation fields into a {@link HeaderRecord}. */
export const recordSetter: TextMapSetter<HeaderRecord> = {
  set(carrier, key, value) {
    carrier[key] = value;
  },
};

/** Propagate is inject and extract through one propagator, or the global one. */
export interface Propagate {
  inject<C>(oc: OtelContext, carrier: C, setter: TextMapSetter<C>): void;
  extract<C>(oc: OtelContext, carrier: C, getter: TextMapGetter<C>): OtelContext;
}

/**
 * propagateWith returns inject/extract through `propagator` or, when undefined, through the
 * globally registered propagator (read at each call, so one registered later is used).
 */
export function propagateWith(propagator: TextMapPropagator | undefined): Propagate {
  if (propagator === undefined) return propagation;
  return {
    inject: (oc, carrier, setter) => propagator.inject(oc, carrier, setter),
    extract: (oc, carrier, getter) => propagator.extract(oc, carrier, getter),
  };
}

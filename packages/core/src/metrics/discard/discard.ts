import type { Counter, Gauge, Histogram } from '../metrics.js';
import type { Provider } from '../provider.js';

/** discardCounter is a counter that does nothing (Go kit's `discard.NewCounter`). */
export const discardCounter: Counter = Object.freeze({
  with: () => discardCounter,
  add: () => {},
});

/** discardGauge is a gauge that does nothing (Go kit's `discard.NewGauge`). */
export const discardGauge: Gauge = Object.freeze({
  with: () => discardGauge,
  set: () => {},
  add: () => {},
});

/** discardHistogram is a histogram that does nothing (Go kit's `discard.NewHistogram`). */
export const discardHistogram: Histogram = Object.freeze({
  with: () => discardHistogram,
  observe: () => {},
});

/** discardProvider returns a {@link Provider} of metrics that do nothing. */
export function discardProvider(): Provider {
  return {
    newCounter: () => discardCounter,
    newGauge: () => discardGauge,
    newHistogram: () => discardHistogram,
    stop: () => Promise.resolve(),
  };
}

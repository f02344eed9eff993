import { breakerConformance } from '@svckit/core/circuitbreaker/conformance';
import { createOpossumBreaker, opossumBreaker } from './index.js';

// Opossum trips on an error percentage over a rolling window, not on a run of failures:
// "N consecutive failures" maps to `volumeThreshold: N` at 50 %, which opens after N failures
// from a fresh breaker, but a success in between does not reset the count.
breakerConformance(
  'opossum',
  ({ failures, openMs, isFailure, onStateChange }) => {
    const breaker = createOpossumBreaker({
      volumeThreshold: failures,
      errorThresholdPercentage: 50,
      resetTimeout: openMs,
      onStateChange,
      ...(isFailure !== undefined && { isFailure }),
    });
    return { middleware: opossumBreaker(breaker), close: () => breaker.shutdown() };
  },
  { consecutive: false },
);

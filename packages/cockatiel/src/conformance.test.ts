import { ConsecutiveBreaker } from 'cockatiel';
import { breakerConformance } from '@svckit/core/circuitbreaker/conformance';
import { cockatielBreaker, cockatielPolicy } from './index.js';

breakerConformance('cockatiel', ({ failures, openMs, isFailure, onStateChange }) => ({
  middleware: cockatielPolicy(
    cockatielBreaker({
      breaker: new ConsecutiveBreaker(failures),
      halfOpenAfter: openMs,
      onStateChange,
      ...(isFailure !== undefined && { isFailure }),
    }),
  ),
}));

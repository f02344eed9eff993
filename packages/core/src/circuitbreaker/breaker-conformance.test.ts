import { breakerConformance } from './conformance/index.js';
import { circuitBreaker, consecutiveFailures } from './index.js';

breakerConformance('native', ({ failures, openMs, isFailure, onStateChange }) => ({
  middleware: circuitBreaker({
    readyToTrip: consecutiveFailures(failures),
    openTimeoutMs: openMs,
    maxProbes: 1,
    onStateChange,
    ...(isFailure !== undefined && { isFailure }),
  }),
}));

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { BulkheadRejectedError } from '../bulkhead/index.js';
import { CircuitOpenError, TooManyRequestsError, isCircuitOpen } from '../circuitbreaker/index.js';
import {
  CanceledError,
  DeadlineExceededError,
  isCanceled,
  isDeadlineExceeded,
} from '../context/index.js';
import { RateLimitError } from '../ratelimit/index.js';
import { PortZeroError } from '../sd/dnssrv/index.js';
import { NoEndpointsError, RetryError } from '../sd/lb/index.js';
import {
  BodyTooLargeError,
  ClientGoneError,
  MalformedBodyError,
  RequestError,
  ResponseBodyError,
  ResponseStatusError,
} from '../transport/http/index.js';
import { ConnectionUnavailableError, isConnectionUnavailable } from '../util/conn/index.js';
import { ServiceError, codeOf, reasonOf } from './index.js';
import type { Code } from './index.js';

const refused = Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });

// Every error svckit raises, with the canonical code and the reason it must carry.
const table: readonly [unknown, Code, string][] = [
  [new CanceledError(), 'canceled', 'CANCELED'],
  [new DeadlineExceededError(), 'deadline_exceeded', 'DEADLINE_EXCEEDED'],
  [new RateLimitError(), 'resource_exhausted', 'RATE_LIMITED'],
  [new CircuitOpenError(), 'unavailable', 'CIRCUIT_OPEN'],
  [new TooManyRequestsError(), 'unavailable', 'CIRCUIT_TOO_MANY_REQUESTS'],
  [new BulkheadRejectedError('full'), 'unavailable', 'BULKHEAD_REJECTED'],
  [new BulkheadRejectedError('queue-timeout'), 'unavailable', 'BULKHEAD_REJECTED'],
  [new NoEndpointsError(), 'unavailable', 'NO_ENDPOINTS'],
  [new RetryError([refused], refused), 'unavailable', 'RETRY_EXHAUSTED'],
  [new RetryError([new Error('x')], new RateLimitError()), 'resource_exhausted', 'RETRY_EXHAUSTED'],
  [new BodyTooLargeError(10), 'resource_exhausted', 'BODY_TOO_LARGE'],
  [new MalformedBodyError('bad'), 'invalid_argument', 'MALFORMED_BODY'],
  [new ClientGoneError(), 'canceled', 'CLIENT_GONE'],
  [new RequestError('GET', 'http://x/', refused), 'unavailable', 'ECONNREFUSED'],
  [new RequestError('GET', 'http://x/', new Error('odd')), 'unavailable', 'REQUEST_FAILED'],
  [
    new ResponseBodyError('http://x/', 'm', 'BODY_TOO_LARGE'),
    'resource_exhausted',
    'BODY_TOO_LARGE',
  ],
  [new ResponseBodyError('http://x/', 'm', 'INVALID_JSON'), 'internal', 'INVALID_JSON'],
  [new ResponseBodyError('http://x/', 'm', 'ECONNRESET', refused), 'unavailable', 'ECONNRESET'],
  [new ResponseStatusError(400, 'Bad Request', '', {}), 'invalid_argument', 'BAD_STATUS'],
  [new ResponseStatusError(503, '', '', {}), 'unavailable', 'BAD_STATUS'],
  [new ConnectionUnavailableError(), 'unavailable', 'ECONNUNAVAILABLE'],
  [new PortZeroError(), 'failed_precondition', 'SRV_PORT_ZERO'],
];

describe('every svckit error carries its canonical code and a reason', () => {
  for (const [err, code, reason] of table) {
    it(`${(err as Error).name} (${reason}): ${code}`, () => {
      assert.ok(err instanceof ServiceError);
      assert.equal((err as ServiceError).code, code);
      assert.equal(codeOf(err), code);
      assert.equal(reasonOf(err), reason);
    });
  }

  it('guards test codes and reasons, so a look-alike from another copy of svckit passes', () => {
    const foreignOpen = { code: 'unavailable', reason: 'CIRCUIT_OPEN', message: 'open' };
    assert.ok(isCircuitOpen(foreignOpen));
    assert.ok(isCircuitOpen(new TooManyRequestsError()));
    assert.ok(!isCircuitOpen(new NoEndpointsError()));
    assert.ok(isCanceled({ code: 'canceled' }));
    assert.ok(isCanceled(new ClientGoneError()), 'a client that left is a cancellation');
    assert.ok(isDeadlineExceeded(new DOMException('t', 'TimeoutError')));
    assert.ok(!isDeadlineExceeded(new CanceledError()));
    assert.ok(isConnectionUnavailable({ code: 'unavailable', reason: 'ECONNUNAVAILABLE' }));
  });
});

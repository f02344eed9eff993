// The example of packages/core/README.md's "Errors" section, compiled and checked.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ServiceError, codeNumber, codeOf, isCalleeFailure, reasonOf } from './index.js';
import { RateLimitError } from '../ratelimit/index.js';
import { httpStatusOf } from '../transport/http/index.js';

describe('core README: errors example', () => {
  it('says what the README says', () => {
    const err = new ServiceError('not_found', 'no such user', {
      details: [{ id: 7 }],
      reason: 'USER_MISSING',
    });
    assert.equal(codeOf(err), 'not_found');
    assert.equal(httpStatusOf(codeOf(err)), 404);
    assert.equal(codeNumber(codeOf(err)), 5);
    assert.equal(codeOf(new RateLimitError()), 'resource_exhausted');
    assert.equal(reasonOf(new RateLimitError()), 'RATE_LIMITED');
    assert.equal(
      codeOf(Object.assign(new Error('connect'), { code: 'ECONNREFUSED' })),
      'unavailable',
    );
    assert.equal(codeOf(new Error('boom')), 'unknown');
    assert.equal(httpStatusOf('unknown'), 500);
    assert.equal(isCalleeFailure(err), false);
    assert.equal(httpStatusOf('deadline_exceeded'), 504);
  });
});

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  ServiceError,
  codeFromNumber,
  codeNumber,
  codeOf,
  codes,
  isCalleeFailure,
  isCode,
  reasonOf,
  retryAfterMs,
} from './index.js';
import type { Code } from './index.js';

const sys = (code: string, message = code) => Object.assign(new Error(message), { code });

describe('canonical codes', () => {
  it('are the 16 gRPC codes in gRPC order, numbered 1..16', () => {
    assert.equal(codes.length, 16);
    assert.equal(codeNumber('canceled'), 1);
    assert.equal(codeNumber('deadline_exceeded'), 4);
    assert.equal(codeNumber('resource_exhausted'), 8);
    assert.equal(codeNumber('unavailable'), 14);
    assert.equal(codeNumber('unauthenticated'), 16);
    codes.forEach((code, i) => {
      assert.equal(codeNumber(code), i + 1);
      assert.equal(codeFromNumber(i + 1), code, 'numbers round-trip');
    });
  });

  it('codeFromNumber: 0 (OK) and anything out of range or fractional is unknown', () => {
    for (const n of [0, -1, 17, 1.5, NaN, Infinity]) assert.equal(codeFromNumber(n), 'unknown');
  });

  it('isCode accepts exactly the lower-case codes', () => {
    for (const code of codes) assert.ok(isCode(code));
    for (const v of ['NOT_FOUND', 'Not_found', 'ok', '', 'toString', '__proto__', 14, null])
      assert.equal(isCode(v), false, String(v));
  });
});

describe('ServiceError', () => {
  it('is thrown with one call and carries code, message, details, cause and reason', () => {
    const cause = new Error('parse');
    const err = new ServiceError('invalid_argument', 'a must be a number', {
      details: [{ field: 'a' }],
      cause,
      reason: 'NOT_A_NUMBER',
    });
    assert.ok(err instanceof Error);
    assert.equal(err.name, 'ServiceError');
    assert.equal(err.code, 'invalid_argument');
    assert.equal(err.message, 'a must be a number');
    assert.deepEqual(err.details, [{ field: 'a' }]);
    assert.equal(err.cause, cause);
    assert.equal(err.reason, 'NOT_A_NUMBER');
    assert.equal(codeOf(err), 'invalid_argument');
    assert.equal(reasonOf(err), 'NOT_A_NUMBER');
  });

  it('defaults: no details, no cause, no reason', () => {
    const err = new ServiceError('not_found', 'no such user');
    assert.deepEqual(err.details, []);
    assert.equal('cause' in err, false);
    assert.equal(err.reason, undefined);
    assert.equal(err.retryAfterMs, undefined);
  });
});

describe('codeOf', () => {
  it('keeps a canonical code, structurally (another copy of svckit agrees)', () => {
    assert.equal(codeOf({ code: 'not_found', message: 'foreign' }), 'not_found');
    assert.equal(codeOf(new ServiceError('data_loss', 'x')), 'data_loss');
  });

  it('maps Node system errors: connection failures are unavailable', () => {
    for (const c of [
      'ECONNREFUSED',
      'ECONNRESET',
      'ETIMEDOUT',
      'EPIPE',
      'EHOSTUNREACH',
      'ENETUNREACH',
      'ENOTFOUND',
      'EAI_AGAIN',
      'ECONNABORTED',
      'UND_ERR_SOCKET',
      'UND_ERR_CONNECT_TIMEOUT',
    ])
      assert.equal(codeOf(sys(c)), 'unavailable', c);
    assert.equal(codeOf(sys('EMFILE')), 'resource_exhausted');
    assert.equal(codeOf(sys('EACCES')), 'permission_denied');
    assert.equal(codeOf(sys('ENOENT')), 'not_found');
    assert.equal(codeOf(sys('EEXIST')), 'already_exists');
    assert.equal(codeOf(sys('UND_ERR_ABORTED')), 'canceled');
    assert.equal(codeOf(sys('ENOTSUP')), 'unknown', 'an unlisted system code');
  });

  it('maps aborts to canceled and timeouts to deadline_exceeded', () => {
    const controller = new AbortController();
    controller.abort();
    assert.equal(codeOf(controller.signal.reason), 'canceled', 'AbortError DOMException');
    assert.equal(codeOf(new DOMException('t', 'TimeoutError')), 'deadline_exceeded');
    assert.equal(codeOf(sys('ABORT_ERR')), 'canceled', "Node's AbortError");
  });

  it('follows the cause, as fetch wraps its network error, with a bounded depth', () => {
    const wrapped = new TypeError('fetch failed', { cause: sys('ECONNREFUSED') });
    assert.equal(codeOf(wrapped), 'unavailable');
    const deep = new Error('a', {
      cause: new Error('b', { cause: new ServiceError('aborted', 'c') }),
    });
    assert.equal(codeOf(deep), 'aborted');
    const loop: { cause?: unknown } = {};
    loop.cause = loop;
    assert.equal(codeOf(loop), 'unknown', 'a cycle ends');
  });

  it('anything else is unknown', () => {
    for (const v of [new Error('boom'), 'text', undefined, null, 42, { code: 7 }, () => 1])
      assert.equal(codeOf(v), 'unknown', String(v));
  });
});

describe('isCalleeFailure', () => {
  it("counts the callee's failures, not the caller's mistakes, limits, races or cancellation", () => {
    const callee: readonly Code[] = [
      'unavailable',
      'deadline_exceeded',
      'internal',
      'unknown',
      'data_loss',
    ];
    for (const code of codes) assert.equal(isCalleeFailure({ code }), callee.includes(code), code);
    assert.ok(isCalleeFailure(new Error('plain')), 'a plain Error is unknown: a callee failure');
    assert.ok(isCalleeFailure(sys('ECONNREFUSED')));
  });
});

describe('retryAfterMs', () => {
  it('reads a structural retryAfterMs, on the error or a cause; ignores nonsense', () => {
    assert.equal(retryAfterMs({ retryAfterMs: 1500 }), 1500);
    assert.equal(retryAfterMs(new Error('x', { cause: { retryAfterMs: 0 } })), 0);
    assert.equal(retryAfterMs(new ServiceError('unavailable', 'x', { retryAfterMs: 20 })), 20);
    for (const v of [{ retryAfterMs: -1 }, { retryAfterMs: NaN }, { retryAfterMs: '5' }, {}, null])
      assert.equal(retryAfterMs(v), undefined);
  });
});

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { background } from '../context/index.js';
import { logfmtLogger } from '../log/index.js';
import {
  isHeaderer,
  isJSONMarshaler,
  isStatusCoder,
  logErrorHandler,
  nopErrorHandler,
} from './index.js';

describe('capability guards', () => {
  class NotFound extends Error {
    statusCode() {
      return 404;
    }
    headers() {
      return { 'x-reason': ['missing', 'gone'] };
    }
    toJSON() {
      return { error: this.message };
    }
  }

  it('accept values with the methods', () => {
    const err = new NotFound('no such user');
    assert.equal(isStatusCoder(err), true);
    assert.equal(isHeaderer(err), true);
    assert.equal(isJSONMarshaler(err), true);
    assert.equal(isStatusCoder({ statusCode: () => 400 }), true);
  });

  it('reject values without them, or with non-function fields', () => {
    for (const v of [null, undefined, 42, 'x', new Error('plain'), { statusCode: 500 }, {}]) {
      assert.equal(isStatusCoder(v), false, String(v));
      assert.equal(isHeaderer(v), false, String(v));
    }
    assert.equal(isJSONMarshaler({ toJSON: 'x' }), false);
  });
});

describe('error handlers', () => {
  it('logErrorHandler logs err=<error>', () => {
    const lines: unknown[][] = [];
    const handler = logErrorHandler({ log: (...kv) => lines.push(kv) });
    const err = new Error('boom');
    handler(background(), err);
    assert.deepEqual(lines, [['err', err]]);
  });

  it('nopErrorHandler does nothing and does not throw', () => {
    assert.doesNotThrow(() => nopErrorHandler(background(), new Error('x')));
  });
});

describe('logErrorHandler through the logfmt logger', () => {
  it('writes err=<message> as one logfmt line', () => {
    const out: string[] = [];
    const handler = logErrorHandler(logfmtLogger((line) => out.push(line)));
    handler(background(), new Error('decode failed: bad json'));
    handler(background(), 'plain string');
    assert.deepEqual(out, ['err="decode failed: bad json"\n', 'err="plain string"\n']);
  });
});

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { formatTimeout, parseGrpcTimeout, parseTimeout } from './index.js';

describe('deadline header convention', () => {
  it('connect-timeout-ms: 1 to 10 digits of ms; anything else is ignored', () => {
    assert.equal(parseTimeout('300'), 300);
    assert.equal(parseTimeout('0'), 0);
    assert.equal(parseTimeout(' 42 '), 42);
    assert.equal(parseTimeout('9999999999'), 9_999_999_999);
    for (const v of [undefined, '', '-1', '+1', '1.5', '1e3', '12345678901', '1 2', 'abc', '0x10'])
      assert.equal(parseTimeout(v), undefined, String(v));
  });

  it("grpc-timeout: up to 8 digits and gRPC's unit", () => {
    assert.equal(parseGrpcTimeout('300m'), 300);
    assert.equal(parseGrpcTimeout('2S'), 2000);
    assert.equal(parseGrpcTimeout('1M'), 60_000);
    assert.equal(parseGrpcTimeout('1H'), 3_600_000);
    assert.equal(parseGrpcTimeout('1500u'), 1.5);
    assert.equal(parseGrpcTimeout('99999999n'), 99.999999);
    for (const v of [undefined, '', 'm', '300', '300x', '-1S', '123456789S', '1.5S'])
      assert.equal(parseGrpcTimeout(v), undefined, String(v));
  });

  it('formatTimeout rounds up, never negative, at most 10 digits', () => {
    assert.equal(formatTimeout(299.2), '300');
    assert.equal(formatTimeout(0.01), '1');
    assert.equal(formatTimeout(-5), '0');
    assert.equal(formatTimeout(1e12), '9999999999');
  });
});

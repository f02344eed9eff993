import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseExact, stringifyExact } from './index.js';

describe('parseExact and stringifyExact', () => {
  it('reads integers beyond 2^53 as bigint, exactly, and leaves the rest to JSON.parse', () => {
    assert.deepEqual(parseExact('{"a":1152921504606846976,"b":-9223372036854775808,"c":1}'), {
      a: 1152921504606846976n,
      b: -9223372036854775808n,
      c: 1,
    });
    assert.deepEqual(parseExact('[9007199254740991,9007199254740993]'), [
      9007199254740991,
      9007199254740993n,
    ]);
    // Fractions, exponents and numbers inside strings are not integers to keep.
    assert.deepEqual(parseExact('[1.5e300,12345678901234567890.5,"12345678901234567890"]'), [
      1.5e300,
      1.2345678901234567e19,
      '12345678901234567890',
    ]);
    // Escaped quotes in strings do not confuse the scan.
    assert.deepEqual(parseExact('{"k\\"":"\\"12345678901234567890","n":12345678901234567890}'), {
      'k"': '"12345678901234567890',
      n: 12345678901234567890n,
    });
    assert.throws(() => parseExact('{"a":12345678901234567890'), SyntaxError);
    assert.throws(() => parseExact('nope'), SyntaxError);
  });

  it('a string that looks like the internal tag stays a string', () => {
    const text = '["\\u0001abc:1",12345678901234567890]';
    assert.deepEqual(parseExact(text), ['\u0001abc:1', 12345678901234567890n]);
  });

  it('writes bigint as JSON numbers, everything else as JSON.stringify', () => {
    assert.equal(
      stringifyExact({ v: 2n ** 64n, w: [-1n, 'x"y', 1.5], s: '\u0001' }),
      '{"v":18446744073709551616,"w":[-1,"x\\"y",1.5],"s":"\\u0001"}',
    );
    assert.equal(stringifyExact({ a: 1 }), '{"a":1}');
    assert.equal(stringifyExact(undefined), undefined);
    const big = 123456789012345678901234567890n;
    assert.deepEqual(parseExact(stringifyExact({ big }) as string), { big });
  });
});

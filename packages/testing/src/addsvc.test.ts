import assert from 'node:assert/strict';
import { test } from 'node:test';
import { addsvcConcat, addsvcErrors, addsvcSum, localAddSet, str2err } from './addsvc.js';

test('addsvcSum: two zeroes and int32 overflow refused in-band, at the bounds exactly', () => {
  assert.deepEqual(addsvcSum(1n, 2n), { v: 3n, err: '' });
  assert.deepEqual(addsvcSum(0n, 0n), { v: 0n, err: "can't sum two zeroes" });
  assert.deepEqual(addsvcSum(2147483646n, 1n), { v: 2147483647n, err: '' });
  assert.deepEqual(addsvcSum(2147483647n, 1n), { v: 0n, err: 'integer overflow' });
  assert.deepEqual(addsvcSum(-2147483648n, 0n), { v: -2147483648n, err: '' });
  assert.deepEqual(addsvcSum(-2147483648n, -1n), { v: 0n, err: 'integer overflow' });
});

test('addsvcConcat: at most 10 bytes of UTF-8', () => {
  assert.deepEqual(addsvcConcat('ééééé', ''), { v: 'ééééé', err: '' });
  assert.deepEqual(addsvcConcat('ééééé', 'x'), { v: '', err: 'result exceeds maximum size' });
});

test('localAddSet: values, or a business error in the response (failed() returns it)', async () => {
  const set = localAddSet();
  const ok = await set.sum(undefined, { a: 2n, b: 3n });
  assert.equal(ok.v, 5n);
  assert.equal(ok.failed(), undefined);
  const zeroes = await set.sum(undefined, { a: 0n, b: 0n });
  assert.equal(zeroes.failed()?.message, addsvcErrors.twoZeroes);
  assert.equal((await set.concat(undefined, { a: 'a', b: 'b' })).v, 'ab');
  const long = await set.concat(undefined, { a: '0123456789', b: 'x' });
  assert.equal(long.err?.message, addsvcErrors.maxSizeExceeded);
  assert.equal(long.failed(), long.err);
});

test('str2err: none for empty, one Error per known text, a new one otherwise', () => {
  assert.equal(str2err(''), undefined);
  assert.equal(str2err('integer overflow'), str2err('integer overflow'));
  assert.equal(str2err('integer overflow')?.message, 'integer overflow');
  const other = str2err('boom');
  assert.ok(other instanceof Error && other.message === 'boom' && other !== str2err('boom'));
});

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHeaderReader } from './fetch-headers.js';

const listSymbol = Symbol('header list');

/**
 * listed is a Headers-like object as Deno makes it: the pairs under an own symbol, and a `get`
 * that follows the Fetch standard over them (counted, to tell which path a read took).
 */
function listed(pairs: [string, string][], get?: (name: string) => string | null) {
  const calls = { get: 0 };
  const standard = (name: string): string | null => {
    const values = pairs.filter(([n]) => n.toLowerCase() === name).map(([, v]) => v);
    return values.length === 0 ? null : values.join(', ');
  };
  const headers = {
    [listSymbol]: pairs,
    get(name: string): string | null {
      calls.get++;
      return (get ?? standard)(name.toLowerCase());
    },
  } as unknown as Headers;
  return { headers, calls, pairs };
}

describe('createHeaderReader', () => {
  it('reads a runtime header list that agrees with Headers.get, without calling get', () => {
    const read = createHeaderReader();
    const first = listed([
      ['content-length', '20'],
      ['X-Foo', 'a'],
      ['x-foo', 'b'],
    ]);
    assert.equal(read(first.headers, 'content-length'), '20');
    const checks = first.calls.get; // the one-time check asks get about every name
    assert.ok(checks > 0);
    assert.equal(read(first.headers, 'x-foo'), 'a, b', 'repeated and mixed-case names, joined');
    assert.equal(read(first.headers, 'grpc-timeout'), null);
    assert.equal(first.calls.get, checks, 'after the check, reads go to the list');

    const next = listed([['connect-timeout-ms', '150']]);
    assert.equal(read(next.headers, 'connect-timeout-ms'), '150');
    assert.equal(read(next.headers, 'content-length'), null);
    assert.equal(next.calls.get, 0);
  });

  it('a list that disagrees with Headers.get is never read: get answers, for good', () => {
    const read = createHeaderReader();
    const odd = listed([['content-length', '20']], () => 'from get');
    assert.equal(read(odd.headers, 'content-length'), 'from get');
    const next = listed([['content-length', '7']]);
    assert.equal(read(next.headers, 'content-length'), '7');
    assert.ok(next.calls.get > 0, 'the reader no longer looks for a list');
  });

  it('empty headers decide nothing: the next request with headers does', () => {
    const read = createHeaderReader();
    const empty = listed([]);
    assert.equal(read(empty.headers, 'content-length'), null);
    assert.equal(empty.calls.get, 1);
    const next = listed([['content-length', '3']]);
    assert.equal(read(next.headers, 'content-length'), '3');
    const checks = next.calls.get;
    assert.equal(read(next.headers, 'x-absent'), null);
    assert.equal(next.calls.get, checks, 'the list is read once found');
  });

  it("Node's own Headers (no symbol-keyed list) are read with get", () => {
    const read = createHeaderReader();
    const h = new Headers([
      ['Content-Length', '12'],
      ['X-Foo', 'a'],
    ]);
    h.append('x-foo', 'b');
    assert.equal(read(h, 'content-length'), '12');
    assert.equal(read(h, 'x-foo'), 'a, b');
    assert.equal(read(h, 'grpc-timeout'), null);
  });

  it('a symbol-keyed value that is not a list of string pairs is not taken for one', () => {
    const read = createHeaderReader();
    const h = {
      [Symbol('other')]: [['a', 1]],
      [Symbol('more')]: 'text',
      get: (name: string) => (name === 'a' ? 'x' : null),
    } as unknown as Headers;
    assert.equal(read(h, 'a'), 'x');
    assert.equal(read(h, 'b'), null);
  });
});

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { defaultCaller, jsonLogger, withContext } from './index.js';
import { frameLocation } from './caller.js';

function capture(): { out: string[]; write: (line: string) => void } {
  const out: string[] = [];
  return { out, write: (line) => out.push(line) };
}

/** here returns the `file:line` of its caller, to compare with the caller valuer. */
function here(): string {
  return frameLocation(new Error().stack, 1);
}

describe('jsonLogger (go-kit log/json_logger_test.go)', () => {
  it('encodes errors as their message, objects and arrays as JSON', () => {
    const { out, write } = capture();
    jsonLogger(write).log('err', new Error('err'), 'm', { '0': 0 }, 'a', [1, 2, 3]);
    assert.deepEqual(out, ['{"err":"err","m":{"0":0},"a":[1,2,3]}\n']);
  });

  it('gives a missing value (MISSING)', () => {
    const { out, write } = capture();
    jsonLogger(write).log('k');
    assert.deepEqual(out, ['{"k":"(MISSING)"}\n']);
  });

  it('logs the caller of log', () => {
    const { out, write } = capture();
    const logger = withContext(jsonLogger(write), 'caller', defaultCaller);
    const want = [logger.log(), here()][1];
    assert.deepEqual(out, [`{"caller":"${want}"}\n`]);
    assert.match(String(want), /^json-logger\.test\.(js|ts):\d+$/);
  });

  it('stringifies non-string keys and writes nil values as null', () => {
    const { out, write } = capture();
    jsonLogger(write).log(null, 'v', 1, 'one', Symbol('s'), 2, 'err', null, 'u', undefined);
    assert.deepEqual(out, ['{"null":"v","1":"one","Symbol(s)":2,"err":null,"u":null}\n']);
  });

  it('does not HTML-escape', () => {
    const { out, write } = capture();
    jsonLogger(write).log('k', '<&>');
    assert.deepEqual(out, ['{"k":"<&>"}\n']);
  });

  it('honours toJSON, toString and Date; bigint and non-finite numbers become strings', () => {
    const { out, write } = capture();
    class Stringer {
      toString() {
        return 'string';
      }
    }
    const marshaler = { toJSON: () => ({ json: true }) };
    jsonLogger(write).log(
      's',
      new Stringer(),
      'j',
      marshaler,
      'd',
      new Date(Date.UTC(2015, 3, 25)),
      'b',
      2n ** 64n,
      'n',
      NaN,
      'i',
      -Infinity,
    );
    assert.deepEqual(JSON.parse(out[0]!), {
      s: 'string',
      j: { json: true },
      d: '2015-04-25T00:00:00.000Z',
      b: '18446744073709551616',
      n: 'NaN',
      i: '-Infinity',
    });
  });

  it('turns circular references, throwing getters and toJSON into placeholders', () => {
    const { out, write } = capture();
    const circ: Record<string, unknown> = { a: 1 };
    circ['self'] = circ;
    circ['list'] = [circ, { deep: 1n }];
    const getter = {
      ok: 1,
      get bad(): number {
        throw new Error('nope');
      },
    };
    const badJSON = {
      toJSON() {
        throw new Error('no json');
      },
    };
    const nested = { err: new Error('inner'), when: new Date(0) };
    jsonLogger(write).log('c', circ, 'g', getter, 't', badJSON, 'n', nested);
    assert.equal(out.length, 1);
    assert.deepEqual(JSON.parse(out[0]!), {
      c: { a: 1, self: '[Circular]', list: ['[Circular]', { deep: '1' }] },
      g: { ok: 1, bad: '[Throws: nope]' },
      t: '[Throws: no json]',
      n: { err: 'inner', when: '1970-01-01T00:00:00.000Z' },
    });
  });

  it('escapes control characters and lone surrogates into valid JSON', () => {
    const { out, write } = capture();
    jsonLogger(write).log('k', 'a"b\\c\nd\u0001\ud800', 'long', 'x'.repeat(200) + '"');
    const parsed = JSON.parse(out[0]!) as Record<string, string>;
    assert.equal(parsed['k'], 'a"b\\c\nd\u0001\ud800');
    assert.equal(parsed['long'], 'x'.repeat(200) + '"');
  });
});

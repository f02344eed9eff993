import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { logfmtLogger, logfmtValue } from './index.js';

function capture(): { out: string[]; write: (line: string) => void } {
  const out: string[] = [];
  return { out, write: (line) => out.push(line) };
}

describe('logfmtLogger (go-kit log/logfmt_logger_test.go)', () => {
  it('writes hello=world, a=1 err=error and custom string forms', () => {
    const { out, write } = capture();
    const logger = logfmtLogger(write);
    logger.log('hello', 'world');
    logger.log('a', 1, 'err', new Error('error'));
    class MyMap {
      toString() {
        return 'special_behavior';
      }
    }
    logger.log('std_map', { 1: 2 }, 'my_map', new MyMap());
    assert.deepEqual(out, [
      'hello=world\n',
      'a=1 err=error\n',
      'std_map="{\\"1\\":2}" my_map=special_behavior\n',
    ]);
  });

  it('gives an odd trailing key the value (MISSING)', () => {
    const { out, write } = capture();
    logfmtLogger(write).log('a', 1, 'k');
    assert.deepEqual(out, ['a=1 k=(MISSING)\n']);
  });

  it('quotes and escapes values as logfmt readers expect', () => {
    const cases: [unknown, string][] = [
      ['plain', 'plain'],
      ['two words', '"two words"'],
      ['a=b', '"a=b"'],
      ['say "hi"', '"say \\"hi\\""'],
      ['line\nbreak', '"line\\nbreak"'],
      ['tab\there', '"tab\\there"'],
      ['cr\r', '"cr\\r"'],
      ['bell\u0007', '"bell\\u0007"'],
      ['del\u007f', '"del\u007f"'],
      ['back\\slash', 'back\\slash'],
      ['back\\slash and space', '"back\\\\slash and space"'],
      ['', ''],
      ['null', '"null"'],
      [null, 'null'],
      [undefined, 'null'],
      ['héllo wörld', '"héllo wörld"'],
      ['emoji😀', 'emoji😀'],
      ['lone\ud800x', '"lone\\ufffdx"'],
      ['lone end\udc00', '"lone end\\ufffd"'],
      [12.5, '12.5'],
      [-0.25e-10, '-2.5e-11'],
      [NaN, 'NaN'],
      [true, 'true'],
      [12345678901234567890n, '12345678901234567890'],
      [new Date(Date.UTC(2015, 3, 25)), '2015-04-25T00:00:00.000Z'],
      [[1, 'a b'], '"[1,\\"a b\\"]"'],
    ];
    for (const [value, want] of cases) assert.equal(logfmtValue(value), want, String(value));
  });

  it('sanitises keys logfmt cannot hold', () => {
    const { out, write } = capture();
    logfmtLogger(write).log('a key', 1, 'k=v', 2, '', 3, 'q"', 4, null, 5, 7, 6);
    assert.deepEqual(out, ['a_key=1 k_v=2 _=3 q_=4 null=5 7=6\n']);
  });

  it('writes an empty event as an empty line', () => {
    const { out, write } = capture();
    logfmtLogger(write).log();
    assert.deepEqual(out, ['\n']);
  });
});

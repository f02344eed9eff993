// An odd key count gets `(MISSING)` on every path a line can take to a JSON or logfmt logger:
// a context pre-encodes its pairs (the static path), a context with valuers encodes at each
// call, a context over a plain logger forwards, and a level filter sits in between. The
// common production line is `withContext(jsonLogger(w), 'svc', 'a').log('k')`.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { jsonLogger, logfmtLogger, withContext, withPrefix, withSuffix } from './index.js';
import type { Logger } from './index.js';
import * as level from './level/index.js';

type Make = (write: (line: string) => void) => Logger;

/** plain hides a logger behind a plain object, so that contexts over it forward. */
const plain =
  (make: Make): Make =>
  (write) => {
    const inner = make(write);
    return { log: (...kv: unknown[]) => inner.log(...kv) };
  };

/** filtered puts an allow-all level filter between the context and the logger. */
const filtered =
  (make: Make): Make =>
  (write) =>
    level.filter(make(write), { allow: 'all' });

/** lines runs fn over a fresh logger from make and returns what it wrote. */
function lines(make: Make, fn: (logger: Logger) => void): string[] {
  const out: string[] = [];
  fn(make((line) => out.push(line)));
  return out;
}

const one = () => 7;

/** cases: what to log, and the JSON and logfmt lines it must give. */
const cases: Array<[string, (l: Logger) => void, string, string]> = [
  [
    "withContext(l, 'svc', 'a').log('k')",
    (l) => withContext(l, 'svc', 'a').log('k'),
    '{"svc":"a","k":"(MISSING)"}',
    'svc=a k=(MISSING)',
  ],
  [
    "withContext(l, 'svc', 'a').log('a', 1, 'k')",
    (l) => withContext(l, 'svc', 'a').log('a', 1, 'k'),
    '{"svc":"a","a":1,"k":"(MISSING)"}',
    'svc=a a=1 k=(MISSING)',
  ],
  [
    "an odd context: withContext(l, 'svc').log('k', 1)",
    (l) => withContext(l, 'svc').log('k', 1),
    '{"svc":"(MISSING)","k":1}',
    'svc=(MISSING) k=1',
  ],
  [
    'odd everywhere: prefix, context, call and suffix',
    (l) => withSuffix(withPrefix(withContext(l, 'c'), 'p'), 's').log('k'),
    '{"p":"(MISSING)","c":"(MISSING)","k":"(MISSING)","s":"(MISSING)"}',
    'p=(MISSING) c=(MISSING) k=(MISSING) s=(MISSING)',
  ],
  [
    "a context and a suffix: withSuffix(withContext(l, 'svc', 'a'), 'z', 1).log('k')",
    (l) => withSuffix(withContext(l, 'svc', 'a'), 'z', 1).log('k'),
    '{"svc":"a","k":"(MISSING)","z":1}',
    'svc=a k=(MISSING) z=1',
  ],
  [
    "a valuer in the context: withContext(l, 'n', valuer).log('k')",
    (l) => withContext(l, 'n', one).log('k'),
    '{"n":7,"k":"(MISSING)"}',
    'n=7 k=(MISSING)',
  ],
  [
    "a valuer in the suffix: withSuffix(withContext(l, 'svc', 'a'), 'n', valuer).log('k')",
    (l) => withSuffix(withContext(l, 'svc', 'a'), 'n', one).log('k'),
    '{"svc":"a","k":"(MISSING)","n":7}',
    'svc=a k=(MISSING) n=7',
  ],
];

const paths: Array<[string, (make: Make) => Make]> = [
  ['encoded by the context', (make) => make],
  ['forwarded to a plain logger', plain],
  ['through a level filter', filtered],
];

for (const [path, wrap] of paths) {
  describe(`(MISSING) through withContext, ${path}`, () => {
    for (const [name, fn, json, logfmt] of cases) {
      it(name, () => {
        assert.deepEqual(lines(wrap(jsonLogger), fn), [`${json}\n`], 'jsonLogger');
        assert.deepEqual(lines(wrap(logfmtLogger), fn), [`${logfmt}\n`], 'logfmtLogger');
      });
    }
  });
}

describe('(MISSING) through a level helper over a context', () => {
  it("level.info(withContext(l, 'svc', 'a')).log('k')", () => {
    for (const [make, want] of [
      [jsonLogger, '{"level":"info","svc":"a","k":"(MISSING)"}\n'],
      [logfmtLogger, 'level=info svc=a k=(MISSING)\n'],
    ] as const) {
      const out = lines(filtered(make), (l) => level.info(withContext(l, 'svc', 'a')).log('k'));
      assert.deepEqual(out, [want]);
    }
  });
});

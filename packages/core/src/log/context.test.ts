import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  caller,
  defaultCaller,
  defaultTimestamp,
  defaultTimestampUTC,
  jsonLogger,
  logfmtLogger,
  missingValue,
  nopLogger,
  timestamp,
  timestampFormat,
  withContext,
  withPrefix,
  withSuffix,
} from './index.js';
import type { Logger } from './index.js';
import { frameLocation } from './caller.js';

function capture(): { out: string[]; write: (line: string) => void } {
  const out: string[] = [];
  return { out, write: (line) => out.push(line) };
}

function recorder(): { events: unknown[][]; logger: Logger } {
  const events: unknown[][] = [];
  return { events, logger: { log: (...kv: unknown[]) => void events.push(kv) } };
}

/** here returns the `file:line` of its caller, to compare with the caller valuer. */
function here(): string {
  return frameLocation(new Error().stack, 1);
}

describe('withContext, withPrefix, withSuffix (go-kit log/log_test.go)', () => {
  it('copies, stacks and prefixes context', () => {
    for (const make of [logfmtLogger, (w: (l: string) => void) => recorderLogfmt(w)]) {
      const { out, write } = capture();
      const kvs: unknown[] = ['a', 123];
      let lc = withContext(make(write), ...kvs);
      kvs[1] = 0; // withContext copies its key values
      lc = withContext(lc, 'b', 'c'); // and stacks
      lc.log('msg', 'message');
      lc = withPrefix(lc, 'p', 'first');
      lc.log('msg', 'message');
      assert.deepEqual(out, ['a=123 b=c msg=message\n', 'p=first a=123 b=c msg=message\n']);
    }
  });

  it('pads odd context and calls with (MISSING)', () => {
    const { events, logger } = recorder();
    withPrefix(withContext(logger, 'k1'), 'k0').log('k2');
    withSuffix(withPrefix(withContext(logger, 'k1'), 'k0'), 'k3').log('k2');
    assert.deepEqual(events, [
      ['k0', missingValue, 'k1', missingValue, 'k2', missingValue],
      ['k0', missingValue, 'k1', missingValue, 'k2', missingValue, 'k3', missingValue],
    ]);
  });

  it('orders prefix, context, call and suffix', () => {
    for (const make of [logfmtLogger, (w: (l: string) => void) => recorderLogfmt(w)]) {
      const { out, write } = capture();
      let lc = withPrefix(make(write), 'a', 'first');
      lc = withSuffix(lc, 'z', 'last');
      lc.log('msg', 'message');
      lc = withContext(lc, 'b', 'second');
      lc.log('msg', 'message');
      lc.log();
      withSuffix(make(write), 'only', 'suffix').log();
      withSuffix(make(write), 'only', 'suffix').log('k', 1);
      assert.deepEqual(out, [
        'a=first msg=message z=last\n',
        'a=first b=second msg=message z=last\n',
        'a=first b=second z=last\n',
        'only=suffix\n',
        'k=1 only=suffix\n',
      ]);
    }
  });

  it('returns the logger itself for empty context, and nop for nop', () => {
    const { logger } = recorder();
    assert.equal(withContext(logger), logger);
    assert.equal(withContext(nopLogger, 'a', 1), nopLogger);
  });

  it('binds valuers at each call (go-kit log/value_test.go)', () => {
    const { events, logger } = recorder();
    let now = Date.UTC(2015, 3, 25);
    const mock = () => new Date((now += 1000));
    const lc = withContext(logger, 'ts', timestamp(mock), 'caller', defaultCaller);
    const first = [lc.log('foo', 'bar'), here()][1];
    assert.deepEqual(events[0]![1], new Date(Date.UTC(2015, 3, 25, 0, 0, 1)));
    assert.equal(events[0]![3], first);
    const second = [lc.log('foo', 'bar'), here()][1];
    assert.deepEqual(events[1]![1], new Date(Date.UTC(2015, 3, 25, 0, 0, 2)));
    assert.equal(events[1]![3], second);
    assert.notEqual(first, second);
  });

  it('reports the caller of log through any number of context layers', () => {
    for (const kind of ['encoded', 'forwarded'] as const) {
      const { out, write } = capture();
      const base = kind === 'encoded' ? logfmtLogger(write) : recorderLogfmt(write);
      let lc = withContext(base, 'caller', defaultCaller);
      for (let depth = 1; depth <= 10; depth++) {
        const want = [lc.log('depth', depth), here()][1];
        assert.equal(/caller=(\S+)/.exec(out.at(-1) ?? '')?.[1], want, `${kind} ${depth}`);
        assert.ok(out.at(-1)?.endsWith(`depth=${depth}\n`));
        lc = withContext(lc, 'k', 'v');
        lc = withPrefix(lc, 'p', 'v');
      }
    }
  });

  it('reports a deeper frame with caller(depth + 1) for a wrapping function', () => {
    const { out, write } = capture();
    const lc = withContext(logfmtLogger(write), 'caller', caller(4));
    const wrapped = (msg: string) => lc.log('msg', msg);
    const want = [wrapped('hi'), here()][1];
    assert.deepEqual(out, [`caller=${want} msg=hi\n`]);
  });

  it('formats timestamps as RFC 3339, UTC and local', () => {
    const { out, write } = capture();
    withContext(jsonLogger(write), 'utc', defaultTimestampUTC, 'local', defaultTimestamp).log();
    const { utc, local } = JSON.parse(out[0]!) as { utc: string; local: string };
    const rfc3339 = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}(Z|[+-]\d\d:\d\d)$/;
    assert.match(utc, rfc3339);
    assert.ok(utc.endsWith('Z'));
    assert.match(local, rfc3339);
    assert.ok(Math.abs(Date.parse(utc) - Date.now()) < 5000);
    assert.ok(Math.abs(Date.parse(local) - Date.parse(utc)) < 5000);
    const fixed = timestampFormat(
      () => new Date(0),
      (d) => d.toUTCString(),
    );
    assert.equal(fixed(), 'Thu, 01 Jan 1970 00:00:00 GMT');
  });

  it('encodes static context when the context is made, valuers at every call', () => {
    let encoded = 0;
    let valued = 0;
    const stat = {
      toJSON() {
        encoded++;
        return 'static';
      },
    };
    for (const make of [jsonLogger, logfmtLogger]) {
      encoded = 0;
      valued = 0;
      const { out, write } = capture();
      const lc = withSuffix(
        withContext(make(write), 's', stat, 'v', () => ++valued),
        'z',
        1,
      );
      const atCreation = encoded;
      assert.ok(atCreation >= 1);
      lc.log('k', 1);
      lc.log('k', 2);
      assert.deepEqual([encoded - atCreation, valued, out.length], [0, 2, 2]);
    }
  });

  it('logs a placeholder for a throwing valuer', () => {
    const { out, write } = capture();
    const boom = () => {
      throw new Error('valuer failed');
    };
    withContext(logfmtLogger(write), 'v', boom).log('k', 1);
    withContext(recorderLogfmt(write), 'v', boom).log('k', 1);
    assert.deepEqual(out, [
      'v="[Throws: valuer failed]" k=1\n',
      'v="[Throws: valuer failed]" k=1\n',
    ]);
  });
});

/** recorderLogfmt is a logfmt logger hidden behind a plain object, to test the forwarding path. */
function recorderLogfmt(write: (line: string) => void): Logger {
  const inner = logfmtLogger(write);
  return { log: (...kv: unknown[]) => inner.log(...kv) };
}

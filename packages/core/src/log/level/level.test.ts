import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { defaultCaller, jsonLogger, logfmtLogger, nopLogger, withContext } from '../index.js';
import type { Logger } from '../index.js';
import { frameLocation } from '../caller.js';
import * as level from './index.js';

function capture(): { out: string[]; write: (line: string) => void } {
  const out: string[] = [];
  return { out, write: (line) => out.push(line) };
}

function here(): string {
  return frameLocation(new Error().stack, 1);
}

describe('level filter (go-kit log/level/level_test.go)', () => {
  const all = [
    '{"level":"debug","this is":"debug log"}\n',
    '{"level":"info","this is":"info log"}\n',
    '{"level":"warn","this is":"warn log"}\n',
    '{"level":"error","this is":"error log"}\n',
  ];
  const matrix: [level.Allow, string[]][] = [
    ['all', all],
    ['debug', all],
    ['info', all.slice(1)],
    ['warn', all.slice(2)],
    ['error', all.slice(3)],
    ['none', []],
    [level.infoValue, all.slice(1)],
    [level.errorValue, all.slice(3)],
  ];
  for (const [allow, want] of matrix) {
    it(`allow ${String(allow)} lets through ${want.length} of 4 levels`, () => {
      const { out, write } = capture();
      const logger = level.filter(jsonLogger(write), { allow });
      level.debug(logger).log('this is', 'debug log');
      level.info(logger).log('this is', 'info log');
      level.warn(logger).log('this is', 'warn log');
      level.error(logger).log('this is', 'error log');
      assert.deepEqual(out, want);
      // The same events with the level in the call, decided per event.
      out.length = 0;
      for (const v of [level.debugValue, level.infoValue, level.warnValue, level.errorValue]) {
        logger.log('level', v, 'this is', `${v.name} log`);
      }
      assert.deepEqual(out, want);
    });
  }

  it('hands rejected events to onReject with NotAllowedError', () => {
    const rejected: [Error, readonly unknown[]][] = [];
    const logger = level.filter(nopLogger, {
      allow: 'warn',
      onReject: (err, kv) => rejected.push([err, kv]),
    });
    level.info(logger).log('foo', 'bar');
    level.warn(logger).log('foo', 'bar');
    assert.equal(rejected.length, 1);
    assert.ok(rejected[0]![0] instanceof level.NotAllowedError);
    assert.equal((rejected[0]![0] as level.NotAllowedError).level, 'info');
    assert.deepEqual(rejected[0]![1], ['level', level.infoValue, 'foo', 'bar']);
  });

  it('squelches level-less events with NoLevelError, or lets them through', () => {
    const { out, write } = capture();
    const errs: Error[] = [];
    const squelch = level.filter(logfmtLogger(write), {
      allow: 'info',
      squelchNoLevel: true,
      onReject: (err) => errs.push(err),
    });
    squelch.log('foo', 'bar');
    assert.deepEqual(out, []);
    assert.ok(errs[0] instanceof level.NoLevelError);
    const allow = level.filter(logfmtLogger(write), {
      allow: 'info',
      squelchNoLevel: false,
      onReject: (err) => errs.push(err),
    });
    allow.log('foo', 'bar');
    assert.deepEqual(out, ['foo=bar\n']);
    assert.equal(errs.length, 1);
  });

  it('onReject and squelchNoLevel hold through contexts over the filter, on both paths', () => {
    // The level fixed by a context (decided once, statically) and the level in the call
    // (decided per event) must both reach onReject with the whole event; a squelched
    // level-less event stays squelched when a context adds pairs to it.
    const { out, write } = capture();
    const rejected: [string, readonly unknown[]][] = [];
    const base = level.filter(jsonLogger(write), {
      allow: 'warn',
      squelchNoLevel: true,
      onReject: (err, kv) => rejected.push([err.name, kv]),
    });
    const svc = withContext(base, 'svc', 'a');
    level.debug(svc).log('k', 1); // static: the helper's prefix fixes the level
    svc.log('level', level.infoValue, 'k', 2); // dynamic: the level is in the call
    svc.log('k', 3); // no level: squelched
    level.error(svc).log('k', 4);
    assert.deepEqual(out, ['{"level":"error","svc":"a","k":4}\n']);
    assert.deepEqual(rejected, [
      ['NotAllowedError', ['level', level.debugValue, 'svc', 'a', 'k', 1]],
      ['NotAllowedError', ['svc', 'a', 'level', level.infoValue, 'k', 2]],
      ['NoLevelError', ['svc', 'a', 'k', 3]],
    ]);
  });

  it('uses the first level value of an event', () => {
    const { out, write } = capture();
    const logger = level.filter(logfmtLogger(write), { allow: 'info' });
    level.info(level.debug(logger)).log('k', 1); // info is prepended, so first
    level.debug(level.info(logger)).log('k', 2);
    assert.deepEqual(out, ['level=info level=debug k=1\n']);
  });

  it('orders level before a context over the filter (TestLevelContext)', () => {
    const { out, write } = capture();
    let logger: Logger = logfmtLogger(write);
    logger = level.filter(logger, { allow: 'all' });
    logger = withContext(logger, 'caller', defaultCaller);
    const want = [level.info(logger).log('foo', 'bar'), here()][1];
    assert.deepEqual(out, [`level=info caller=${want} foo=bar\n`]);
  });

  it('reports the right caller with the context below the filter (TestContextLevel)', () => {
    // Go kit reports its own log.go here; svckit merges the layers and gets the call site.
    const { out, write } = capture();
    let logger: Logger = logfmtLogger(write);
    logger = withContext(logger, 'caller', defaultCaller);
    logger = level.filter(logger, { allow: 'all' });
    const want = [level.info(logger).log('foo', 'bar'), here()][1];
    assert.deepEqual(out, [`caller=${want} level=info foo=bar\n`]);
  });

  it('encodes nothing and calls no valuer for a filtered debug event', () => {
    let calls = 0;
    let encoded = 0;
    const value = {
      toJSON() {
        encoded++;
        return 'v';
      },
    };
    const { out, write } = capture();
    const base = withContext(jsonLogger(write), 'n', () => ++calls);
    const debug = level.debug(level.filter(base, { allow: 'info' }));
    debug.log('v', value);
    withContext(debug, 'more', 1).log('v', value);
    assert.deepEqual([out, calls, encoded], [[], 0, 0]);
    // A later prefix with an allowed level comes first and wins, as in Go kit.
    level.info(debug).log('v', value);
    assert.deepEqual(out, ['{"n":1,"level":"info","level":"debug","v":"v"}\n']);
  });

  it('rejects unknown allow names', () => {
    assert.throws(() => level.filter(nopLogger, { allow: 'loud' as level.Allow }), TypeError);
  });
});

describe('level injector (go-kit TestInjector)', () => {
  it('adds the default level only when none is present', () => {
    const events: unknown[][] = [];
    let logger: Logger = { log: (...kv: unknown[]) => void events.push(kv) };
    logger = level.injector(logger, level.infoValue);
    logger.log('foo', 'bar');
    level.error(logger).log('foo', 'bar');
    withContext(level.warn(logger), 'k', () => 'v').log('foo', 'bar');
    assert.deepEqual(events, [
      ['level', level.infoValue, 'foo', 'bar'],
      ['level', level.errorValue, 'foo', 'bar'],
      ['level', level.warnValue, 'k', 'v', 'foo', 'bar'],
    ]);
  });
});

describe('level parse', () => {
  it('reads level names in any case with spaces around', () => {
    const cases: [string, level.LevelValue][] = [
      ['debug', level.debugValue],
      ['Info', level.infoValue],
      [' WARN ', level.warnValue],
      ['error', level.errorValue],
    ];
    for (const [text, want] of cases) assert.equal(level.parse(text), want);
  });

  it('throws InvalidLevelError naming the input for unknown names', () => {
    for (const text of ['', 'warning', 'fatal', 'toString', '__proto__']) {
      assert.throws(
        () => level.parse(text),
        (err: unknown) =>
          err instanceof level.InvalidLevelError &&
          err.input === text &&
          err.message.includes('debug, info, warn or error'),
      );
    }
    assert.equal(level.parseDefault('nope', level.warnValue), level.warnValue);
    assert.equal(level.parseDefault('debug', level.warnValue), level.debugValue);
  });

  it('writes level values as their names', () => {
    assert.equal(String(level.warnValue), 'warn');
    assert.equal(JSON.stringify({ l: level.errorValue }), '{"l":"error"}');
    assert.equal(level.isLevelValue('info'), false);
    assert.equal(level.isLevelValue(level.infoValue), true);
  });
});

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { consoleAdapter, logfmtLogger, printfAdapter, redirectConsole } from './index.js';
import * as level from './level/index.js';

describe('console and printf adapters (go-kit log/stdlib_test.go)', () => {
  it('formats printf-style calls into msg', () => {
    const out: string[] = [];
    const printf = printfAdapter(logfmtLogger((l) => out.push(l)));
    printf('hello %s, %d items', 'ann', 3);
    printf('trailing newline\n');
    printf({ a: 1 });
    assert.deepEqual(out, [
      'msg="hello ann, 3 items"\n',
      'msg="trailing newline"\n',
      'msg="{ a: 1 }"\n',
    ]);
  });

  it('maps console methods to levels, and a filter applies', () => {
    const out: string[] = [];
    const filtered = level.filter(
      logfmtLogger((l) => out.push(l)),
      { allow: 'info' },
    );
    const c = consoleAdapter(filtered, { messageKey: 'message' });
    c.debug('hidden');
    c.trace('hidden');
    c.log('plain');
    c.info('info');
    c.warn('careful');
    c.error('bad %o', 1);
    assert.deepEqual(out, [
      'level=info message=plain\n',
      'level=info message=info\n',
      'level=warn message=careful\n',
      'level=error message="bad 1"\n',
    ]);
  });

  it('redirects the global console and restores it', () => {
    const out: string[] = [];
    const original = console.warn;
    const restore = redirectConsole(logfmtLogger((l) => out.push(l)));
    try {
      console.warn('from console', 42);
    } finally {
      restore();
    }
    assert.equal(console.warn, original);
    assert.deepEqual(out, ['level=warn msg="from console 42"\n']);
  });
});

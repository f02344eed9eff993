import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { logfmtLogger, swapLogger, withContext } from './index.js';

describe('swapLogger (go-kit log/sync_test.go TestSwapLogger)', () => {
  it('discards until swapped, then follows each swap, also through contexts', () => {
    const a: string[] = [];
    const b: string[] = [];
    const swap = swapLogger();
    const ctx = withContext(swap, 'ctx', 1);
    swap.log('k', 'lost');
    swap.swap(logfmtLogger((l) => a.push(l)));
    ctx.log('k', 'a');
    swap.swap(logfmtLogger((l) => b.push(l)));
    ctx.log('k', 'b');
    swap.swap(undefined);
    ctx.log('k', 'lost');
    assert.deepEqual([a, b], [['ctx=1 k=a\n'], ['ctx=1 k=b\n']]);
  });
});

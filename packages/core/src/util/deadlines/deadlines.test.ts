import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createDeadlines } from './deadlines.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('deadlines: one timer for many calls', () => {
  it('expires entries in deadline order, never the removed ones', async () => {
    const d = createDeadlines();
    const fired: number[] = [];
    const now = Date.now();
    const order = [50, 10, 40, 20, 30, 5, 45];
    const entries = order.map((ms) => d.add(now + ms, () => fired.push(ms)));
    d.remove(entries[2] as never); // 40
    d.remove(entries[2] as never); // twice: harmless
    assert.equal(d.size, 6);
    await sleep(80);
    assert.deepEqual(fired, [5, 10, 20, 30, 45, 50]);
    assert.equal(d.size, 0);
  });

  it('keeps the heap property through random adds and removes', async () => {
    const d = createDeadlines();
    const fired: number[] = [];
    const now = Date.now();
    const live = new Map<number, ReturnType<typeof d.add>>();
    let seed = 7;
    const rand = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (let i = 0; i < 300; i++) {
      const at = now + 20 + Math.floor(rand() * 40);
      live.set(
        i,
        d.add(at, () => fired.push(at)),
      );
      if (rand() < 0.4) {
        const k = [...live.keys()][Math.floor(rand() * live.size)] as number;
        d.remove(live.get(k) as never);
        live.delete(k);
      }
    }
    assert.equal(d.size, live.size);
    await sleep(100);
    assert.equal(fired.length, live.size);
    assert.deepEqual(
      fired,
      [...fired].sort((a, b) => a - b),
    );
  });
});

import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bufferedWriter, jsonLogger } from './index.js';

describe('bufferedWriter', () => {
  const dir = mkdtempSync(join(tmpdir(), 'svckit-buf-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('holds lines until size, flush() or the interval', async () => {
    const path = join(dir, 'size.log');
    const fd = openSync(path, 'w');
    const w = bufferedWriter(fd, { size: 40, flushInterval: 50 });
    try {
      const logger = jsonLogger(w);
      logger.log('n', 1); // 8 units
      assert.equal(readFileSync(path, 'utf8'), '');
      for (let n = 2; n <= 5; n++) logger.log('n', n); // 40 units: one write
      assert.equal(readFileSync(path, 'utf8'), '{"n":1}\n{"n":2}\n{"n":3}\n{"n":4}\n{"n":5}\n');
      logger.log('n', 6);
      w.flush();
      assert.ok(readFileSync(path, 'utf8').endsWith('{"n":5}\n{"n":6}\n'));
      logger.log('n', 7);
      await new Promise((resolve) => setTimeout(resolve, 120));
      assert.ok(readFileSync(path, 'utf8').endsWith('{"n":6}\n{"n":7}\n'));
    } finally {
      w.close();
      closeSync(fd);
    }
  });

  it('flushes at process exit, also after an uncaught exception', () => {
    const url = new URL('./index.js', import.meta.url).href;
    for (const [name, tail] of [
      ['exit.log', ''],
      ['crash.log', "throw new Error('crash');"],
    ] as const) {
      const path = join(dir, name);
      const code =
        `const { bufferedWriter, logfmtLogger } = await import(${JSON.stringify(url)});` +
        `const fd = (await import('node:fs')).openSync(${JSON.stringify(path)}, 'w');` +
        `const l = logfmtLogger(bufferedWriter(fd, { size: 1 << 20, flushInterval: 60000 }));` +
        `l.log('a', 1); l.log('b', 2); ${tail}`;
      try {
        execFileSync(process.execPath, ['--input-type=module', '-e', code], {
          stdio: 'ignore',
          timeout: 10_000,
        });
      } catch (err) {
        assert.ok(tail !== '', `unexpected failure: ${String(err)}`);
      }
      assert.equal(readFileSync(path, 'utf8'), 'a=1\nb=2\n', name);
    }
  });
});

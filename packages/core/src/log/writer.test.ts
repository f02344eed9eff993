import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Writable } from 'node:stream';
import { jsonLogger, logfmtLogger, writer } from './index.js';

describe('writer', () => {
  const dir = mkdtempSync(join(tmpdir(), 'svckit-log-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('writes synchronously to a file descriptor, whole lines', () => {
    const path = join(dir, 'fd.log');
    const fd = openSync(path, 'w');
    try {
      const logger = jsonLogger(fd);
      logger.log('n', 1, 'text', 'héllo 😀');
      logger.log('big', 'é'.repeat(5000));
      const lines = readFileSync(path, 'utf8').split('\n');
      assert.equal(lines.length, 3);
      assert.deepEqual(JSON.parse(lines[0]!), { n: 1, text: 'héllo 😀' });
      assert.equal((JSON.parse(lines[1]!) as { big: string }).big, 'é'.repeat(5000));
      assert.equal(lines[2], '');
    } finally {
      closeSync(fd);
    }
  });

  it('drops lines on a closed descriptor without throwing', () => {
    const fd = openSync(join(dir, 'closed.log'), 'w');
    closeSync(fd);
    assert.doesNotThrow(() => logfmtLogger(fd).log('k', 'v'));
  });

  it('writes to a Node stream, one chunk per event', async () => {
    const stream = new PassThrough();
    const chunks: string[] = [];
    stream.on('data', (c: Buffer) => chunks.push(c.toString()));
    logfmtLogger(stream).log('a', 1);
    logfmtLogger(stream).log('b', 2);
    await new Promise((resolve) => setImmediate(resolve));
    assert.deepEqual(chunks, ['a=1\n', 'b=2\n']);
  });

  it('never throws for a destroyed, ended or failing stream', async () => {
    const failing = new Writable({
      write(_chunk, _enc, cb) {
        cb(new Error('disk full'));
      },
    });
    const w = writer(failing);
    assert.doesNotThrow(() => w('one\n'));
    await new Promise((resolve) => setImmediate(resolve));
    assert.doesNotThrow(() => w('two\n'));
    const ended = new PassThrough();
    ended.end();
    assert.doesNotThrow(() => writer(ended)('x\n'));
    const throwing = {
      write(): never {
        throw new Error('sync failure');
      },
    };
    assert.doesNotThrow(() => writer(throwing)('x\n'));
  });

  it('calls a function with each line and swallows its exceptions', () => {
    const got: string[] = [];
    writer((line) => got.push(line))('a\n');
    assert.deepEqual(got, ['a\n']);
    assert.doesNotThrow(() =>
      writer(() => {
        throw new Error('no');
      })('a\n'),
    );
  });
});

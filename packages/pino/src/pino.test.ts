import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { withContext } from '@svckit/core/log';
import * as level from '@svckit/core/log/level';
import { fromPino, pinoLevels, toPino } from './index.js';

function lines(text: string): Record<string, unknown>[] {
  return text
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}

describe('fromPino: svckit Logger over a real pino instance', () => {
  it('maps levels, msg and pairs to pino, which applies its own level and serializers', () => {
    const chunks: string[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _enc, cb) {
        chunks.push(chunk.toString());
        cb();
      },
    });
    const p = pino({ level: 'info', base: null }, sink);
    const logger = withContext(fromPino(p), 'svc', 'orders');
    level.info(logger).log('msg', 'placed', 'id', 7);
    level.debug(logger).log('msg', 'hidden by pino level');
    level.error(logger).log('err', new Error('boom'), 'odd');
    logger.log('level', 'warn', 'msg', 'string level');
    logger.log('k', 'no level');
    const got = lines(chunks.join(''));
    assert.equal(got.length, 4);
    assert.deepEqual(
      got.map((l) => [l['level'], l['msg'], l['svc']]),
      [
        [30, 'placed', 'orders'],
        [50, 'boom', 'orders'], // pino takes the message of err when there is no msg
        [40, 'string level', 'orders'],
        [30, undefined, 'orders'],
      ],
    );
    assert.equal(got[0]!['id'], 7);
    const err = got[1]!['err'] as { message: string; type: string; stack: string };
    assert.equal(err.message, 'boom');
    assert.equal(err.type, 'Error');
    assert.equal(got[1]!['odd'], '(MISSING)');
    assert.equal(got[3]!['k'], 'no level');
  });
});

describe('toPino: svckit events in pino format to pino destinations and transports', () => {
  const dir = mkdtempSync(join(tmpdir(), 'svckit-pino-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('writes pino JSON lines to pino.destination (sync)', () => {
    const path = join(dir, 'dest.log');
    const dest = pino.destination({ dest: path, sync: true });
    try {
      const logger = withContext(toPino(dest), 'svc', 'orders');
      const before = Date.now();
      level.warn(logger).log('msg', 'careful', 'n', 1, 'big', 5n);
      logger.log('msg', 'default level');
      const got = lines(readFileSync(path, 'utf8'));
      assert.equal(got.length, 2);
      assert.deepEqual(
        { ...got[0], time: undefined },
        { level: 40, time: undefined, svc: 'orders', msg: 'careful', n: 1, big: '5' },
      );
      assert.ok((got[0]!['time'] as number) >= before);
      assert.equal(got[1]!['level'], 30);
    } finally {
      dest.destroy();
    }
  });

  it('hands events to a pino.transport worker (pino/file)', async () => {
    const path = join(dir, 'transport.log');
    const transport = pino.transport({ target: 'pino/file', options: { destination: path } });
    const logger = toPino(transport, { messageKey: 'message' });
    level.error(logger).log('message', 'through the worker', 'user', 'ann');
    level.debug(logger).log('message', 'second');
    transport.end();
    // The transport's worker is unref'd: a timer keeps the loop alive until it closes.
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise((_resolve, reject) => {
      timer = setTimeout(() => reject(new Error('transport did not close in 10 s')), 10_000);
    });
    try {
      await Promise.race([once(transport, 'close'), timeout]);
    } finally {
      clearTimeout(timer);
    }
    const got = lines(readFileSync(path, 'utf8'));
    assert.deepEqual(
      got.map((l) => [l['level'], l['msg'], l['user']]),
      [
        [50, 'through the worker', 'ann'],
        [20, 'second', undefined],
      ],
    );
  });

  it('uses the numeric levels pino itself uses', () => {
    for (const [name, n] of Object.entries(pinoLevels)) assert.equal(pino.levels.values[name], n);
  });
});

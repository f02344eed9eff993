/**
 * The `log` suite: svckit's JSON and logfmt loggers against pino (synchronous destination), all
 * writing the same event to /dev/null: a message, 3 fields of mixed types, 2 context fields set
 * once (svckit `withContext`, pino `child`), a level and an RFC 3339 timestamp. Also what a
 * filtered-out debug event costs.
 */
import { closeSync, openSync } from 'node:fs';
import { pino } from 'pino';
import {
  bufferedWriter,
  defaultTimestampUTC,
  jsonLogger,
  logfmtLogger,
  withContext,
} from '@svckit/core/log';
import * as level from '@svckit/core/log/level';
import { compare, micro, summary } from '../report.js';

/**
 * run executes the suite and prints `log: svckit-json/pino = <ratio>`,
 * `log: svckit-logfmt/pino = <ratio>` and `log: svckit-debug-filtered/pino-debug-filtered`.
 */
export async function run(): Promise<void> {
  const fd = openSync('/dev/null', 'w');
  const buffered = bufferedWriter(fd);
  try {
    const ctx = (l: Parameters<typeof withContext>[0]) =>
      withContext(l, 'time', defaultTimestampUTC, 'svc', 'orders', 'region', 'eu-1');
    const json = level.info(ctx(jsonLogger(fd)));
    const logfmt = level.info(ctx(logfmtLogger(fd)));
    const jsonBuffered = level.info(ctx(jsonLogger(buffered)));
    const filtered = level.filter(ctx(jsonLogger(fd)), { allow: 'info' });
    const debugFiltered = level.debug(filtered);

    const destination = pino.destination({ dest: fd, sync: true });
    const pinoIso = pino(
      { base: null, timestamp: pino.stdTimeFunctions.isoTime },
      destination,
    ).child({ svc: 'orders', region: 'eu-1' });
    const pinoEpoch = pino({ base: null }, destination).child({ svc: 'orders', region: 'eu-1' });

    let n = 0;
    const results = await micro({
      'svckit-json': () => json.log('msg', 'order placed', 'id', ++n, 'user', 'ann', 'paid', true),
      'svckit-logfmt': () =>
        logfmt.log('msg', 'order placed', 'id', ++n, 'user', 'ann', 'paid', true),
      'svckit-json-buffered': () =>
        jsonBuffered.log('msg', 'order placed', 'id', ++n, 'user', 'ann', 'paid', true),
      pino: () => pinoIso.info({ id: ++n, user: 'ann', paid: true }, 'order placed'),
      'pino-epoch-time': () => pinoEpoch.info({ id: ++n, user: 'ann', paid: true }, 'order placed'),
      'svckit-debug-filtered': () =>
        debugFiltered.log('msg', 'order placed', 'id', ++n, 'user', 'ann', 'paid', true),
      'svckit-debug-filtered-per-event': () =>
        filtered.log(level.levelKey, level.debugValue, 'msg', 'order placed', 'id', ++n),
      'pino-debug-filtered': () =>
        pinoIso.debug({ id: ++n, user: 'ann', paid: true }, 'order placed'),
    });
    const get = (name: string) => {
      const r = results[name];
      if (r === undefined) throw new Error(`log suite: missing result ${name}`);
      return r;
    };
    // tinybench's per-task overhead hides a few-ns call; a bounded tight loop shows it.
    const loop = (fn: () => void): number => {
      const calls = 2_000_000;
      for (let i = 0; i < 100_000; i++) fn();
      const start = process.hrtime.bigint();
      for (let i = 0; i < calls; i++) fn();
      return Number(process.hrtime.bigint() - start) / calls;
    };
    const nsStatic = loop(() =>
      debugFiltered.log('msg', 'order placed', 'id', ++n, 'user', 'ann', 'paid', true),
    );
    const nsDynamic = loop(() =>
      filtered.log(level.levelKey, level.debugValue, 'msg', 'order placed', 'id', ++n),
    );
    const nsPino = loop(() => pinoIso.debug({ id: ++n, user: 'ann', paid: true }, 'order placed'));
    console.log(
      `log: svckit-debug-filtered costs ${nsStatic.toFixed(1)} ns per call in a tight loop` +
        ` (level in the call, checked per event: ${nsDynamic.toFixed(1)} ns;` +
        ` pino-debug-filtered: ${nsPino.toFixed(1)} ns)`,
    );
    const ratioBuffered = get('svckit-json-buffered').opsPerSec / get('pino').opsPerSec;
    console.log(
      `log: svckit-json with bufferedWriter (4 KiB) is ${ratioBuffered.toFixed(2)}x pino`,
    );
    summary(
      'log',
      'svckit-json',
      'pino-epoch-time',
      get('svckit-json').opsPerSec / get('pino-epoch-time').opsPerSec,
    );
    compare('log', get('svckit-debug-filtered'), get('pino-debug-filtered'));
    compare('log', get('svckit-json'), get('pino'));
    compare('log', get('svckit-logfmt'), get('pino'));
  } finally {
    buffered.close();
    closeSync(fd);
  }
}

/**
 * The `log` suite: svckit's JSON and logfmt loggers against pino (synchronous destination), all
 * writing the same event to /dev/null: a message, 3 fields of mixed types, 2 context fields set
 * once (svckit `withContext`, pino `child`), a level and an RFC 3339 timestamp. Also what a
 * filtered-out debug event costs.
 */
import { closeSync, openSync } from 'node:fs';
import { pino } from 'pino';
import { defaultTimestampUTC, jsonLogger, logfmtLogger, withContext } from '@svckit/core/log';
import * as level from '@svckit/core/log/level';
import { compare, micro, summary } from '../report.js';

/**
 * run executes the suite and prints `log: svckit-json/pino = <ratio>`,
 * `log: svckit-logfmt/pino = <ratio>` and `log: svckit-debug-filtered/pino-debug-filtered`.
 */
export async function run(): Promise<void> {
  const fd = openSync('/dev/null', 'w');
  try {
    const ctx = (l: Parameters<typeof withContext>[0]) =>
      withContext(l, 'time', defaultTimestampUTC, 'svc', 'orders', 'region', 'eu-1');
    const json = level.info(ctx(jsonLogger(fd)));
    const logfmt = level.info(ctx(logfmtLogger(fd)));
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
    console.log(
      `log: filtered debug costs ${get('svckit-debug-filtered').nsPerOp.toFixed(1)} ns per call` +
        ` (filter checked per event: ${get('svckit-debug-filtered-per-event').nsPerOp.toFixed(1)}` +
        ` ns; pino: ${get('pino-debug-filtered').nsPerOp.toFixed(1)} ns)`,
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
    closeSync(fd);
  }
}

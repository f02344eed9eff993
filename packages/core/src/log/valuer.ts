/**
 * Valuer is a context value computed at each `log` call (Go kit's `log.Valuer`): any function
 * stored as a value by `withContext`, `withPrefix` or `withSuffix` is called with no arguments
 * and its result logged. A valuer that throws logs a `[Throws: ...]` placeholder.
 */
export type Valuer = () => unknown;

/**
 * defaultTimestampUTC is a {@link Valuer} returning the current time as RFC 3339 in UTC with
 * milliseconds, e.g. `2026-11-25T15:22:50.123Z` (Go kit's `log.DefaultTimestampUTC`). The text
 * is computed once per millisecond.
 */
export const defaultTimestampUTC: Valuer = cachedPerMillisecond((ms) => new Date(ms).toISOString());

/**
 * defaultTimestamp is a {@link Valuer} returning the current time as RFC 3339 in the local time
 * zone with milliseconds, e.g. `2026-11-25T16:22:50.123+01:00` (Go kit's
 * `log.DefaultTimestamp`). The text is computed once per millisecond.
 */
export const defaultTimestamp: Valuer = cachedPerMillisecond((ms) => localRFC3339(new Date(ms)));

/**
 * timestamp returns a {@link Valuer} producing the `Date` now() gives (Go kit's
 * `log.Timestamp`); encoders write it as an ISO string. now defaults to the wall clock.
 */
export function timestamp(now: () => Date = () => new Date()): Valuer {
  return () => now();
}

/**
 * timestampFormat returns a {@link Valuer} producing format(now()) (Go kit's
 * `log.TimestampFormat`), e.g. `timestampFormat(() => new Date(), (d) => d.toUTCString())`.
 */
export function timestampFormat(now: () => Date, format: (d: Date) => string): Valuer {
  return () => format(now());
}

function cachedPerMillisecond(format: (ms: number) => string): Valuer {
  let last = Number.NaN;
  let text = '';
  return () => {
    const now = Date.now();
    if (now !== last) {
      last = now;
      text = format(now);
    }
    return text;
  };
}

function two(n: number): string {
  return n < 10 ? '0' + n : '' + n;
}

/** localRFC3339 formats d in the local zone as RFC 3339 with milliseconds and a numeric offset. */
export function localRFC3339(d: Date): string {
  const offset = -d.getTimezoneOffset();
  const sign = offset >= 0 ? '+' : '-';
  const abs = Math.abs(offset);
  const ms = d.getMilliseconds();
  return (
    String(d.getFullYear()).padStart(4, '0') +
    '-' +
    two(d.getMonth() + 1) +
    '-' +
    two(d.getDate()) +
    'T' +
    two(d.getHours()) +
    ':' +
    two(d.getMinutes()) +
    ':' +
    two(d.getSeconds()) +
    '.' +
    String(ms).padStart(3, '0') +
    sign +
    two(Math.floor(abs / 60)) +
    ':' +
    two(abs % 60)
  );
}

import type { InfluxOptions } from './influx.js';
import type { Precision } from './line-protocol.js';

/** InfluxWriteError is a write the server refused; `status` is its HTTP status. */
export class InfluxWriteError extends Error {
  /** status is the HTTP status of the response (0 for a network failure). */
  readonly status: number;
  constructor(message: string, status: number) {
    super(message);
    this.name = 'InfluxWriteError';
    this.status = status;
  }
}

/**
 * createWriter returns a function POSTing one body of line protocol to the write API the
 * options name, rejecting with an {@link InfluxWriteError} unless the server answers 2xx.
 */
export function createWriter(
  options: InfluxOptions,
  precision: Precision,
): (body: string) => Promise<void> {
  const endpoint = writeUrl(options, precision);
  const doFetch = options.fetch ?? fetch;
  const timeoutMs = options.timeoutMs ?? 10_000;
  const headers: Record<string, string> = { 'content-type': 'text/plain; charset=utf-8' };
  if (options.token !== undefined) headers.authorization = `Token ${options.token}`;
  else if (options.username !== undefined) {
    headers.authorization = `Basic ${btoa(`${options.username}:${options.password ?? ''}`)}`;
  }
  return async (body) => {
    let res: Response;
    try {
      res = await doFetch(endpoint, {
        method: 'POST',
        headers,
        body,
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (err) {
      throw new InfluxWriteError(
        `influx: write to ${endpoint.origin} failed: ${(err as Error).message}`,
        0,
      );
    }
    if (res.ok) {
      await res.body?.cancel();
      return;
    }
    const text = (await res.text()).slice(0, 500);
    throw new InfluxWriteError(`influx: write refused: ${res.status} ${text}`.trim(), res.status);
  };
}

/** writeUrl builds the 1.x or 2.x write URL, validating the options. */
export function writeUrl(options: InfluxOptions, precision: Precision): URL {
  let base: URL;
  try {
    base = new URL(options.url);
  } catch {
    throw new TypeError(`influx: invalid url ${JSON.stringify(options.url)}`);
  }
  const root = base.pathname.replace(/\/+$/, '');
  if (options.bucket !== undefined || options.org !== undefined) {
    if (options.bucket === undefined) throw new TypeError('influx: bucket is required with org');
    const u = new URL(`${root}/api/v2/write`, base);
    if (options.org !== undefined) u.searchParams.set('org', options.org);
    u.searchParams.set('bucket', options.bucket);
    u.searchParams.set('precision', precision);
    return u;
  }
  if (options.database === undefined)
    throw new TypeError('influx: give database (1.x) or org and bucket (2.x)');
  const u = new URL(`${root}/write`, base);
  u.searchParams.set('db', options.database);
  if (options.retentionPolicy !== undefined) u.searchParams.set('rp', options.retentionPolicy);
  u.searchParams.set('precision', precision === 'us' ? 'u' : precision);
  return u;
}

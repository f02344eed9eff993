import type { Counter, Gauge, Histogram } from '../metrics.js';
import type { Logger } from '../../log/index.js';
import { isConnectionUnavailable } from '../../util/conn/index.js';
import { createFlusher } from './flusher.js';
import { createSeriesMap } from './series.js';
import { createTransport } from './transport.js';
import type { TransportOptions } from './transport.js';

/** LineEncoder is what differs between StatsD dialects: where names, rates and tags go. */
export interface LineEncoder {
  /** labels is false when the dialect has no tags (plain StatsD ignores `with`). */
  readonly labels: boolean;
  /** relativeGauges is true when `name:+3|g` means "add 3" (StatsD, Telegraf). */
  readonly relativeGauges: boolean;
  /** head is the text before the value, colon included. */
  head(name: string, labelValues: readonly string[]): string;
  /** tail is the text after the value, newline included. */
  tail(type: string, rate: number, labelValues: readonly string[]): string;
}

/** StatsdOptions are the options every StatsD dialect accepts (flat, with the transport's). */
export interface StatsdOptions extends TransportOptions {
  /** prefix is prepended to every metric name, e.g. `'myservice.'`. */
  prefix?: string;
  /** flushIntervalMs between flushes; default 1000; 0 flushes only on demand and on stop. */
  flushIntervalMs?: number;
  /** maxBufferBytes flushes early once this much observation text is buffered; default 8192. */
  maxBufferBytes?: number;
  /** maxRetainedBytes keeps lines a down TCP collector could not take, for the next flush; default 1 MiB. */
  maxRetainedBytes?: number;
  /** onError receives send failures (default: the logger, if any). */
  onError?: (err: Error) => void;
  /** logger receives send and connection failures when no onError is given. */
  logger?: Logger;
  /** random drives sampling; default Math.random. */
  random?: () => number;
}

/** Engine is the shared StatsD machinery behind each dialect's factory. */
export interface Engine {
  /** counter returns a counter family summed per flush. */
  counter(name: string, rate: number): Counter;
  /** gauge returns a gauge family sending its last value per flush. */
  gauge(name: string): Gauge;
  /** observer returns a histogram family sending one `type` line per observation. */
  observer(name: string, type: string, rate: number): Histogram;
  /** drain renders and clears everything buffered. */
  drain(): string;
  /** flush sends everything buffered. */
  flush(): Promise<void>;
  /** stop flushes, waits and closes the transport. */
  stop(): Promise<void>;
}

interface CounterCell {
  head: string;
  tail: string;
  value: number;
  dirty: boolean;
}

interface GaugeCell {
  head: string;
  tail: string;
  value: number;
  delta: number;
  isSet: boolean;
  dirty: boolean;
}

/** createEngine wires an encoder to buffering, flushing and a transport. */
export function createEngine(
  encoder: LineEncoder,
  options: StatsdOptions,
  defaultPort: number,
): Engine {
  const prefix = options.prefix ?? '';
  const random = options.random ?? Math.random;
  const maxBuffer = options.maxBufferBytes ?? 8192;
  const maxRetained = options.maxRetainedBytes ?? 1 << 20;
  const intervalMs = options.flushIntervalMs ?? 1000;
  const transport = createTransport(options, defaultPort);
  let buf = '';
  const dirtyCounters: CounterCell[] = [];
  const dirtyGauges: GaugeCell[] = [];

  const checkRate = (rate: number): void => {
    if (!(rate > 0 && rate <= 1))
      throw new RangeError(`sample rate must be in (0, 1], got ${rate}`);
  };

  const drain = (): string => {
    let out = '';
    for (const c of dirtyCounters) {
      out += c.head + c.value + c.tail;
      c.value = 0;
      c.dirty = false;
    }
    dirtyCounters.length = 0;
    for (const g of dirtyGauges) {
      if (!encoder.relativeGauges) out += g.head + g.value + g.tail;
      else if (g.isSet) {
        if (g.value < 0) out += g.head + '0' + g.tail; // "-5" alone would mean "subtract 5"
        out += g.head + g.value + g.tail;
      } else if (g.delta !== 0) out += g.head + (g.delta > 0 ? '+' : '') + g.delta + g.tail;
      g.isSet = false;
      g.delta = 0;
      g.dirty = false;
    }
    dirtyGauges.length = 0;
    out += buf;
    buf = '';
    return out;
  };

  const flusher = createFlusher(drain, (text) => transport.send(text), isConnectionUnavailable, {
    intervalMs,
    maxRetainedBytes: maxRetained,
    onError: options.onError,
    logger: options.logger,
    ready: transport.ready,
  });
  const flush = flusher.flush;

  return {
    counter(name, rate) {
      checkRate(rate);
      const fam = createSeriesMap<Counter>((lvs) => {
        const cell: CounterCell = {
          head: encoder.head(prefix + name, lvs),
          tail: encoder.tail('c', rate, lvs),
          value: 0,
          dirty: false,
        };
        const sampled = rate < 1;
        const self: Counter = {
          with: (...more) => (encoder.labels ? fam.with(lvs, more) : self),
          add(delta) {
            if (!Number.isFinite(delta) || (sampled && random() >= rate)) return;
            cell.value += delta;
            if (!cell.dirty) {
              cell.dirty = true;
              dirtyCounters.push(cell);
            }
          },
        };
        return self;
      });
      return fam.get([]);
    },
    gauge(name) {
      const fam = createSeriesMap<Gauge>((lvs) => {
        const cell: GaugeCell = {
          head: encoder.head(prefix + name, lvs),
          tail: encoder.tail('g', 1, lvs),
          value: 0,
          delta: 0,
          isSet: false,
          dirty: false,
        };
        const mark = (): void => {
          if (!cell.dirty) {
            cell.dirty = true;
            dirtyGauges.push(cell);
          }
        };
        const self: Gauge = {
          with: (...more) => (encoder.labels ? fam.with(lvs, more) : self),
          set(value) {
            if (!Number.isFinite(value)) return;
            cell.value = value;
            cell.delta = 0;
            cell.isSet = true;
            mark();
          },
          add(delta) {
            if (!Number.isFinite(delta)) return;
            if (!encoder.relativeGauges || cell.isSet) cell.value += delta;
            else cell.delta += delta;
            mark();
          },
        };
        return self;
      });
      return fam.get([]);
    },
    observer(name, type, rate) {
      checkRate(rate);
      const fam = createSeriesMap<Histogram>((lvs) => {
        const head = encoder.head(prefix + name, lvs);
        const tail = encoder.tail(type, rate, lvs);
        const sampled = rate < 1;
        const self: Histogram = {
          with: (...more) => (encoder.labels ? fam.with(lvs, more) : self),
          observe(value) {
            if (!Number.isFinite(value) || (sampled && random() >= rate)) return;
            buf += head + value + tail;
            if (buf.length >= maxBuffer) void flush();
          },
        };
        return self;
      });
      return fam.get([]);
    },
    drain,
    flush,
    stop: () => flusher.stop(() => transport.close()),
  };
}

/** sampleRateSuffix renders `|@rate` for rates below 1 (empty otherwise). */
export function sampleRateSuffix(rate: number): string {
  return rate < 1 ? `|@${rate}` : '';
}

/** sanitize replaces the characters a dialect reserves with `_`. */
export function sanitize(text: string, reserved: RegExp): string {
  return text.replace(reserved, '_');
}

import { encoderFor, gateFor, nopFor } from './capabilities.js';
import type { Encoder } from './capabilities.js';
import type { Logger } from './logger.js';
import { missingValue } from './missing.js';
import { nopLogger } from './nop.js';
import { throwsPlaceholder } from './safe-json.js';

/** ContextState is what a contextual logger remembers, so that contexts of it merge. */
interface ContextState {
  readonly inner: Logger;
  readonly prefix: readonly unknown[];
  readonly suffix: readonly unknown[];
}

const contextOf = Symbol('svckit.log.context');

type Part = string | { readonly key: unknown; readonly valuer: () => unknown };

/**
 * withContext returns a logger that logs keyvals before the pairs of each call (Go kit's
 * `log.With`). Functions among the values are valuers, called at each `log` call (see
 * `defaultTimestampUTC`, `defaultCaller`). An odd trailing key gets `(MISSING)`. Contexts of
 * contexts merge into one layer, and static pairs over a JSON or logfmt logger are encoded
 * once, here, not at each call.
 */
export function withContext(logger: Logger, ...keyvals: unknown[]): Logger {
  if (keyvals.length === 0) return logger;
  const kv = pad(keyvals);
  const st = stateOf(logger);
  if (st === undefined) return build(logger, kv, []);
  return build(st.inner, [...st.prefix, ...kv], st.suffix);
}

/**
 * withPrefix returns a logger that logs keyvals before any context already held and before the
 * pairs of each call (Go kit's `log.WithPrefix`); level helpers use it.
 */
export function withPrefix(logger: Logger, ...keyvals: unknown[]): Logger {
  if (keyvals.length === 0) return logger;
  const kv = pad(keyvals);
  const st = stateOf(logger);
  if (st === undefined) return build(logger, kv, []);
  return build(st.inner, [...kv, ...st.prefix], st.suffix);
}

/**
 * withSuffix returns a logger that logs keyvals after the pairs of each call (Go kit's
 * `log.WithSuffix`), e.g. a caller or timestamp at the end of the line.
 */
export function withSuffix(logger: Logger, ...keyvals: unknown[]): Logger {
  if (keyvals.length === 0) return logger;
  const kv = pad(keyvals);
  const st = stateOf(logger);
  if (st === undefined) return build(logger, [], kv);
  return build(st.inner, st.prefix, [...st.suffix, ...kv]);
}

function pad(keyvals: unknown[]): unknown[] {
  return keyvals.length % 2 === 0 ? keyvals : [...keyvals, missingValue];
}

function stateOf(logger: Logger): ContextState | undefined {
  return (logger as { [contextOf]?: ContextState })[contextOf];
}

/**
 * build makes the contextual logger: pass-through layers whose decision the static prefix
 * fixes are skipped (a rejected level becomes a no-op), and an encoding target gets a
 * pre-encoded log function.
 */
function build(inner: Logger, prefix: readonly unknown[], suffix: readonly unknown[]): Logger {
  if (nopFor(inner)) return nopLogger;
  const state: ContextState = { inner, prefix, suffix };
  let target = inner;
  let pre = prefix;
  let suf = suffix;
  for (;;) {
    const gate = gateFor(target);
    if (gate !== undefined) {
      const decision = gate.decide(pre);
      if (decision === 'dynamic') break;
      if (decision === 'reject') return { log: () => {}, [contextOf]: state } as Logger;
      target = gate.next;
      continue;
    }
    // A context below a pass-through layer: its pairs wrap ours, so merge into one layer.
    const below = stateOf(target);
    if (below === undefined) break;
    pre = [...below.prefix, ...pre];
    suf = [...suf, ...below.suffix];
    target = below.inner;
  }
  if (nopFor(target)) return { log: () => {}, [contextOf]: state } as Logger;
  const enc = encoderFor(target);
  const log = enc ? encodedLog(enc, pre, suf) : forwardingLog(target, pre, suf);
  return { log, [contextOf]: state } as Logger;
}

function parts(enc: Encoder, kv: readonly unknown[]): Part[] {
  const out: Part[] = [];
  let chunk: string | undefined;
  for (let i = 0; i < kv.length; i += 2) {
    const v = kv[i + 1];
    if (typeof v === 'function') {
      if (chunk !== undefined) out.push(chunk);
      chunk = undefined;
      out.push({ key: kv[i], valuer: v as () => unknown });
    } else {
      const p = enc.pair(kv[i], v);
      chunk = chunk === undefined ? p : chunk + enc.sep + p;
    }
  }
  if (chunk !== undefined) out.push(chunk);
  return out;
}

/**
 * encodedLog returns the log function of a context over an encoder. Valuers are called directly
 * from it, so a caller valuer sees the same stack depth on every path.
 */
function encodedLog(
  enc: Encoder,
  prefix: readonly unknown[],
  suffix: readonly unknown[],
): Logger['log'] {
  const { open, sep, close, pair, write } = enc;
  const pre = parts(enc, prefix);
  const suf = parts(enc, suffix);
  const head = pre[0];
  const tail = suf[0];
  if (pre.length <= 1 && suf.length <= 1 && typeof head !== 'object' && typeof tail !== 'object') {
    // Static context only: one pre-encoded chunk before and one after the call's pairs.
    const start = head === undefined ? open : open + head;
    const noHead = head === undefined;
    const end = tail === undefined ? close : tail + close;
    return (...keyvals: unknown[]): void => {
      const n = keyvals.length;
      let line = start;
      for (let i = 0; i < n; i += 2) {
        if (i > 0 || !noHead) line += sep;
        line += pair(keyvals[i], i + 1 < n ? keyvals[i + 1] : missingValue);
      }
      if (tail !== undefined && (n > 0 || !noHead)) line += sep;
      write(line + end);
    };
  }
  // With valuers: the context's parts in order, with the call's pairs where the null stands.
  const seq: readonly (Part | null)[] = [...pre, null, ...suf];
  return (...keyvals: unknown[]): void => {
    let line = open;
    let first = true;
    for (let s = 0; s < seq.length; s++) {
      const p = seq[s] as Part | null;
      if (p === null) {
        const n = keyvals.length;
        for (let i = 0; i < n; i += 2) {
          if (first) first = false;
          else line += sep;
          line += pair(keyvals[i], i + 1 < n ? keyvals[i + 1] : missingValue);
        }
        continue;
      }
      let piece: string;
      if (typeof p === 'string') piece = p;
      else {
        let v: unknown;
        try {
          v = p.valuer();
        } catch (err) {
          v = throwsPlaceholder(err);
        }
        piece = pair(p.key, v);
      }
      if (first) first = false;
      else line += sep;
      line += piece;
    }
    write(line + close);
  };
}

/** forwardingLog returns the log function of a context over any other logger. */
function forwardingLog(
  target: Logger,
  prefix: readonly unknown[],
  suffix: readonly unknown[],
): Logger['log'] {
  const hasValuer = [...prefix, ...suffix].some((v, i) => i % 2 === 1 && typeof v === 'function');
  if (!hasValuer) {
    return (...keyvals: unknown[]): void => {
      if (keyvals.length % 2 !== 0) keyvals.push(missingValue);
      target.log(...prefix, ...keyvals, ...suffix);
    };
  }
  return (...keyvals: unknown[]): void => {
    const out: unknown[] = [];
    // The prefix, the call's pairs, then the suffix, with each valuer bound to its value.
    for (let side = 0; side < 2; side++) {
      const kv = side === 0 ? prefix : suffix;
      for (let i = 0; i < kv.length; i += 2) {
        const v = kv[i + 1];
        let bound = v;
        if (typeof v === 'function') {
          try {
            bound = (v as () => unknown)();
          } catch (err) {
            bound = throwsPlaceholder(err);
          }
        }
        out.push(kv[i], bound);
      }
      if (side === 0) {
        for (let i = 0; i < keyvals.length; i++) out.push(keyvals[i]);
        if (keyvals.length % 2 !== 0) out.push(missingValue);
      }
    }
    target.log(...out);
  };
}

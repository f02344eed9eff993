/**
 * Hidden capabilities the log package's own loggers carry, so that `withContext` can encode
 * static context once and skip pass-through layers (filters, injectors) whose decision is
 * already fixed by that context. Not exported from the entry point.
 */
import type { Logger } from './logger.js';

/** Encoder is the line format an encoding logger writes (JSON or logfmt). */
export interface Encoder {
  /** open starts a line, e.g. `{`. */
  readonly open: string;
  /** sep goes between two pairs, e.g. `,`. */
  readonly sep: string;
  /** close ends a line, newline included. */
  readonly close: string;
  /** pair encodes one key and value, never throwing. */
  readonly pair: (key: unknown, value: unknown) => string;
  /** write hands one whole line to the destination, never throwing. */
  readonly write: (line: string) => void;
}

/** encoderOf is the symbol under which an encoding logger exposes its {@link Encoder}. */
export const encoderOf: unique symbol = Symbol.for('svckit.log.encoder');

/** GateDecision is what a pass-through logger decides from a static prefix. */
export type GateDecision = 'pass' | 'reject' | 'dynamic';

/**
 * Gate is carried by pass-through loggers (level filter, level injector): given the static
 * prefix of a context, `decide` says whether every event logged with that prefix is forwarded
 * unchanged to `next` ('pass'), dropped silently ('reject'), or must be checked per event.
 */
export interface Gate {
  readonly next: Logger;
  decide(prefix: readonly unknown[]): GateDecision;
}

/** gateOf is the symbol under which a pass-through logger exposes its {@link Gate}. */
export const gateOf: unique symbol = Symbol.for('svckit.log.gate');

/** isNop marks loggers that discard everything. */
export const isNop: unique symbol = Symbol.for('svckit.log.nop');

/** encoderFor returns the encoder of an encoding logger, or undefined. */
export function encoderFor(logger: Logger): Encoder | undefined {
  return (logger as { [encoderOf]?: Encoder })[encoderOf];
}

/** gateFor returns the gate of a pass-through logger, or undefined. */
export function gateFor(logger: Logger): Gate | undefined {
  return (logger as { [gateOf]?: Gate })[gateOf];
}

/** nopFor tells whether logger discards everything. */
export function nopFor(logger: Logger): boolean {
  return (logger as { [isNop]?: boolean })[isNop] === true;
}

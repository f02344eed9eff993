import type { Valuer } from './valuer.js';

/**
 * caller returns a {@link Valuer} giving the `file:line` (file's base name) of a function on
 * the stack when `log` is called (Go kit's `log.Caller`). Depths count as in Go kit: 3 is the
 * code that called `log` on a contextual logger; add one for each function of your own that
 * wraps the call. Frames missing from the stack give `unknown`.
 */
export function caller(depth: number): Valuer {
  // Stack frames above the valuer: [0] the contextual logger's log, [1] its caller, ...
  const index = Math.max(0, Math.floor(depth) - 2);
  const valuer = (): string => {
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = index + 1;
    const holder: { stack?: string } = {};
    Error.captureStackTrace(holder, valuer);
    Error.stackTraceLimit = limit;
    return frameLocation(holder.stack, index);
  };
  return valuer;
}

/**
 * defaultCaller is `caller(3)`: the `file:line` of the code that called `log` (Go kit's
 * `log.DefaultCaller`), correct through any number of `withContext` layers and level helpers.
 */
export const defaultCaller: Valuer = caller(3);

/** frameLocation extracts `base:line` from frame index of a V8 stack text. */
export function frameLocation(stack: string | undefined, index: number): string {
  if (stack === undefined) return 'unknown';
  let pos = stack.indexOf('\n    at ');
  for (let i = 0; i < index && pos >= 0; i++) pos = stack.indexOf('\n    at ', pos + 1);
  if (pos < 0) return 'unknown';
  const endOfLine = stack.indexOf('\n', pos + 1);
  let frame = stack.slice(pos + 8, endOfLine < 0 ? stack.length : endOfLine);
  if (frame.endsWith(')')) frame = frame.slice(frame.lastIndexOf('(') + 1, -1);
  const m = /^(.*):(\d+):\d+$/.exec(frame);
  if (m === null) return 'unknown';
  const file = m[1]!;
  const slash = Math.max(file.lastIndexOf('/'), file.lastIndexOf('\\'));
  return file.slice(slash + 1) + ':' + m[2]!;
}

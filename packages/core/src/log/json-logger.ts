import type { Encoder } from './capabilities.js';
import type { Logger } from './logger.js';
import { describeError, safeJSON, textOf } from './safe-json.js';
import { encodingLogger } from './encoding-logger.js';
import { writer } from './writer.js';
import type { WriterTarget } from './writer.js';

/**
 * jsonString returns s as a JSON string literal. Short strings that need no escaping are
 * quoted directly after a char-code scan; anything else goes through `JSON.stringify`, which
 * escapes quotes, backslashes, control characters and lone surrogates.
 */
export function jsonString(s: string): string {
  const n = s.length;
  if (n > 128) return JSON.stringify(s);
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x20 || c === 0x22 || c === 0x5c || (c >= 0xd800 && c <= 0xdfff)) {
      return JSON.stringify(s);
    }
  }
  return '"' + s + '"';
}

/**
 * jsonValue returns the JSON text of one log value: errors as their message, `Date` as its ISO
 * string, `toJSON` honoured, `bigint` and non-finite numbers as strings, `undefined` as null.
 * It never throws: unserialisable parts become placeholders.
 */
export function jsonValue(v: unknown): string {
  switch (typeof v) {
    case 'string':
      return jsonString(v);
    case 'number':
      return Number.isFinite(v) ? '' + v : '"' + v + '"';
    case 'boolean':
      return v ? 'true' : 'false';
    case 'bigint':
      return '"' + v + '"';
    case 'undefined':
      return 'null';
    case 'symbol':
    case 'function':
      return jsonString(textOf(v));
    default:
      if (v === null) return 'null';
      return jsonObject(v as object);
  }
}

function jsonObject(v: object): string {
  try {
    if (typeof (v as { toJSON?: unknown }).toJSON === 'function') return safeJSON(v);
    if (v instanceof Error) return jsonString(String(v.message));
    const toString = (v as { toString?: unknown }).toString;
    if (
      typeof toString === 'function' &&
      toString !== Object.prototype.toString &&
      !Array.isArray(v)
    ) {
      return jsonString(String(toString.call(v)));
    }
    return safeJSON(v);
  } catch (err) {
    return jsonString(`[Throws: ${describeError(err)}]`);
  }
}

/** jsonPair encodes one key and value as `"key":value`; non-string keys are stringified. */
export function jsonPair(key: unknown, value: unknown): string {
  return jsonString(typeof key === 'string' ? key : textOf(key)) + ':' + jsonValue(value);
}

/**
 * jsonEncoder returns the JSON line {@link Encoder} writing to w; exposed for encoders built on
 * it (such as the pino bridge).
 */
export function jsonEncoder(w: (line: string) => void): Encoder {
  return { open: '{', sep: ',', close: '}\n', pair: jsonPair, write: w };
}

/**
 * jsonLogger returns a {@link Logger} that writes each event as one JSON object on one line
 * (Go kit's `log.NewJSONLogger`), keys in call order, with one write per event. An odd trailing
 * key gets the value `"(MISSING)"`. target is anything {@link writer} accepts: a Node stream,
 * a file descriptor (written synchronously) or a function.
 */
export function jsonLogger(target: WriterTarget): Logger {
  return encodingLogger(jsonEncoder(writer(target)));
}

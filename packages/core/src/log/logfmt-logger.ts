import type { Encoder } from './capabilities.js';
import { encodingLogger } from './encoding-logger.js';
import type { Logger } from './logger.js';
import { textOf } from './safe-json.js';
import { writer } from './writer.js';
import type { WriterTarget } from './writer.js';

const hex = '0123456789abcdef';

/**
 * needsQuote tells whether a logfmt value must be quoted: it contains a space or control
 * character, `=`, `"`, DEL, or a lone surrogate (not valid UTF-8), as go-logfmt decides.
 */
function needsQuote(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c <= 0x20 || c === 0x3d || c === 0x22 || c === 0x7f) return true;
    if (c >= 0xd800 && c <= 0xdfff) {
      const d = s.charCodeAt(i + 1);
      if (c <= 0xdbff && d >= 0xdc00 && d <= 0xdfff) i++;
      else return true;
    }
  }
  return false;
}

/**
 * quote returns s as a logfmt quoted string: `\\`, `\"`, `\n`, `\r`, `\t`, other control
 * characters as `\u00XX`, lone surrogates as `\ufffd`; everything else as is.
 */
function quote(s: string): string {
  let out = '"';
  let from = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    let esc: string | undefined;
    if (c === 0x22) esc = '\\"';
    else if (c === 0x5c) esc = '\\\\';
    else if (c < 0x20) {
      if (c === 0x0a) esc = '\\n';
      else if (c === 0x0d) esc = '\\r';
      else if (c === 0x09) esc = '\\t';
      else esc = '\\u00' + hex[c >> 4] + hex[c & 15];
    } else if (c >= 0xd800 && c <= 0xdfff) {
      const d = s.charCodeAt(i + 1);
      if (c <= 0xdbff && d >= 0xdc00 && d <= 0xdfff) {
        i++;
        continue;
      }
      esc = '\\ufffd';
    }
    if (esc !== undefined) {
      out += s.slice(from, i) + esc;
      from = i + 1;
    }
  }
  return out + s.slice(from) + '"';
}

/**
 * logfmtString returns s as a logfmt value: bare when safe, quoted and escaped otherwise.
 * The empty string is written bare (`k=`) and the text `null` quoted, to tell it from a nil.
 */
export function logfmtString(s: string): string {
  if (s === 'null') return '"null"';
  return needsQuote(s) ? quote(s) : s;
}

/** logfmtValue returns the logfmt text of one log value (see `textOf` for non-strings). */
export function logfmtValue(v: unknown): string {
  switch (typeof v) {
    case 'string':
      return logfmtString(v);
    case 'number':
    case 'boolean':
    case 'bigint':
      return '' + v;
    case 'undefined':
      return 'null';
    default:
      if (v === null) return 'null';
      return logfmtString(textOf(v));
  }
}

/**
 * logfmtKey returns a key as logfmt allows it: characters a key cannot hold (space, control,
 * `=`, `"`, DEL, lone surrogates) become `_`, and an empty key is `_`.
 */
export function logfmtKey(key: unknown): string {
  const s = typeof key === 'string' ? key : textOf(key);
  if (s.length === 0) return '_';
  if (!needsQuote(s)) return s;
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c <= 0x20 || c === 0x3d || c === 0x22 || c === 0x7f) out += '_';
    else if (c >= 0xd800 && c <= 0xdfff) {
      const d = s.charCodeAt(i + 1);
      if (c <= 0xdbff && d >= 0xdc00 && d <= 0xdfff) {
        out += s[i]! + s[i + 1]!;
        i++;
      } else out += '_';
    } else out += s[i]!;
  }
  return out;
}

/** logfmtPair encodes one key and value as `key=value`. */
export function logfmtPair(key: unknown, value: unknown): string {
  return logfmtKey(key) + '=' + logfmtValue(value);
}

/** logfmtEncoder returns the logfmt line {@link Encoder} writing to w. */
export function logfmtEncoder(w: (line: string) => void): Encoder {
  return { open: '', sep: ' ', close: '\n', pair: logfmtPair, write: w };
}

/**
 * logfmtLogger returns a {@link Logger} that writes each event as one logfmt line
 * (Go kit's `log.NewLogfmtLogger`): `key=value` pairs separated by spaces, values quoted and
 * escaped where logfmt readers need it, one write per event. target is anything
 * {@link writer} accepts.
 */
export function logfmtLogger(target: WriterTarget): Logger {
  return encodingLogger(logfmtEncoder(writer(target)));
}

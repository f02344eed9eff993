import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { jsonLogger, logfmtLogger, withContext, withSuffix } from './index.js';
import type { Logger } from './index.js';
import { textOf } from './safe-json.js';

/** A tricky string: any UTF-16 unit, biased towards what logfmt and JSON must escape. */
const tricky = fc
  .array(
    fc.oneof(
      fc.integer({ min: 0, max: 0xffff }),
      fc.constantFrom(0x20, 0x3d, 0x22, 0x5c, 0x0a, 0x0d, 0x09, 0x00, 0x7f, 0xd800, 0xdc00),
      fc.integer({ min: 0x61, max: 0x7a }),
    ),
    { maxLength: 24 },
  )
  .map((codes) => String.fromCharCode(...codes));

const circular = fc.string().map((s) => {
  const o: Record<string, unknown> = { s };
  o['self'] = o;
  return o;
});

const value: fc.Arbitrary<unknown> = fc.oneof(
  tricky,
  fc.constantFrom('', 'null', 'true', '(MISSING)'),
  fc.double(),
  fc.integer(),
  fc.boolean(),
  fc.constantFrom(null, undefined),
  fc.bigInt(),
  tricky.map((m) => new Error(m)),
  fc.date({ noInvalidDate: false }),
  circular,
  fc.anything({
    withBigInt: true,
    withDate: true,
    withMap: true,
    withSet: true,
    withNullPrototype: true,
    withBoxedValues: true,
    withTypedArray: true,
    withSparseArray: true,
  }),
);

const key: fc.Arbitrary<unknown> = fc.oneof(tricky, fc.integer(), fc.constantFrom(null, undefined));

const keyvals = fc.array(fc.oneof(key, value), { maxLength: 12 });

function capture(): { out: string[]; write: (line: string) => void } {
  const out: string[] = [];
  return { out, write: (line) => out.push(line) };
}

/**
 * parseLogfmt is a strict logfmt reader: `key=value` pairs separated by single spaces; a key is
 * one or more characters above space other than `=` and `"`; a value is bare (no space, `=`,
 * `"` or control characters, possibly empty) or quoted with `\\ \" \n \r \t \uXXXX` escapes.
 * Bare `null` is returned as null. It throws on anything else.
 */
function parseLogfmt(line: string): [string, string | null][] {
  const pairs: [string, string | null][] = [];
  let i = 0;
  const n = line.length;
  while (i < n) {
    if (pairs.length > 0) {
      if (line[i] !== ' ') throw new Error(`want space at ${i}`);
      i++;
    }
    const keyStart = i;
    while (i < n) {
      const c = line.charCodeAt(i);
      if (c <= 0x20 || c === 0x3d || c === 0x22 || c === 0x7f) break;
      i++;
    }
    if (i === keyStart) throw new Error(`empty key at ${i}`);
    const k = line.slice(keyStart, i);
    if (line[i] !== '=') throw new Error(`want = at ${i}`);
    i++;
    if (line[i] === '"') {
      i++;
      let v = '';
      for (;;) {
        if (i >= n) throw new Error('unterminated quote');
        const ch = line[i]!;
        const c = ch.charCodeAt(0);
        if (ch === '"') break;
        if (c < 0x20) throw new Error(`raw control character at ${i}`);
        if (ch === '\\') {
          const e = line[i + 1];
          if (e === '\\' || e === '"') v += e;
          else if (e === 'n') v += '\n';
          else if (e === 'r') v += '\r';
          else if (e === 't') v += '\t';
          else if (e === 'u') {
            const hex = line.slice(i + 2, i + 6);
            if (!/^[0-9a-f]{4}$/i.test(hex)) throw new Error(`bad \\u escape at ${i}`);
            v += String.fromCharCode(parseInt(hex, 16));
            i += 4;
          } else throw new Error(`bad escape at ${i}`);
          i += 2;
        } else {
          v += ch;
          i++;
        }
      }
      i++;
      pairs.push([k, v]);
    } else {
      const start = i;
      while (i < n) {
        const c = line.charCodeAt(i);
        if (c <= 0x20 || c === 0x3d || c === 0x22 || c === 0x7f) break;
        i++;
      }
      if (i < n && line[i] !== ' ') throw new Error(`bad character in bare value at ${i}`);
      const v = line.slice(start, i);
      pairs.push([k, v === 'null' ? null : v]);
    }
  }
  return pairs;
}

/** wellFormed replaces lone surrogates with U+FFFD (String#toWellFormed, ES2024). */
function wellFormed(s: string): string {
  return s.replace(
    /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g,
    '\ufffd',
  );
}

function isKeySafe(k: string): boolean {
  if (k.length === 0 || wellFormed(k) !== k) return false;
  for (let i = 0; i < k.length; i++) {
    const c = k.charCodeAt(i);
    if (c <= 0x20 || c === 0x3d || c === 0x22 || c === 0x7f) return false;
  }
  return true;
}

function assertOneLine(out: string[]): string {
  assert.equal(out.length, 1, 'exactly one write per event');
  const line = out[0]!;
  assert.ok(line.endsWith('\n'), 'newline-terminated');
  assert.equal(line.indexOf('\n'), line.length - 1, 'exactly one line');
  return line.slice(0, -1);
}

function loggers(make: (w: (l: string) => void) => Logger, write: (l: string) => void): Logger[] {
  return [
    make(write),
    withSuffix(
      withContext(make(write), 'ctx', 'a b', 'now', () => 1),
      'end',
      '"',
    ),
  ];
}

describe('property: any keys and values make exactly one parsable line', () => {
  it('JSON: JSON.parse reads it back, strings round-trip', () => {
    fc.assert(
      fc.property(keyvals, (kv) => {
        for (const which of [0, 1]) {
          const { out, write } = capture();
          loggers(jsonLogger, write)[which]!.log(...kv);
          const parsed = JSON.parse(assertOneLine(out)) as Record<string, unknown>;
          assert.equal(typeof parsed, 'object');
          if (which === 1) assert.equal(parsed['ctx'], 'a b');
          // The last value written under a plain string key is what JSON.parse keeps.
          const last = new Map<string, unknown>();
          for (let i = 0; i < kv.length; i += 2) {
            const k = kv[i];
            const text = typeof k === 'string' ? k : textOf(k);
            last.set(text, i + 1 < kv.length ? kv[i + 1] : '(MISSING)');
          }
          for (const [k, v] of last) {
            if (which === 1 && (k === 'ctx' || k === 'now' || k === 'end')) continue;
            if (typeof v === 'string') assert.equal(parsed[k], v);
          }
        }
      }),
      { numRuns: 400 },
    );
  });

  it('logfmt: a strict logfmt reader reads it back, strings round-trip', () => {
    fc.assert(
      fc.property(keyvals, (kv) => {
        for (const which of [0, 1]) {
          const { out, write } = capture();
          loggers(logfmtLogger, write)[which]!.log(...kv);
          const pairs = parseLogfmt(assertOneLine(out));
          const extra = which === 1 ? 3 : 0;
          assert.equal(pairs.length, Math.ceil(kv.length / 2) + extra);
          const callPairs = which === 1 ? pairs.slice(2, -1) : pairs;
          for (let i = 0; i < kv.length; i += 2) {
            const [k, v] = callPairs[i / 2]!;
            const key = kv[i];
            if (typeof key === 'string' && isKeySafe(key)) assert.equal(k, key);
            const val = i + 1 < kv.length ? kv[i + 1] : '(MISSING)';
            // Lone surrogates are not UTF-8: they are written as U+FFFD.
            if (typeof val === 'string') assert.equal(v, wellFormed(val));
            if (val === null || val === undefined) assert.equal(v, null);
          }
        }
      }),
      { numRuns: 400 },
    );
  });
});

/**
 * Go's text functions stringsvc1 needs, exact and fast: `strings.ToUpper` from the tables of
 * Go's `unicode` package (generated into go-upper.ts), and UTF-16 code units back to a string.
 */
import { goUpperRuns } from './go-upper.js';

/** upperBMP maps every BMP code unit to Go's upper case of it (surrogates to themselves). */
const upperBMP = new Uint16Array(0x10000);
/** upperAstral maps the code points above U+FFFF that Go changes. */
const upperAstral = new Map<number, number>();
for (let i = 0; i < 0x10000; i++) upperBMP[i] = i;
for (let i = 0; i < goUpperRuns.length; i += 4) {
  const [start, count, stride, delta] = goUpperRuns.slice(i, i + 4) as [
    number,
    number,
    number,
    number,
  ];
  for (let k = 0; k < count; k++) {
    const cp = start + k * stride;
    if (cp < 0x10000) upperBMP[cp] = cp + delta;
    else upperAstral.set(cp, cp + delta);
  }
}

const nonAscii = /[^\u0000-\u007f]/; // eslint-disable-line no-control-regex
const littleEndian = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
const hasBuffer = typeof Buffer === 'function';

/**
 * toUpperGo upper-cases exactly like Go's `strings.ToUpper` (`unicode.ToUpper` on each code
 * point, Go's Unicode version, one code point for one: `ß` stays `ß`, `ᾳ` becomes `ᾼ`, where
 * JavaScript's full mapping gives `SS` and `ΑΙ`). A lone surrogate, which has no UTF-8, becomes
 * U+FFFD as Go's replacement for invalid input. ASCII takes the native path; other text one
 * table lookup per code unit, linear in its length.
 */
export function toUpperGo(s: string): string {
  if (!nonAscii.test(s)) return s.toUpperCase();
  const n = s.length;
  const out = new Uint16Array(n);
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c < 0xd800 || c > 0xdfff) {
      out[i] = upperBMP[c] as number;
      continue;
    }
    const d = i + 1 < n ? s.charCodeAt(i + 1) : 0;
    if (c > 0xdbff || d < 0xdc00 || d > 0xdfff) {
      out[i] = 0xfffd;
      continue;
    }
    const cp = 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00);
    const up = upperAstral.get(cp);
    if (up === undefined) {
      out[i] = c;
      out[i + 1] = d;
    } else {
      out[i] = 0xd800 + ((up - 0x10000) >> 10);
      out[i + 1] = 0xdc00 + ((up - 0x10000) & 0x3ff);
    }
    i++;
  }
  return fromCodeUnits(out, n);
}

/** fromCodeUnits is the string of the first n UTF-16 code units of units. */
export function fromCodeUnits(units: Uint16Array, n: number): string {
  if (hasBuffer && littleEndian && n > 32)
    return Buffer.from(units.buffer, units.byteOffset, n * 2).toString('utf16le');
  let out = '';
  for (let i = 0; i < n; i += 4096)
    out += String.fromCharCode.apply(
      null,
      units.subarray(i, Math.min(n, i + 4096)) as unknown as number[],
    );
  return out;
}

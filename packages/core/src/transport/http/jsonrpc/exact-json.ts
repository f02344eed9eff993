/**
 * JSON with integers beyond JavaScript's 2^53: Go services send int64 values as plain JSON
 * numbers, which `JSON.parse` rounds. {@link parseExact} reads such integers as `bigint`, and
 * {@link stringifyExact} writes `bigint` values as JSON numbers. Both cost one extra scan only
 * when the text or value has such integers; neither recurses on deep input.
 */

/**
 * parseExact parses JSON text like `JSON.parse`, except that an integer literal outside the
 * safe range (beyond ±(2^53 - 1), written without a fraction or exponent) becomes a `bigint`,
 * exactly. Invalid JSON throws `JSON.parse`'s SyntaxError.
 *
 * @example
 * parseExact('{"a":1152921504606846976,"b":1}'); // { a: 1152921504606846976n, b: 1 }
 */
export function parseExact(text: string): unknown {
  const spans = bigIntegers(text);
  if (spans.length === 0) return JSON.parse(text);
  const tag = uniqueTag(text);
  let rebuilt = '';
  let at = 0;
  for (const [start, end] of spans) {
    // The tag goes in escaped: a raw control character is not allowed in a JSON string.
    rebuilt += `${text.slice(at, start)}"\\u0001${tag.slice(1)}${text.slice(start, end)}"`;
    at = end;
  }
  rebuilt += text.slice(at);
  return JSON.parse(rebuilt, (_key, value: unknown) =>
    typeof value === 'string' && value.startsWith(tag) ? BigInt(value.slice(tag.length)) : value,
  );
}

/**
 * stringifyExact serialises like `JSON.stringify`, except that a `bigint` is written as a JSON
 * number (where `JSON.stringify` throws). `undefined` at the top gives undefined, as there.
 */
export function stringifyExact(value: unknown): string | undefined {
  let tag: string | undefined;
  const out = JSON.stringify(value, (_key, v: unknown) => {
    if (typeof v !== 'bigint') return v;
    tag ??= `\u0001${Math.random().toString(36).slice(2)}:`;
    return tag + v.toString();
  });
  if (tag === undefined || out === undefined) return out;
  const quoted = JSON.stringify(tag).slice(0, -1); // "\u0001abc: without the closing quote
  let result = '';
  let at = 0;
  for (;;) {
    const i = out.indexOf(quoted, at);
    if (i < 0) return result + out.slice(at);
    const end = out.indexOf('"', i + quoted.length);
    result += out.slice(at, i) + out.slice(i + quoted.length, end);
    at = end + 1;
  }
}

/** uniqueTag is a string prefix that no string of text can start with. */
function uniqueTag(text: string): string {
  for (;;) {
    const tag = `\u0001${Math.random().toString(36).slice(2)}:`;
    if (!text.includes(tag.slice(1))) return tag;
  }
}

/** bigIntegers finds the [start, end) spans of integer literals outside the safe range. */
function bigIntegers(text: string): [number, number][] {
  const spans: [number, number][] = [];
  const n = text.length;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === 34 /* " */) {
      for (i++; i < n; i++) {
        const d = text.charCodeAt(i);
        if (d === 92 /* \ */) i++;
        else if (d === 34) break;
      }
      continue;
    }
    if (c !== 45 /* - */ && (c < 48 || c > 57)) continue;
    const start = i;
    let integer = true;
    for (i++; i < n; i++) {
      const d = text.charCodeAt(i);
      if (d === 46 || d === 101 || d === 69 || d === 43 || d === 45) integer = false;
      else if (d < 48 || d > 57) break;
    }
    const digits = i - start - (c === 45 ? 1 : 0);
    if (integer && digits >= 16 && !Number.isSafeInteger(Number(text.slice(start, i)))) {
      spans.push([start, i]);
    }
    i--;
  }
  return spans;
}

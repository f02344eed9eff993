/**
 * Internal: the exact text of request ids. JSON.parse turns every number into a double, so an
 * id such as 12345678901234567890 or 1.10 would come back changed; when a parsed id is a number
 * that is not a safe integer, the server reads the id's own characters from the body instead
 * and echoes them verbatim. The scan is iterative (no recursion on deep nesting) and runs only
 * on bodies already known to be valid JSON.
 */

/**
 * rawIds returns the raw text of the `id` member of the body's request object, or of each
 * request object of a batch (by position; undefined where an element has none or is not an
 * object). The last `id` of an object wins, as with JSON.parse.
 */
export function rawIds(text: string): (string | undefined)[] {
  let i = ws(text, 0);
  if (text.charCodeAt(i) === 123 /* { */) return [objectId(text, i)[0]];
  const out: (string | undefined)[] = [];
  if (text.charCodeAt(i) !== 91 /* [ */) return out;
  i = ws(text, i + 1);
  if (text.charCodeAt(i) === 93 /* ] */) return out;
  for (;;) {
    if (text.charCodeAt(i) === 123) {
      const [id, end] = objectId(text, i);
      out.push(id);
      i = end;
    } else {
      out.push(undefined);
      i = skipValue(text, i);
    }
    i = ws(text, i);
    if (text.charCodeAt(i) !== 44 /* , */) return out;
    i = ws(text, i + 1);
  }
}

/** objectId scans the object at i: the raw text of its id (if any) and the index after it. */
function objectId(text: string, i: number): [string | undefined, number] {
  let id: string | undefined;
  i = ws(text, i + 1);
  if (text.charCodeAt(i) === 125 /* } */) return [id, i + 1];
  for (;;) {
    const keyEnd = skipString(text, i);
    const key = text.slice(i, keyEnd);
    i = ws(text, keyEnd);
    i = ws(text, i + 1); // the colon
    const end = skipValue(text, i);
    if (key === '"id"' || (key.includes('\\') && JSON.parse(key) === 'id')) {
      id = text.slice(i, end);
    }
    i = ws(text, end);
    if (text.charCodeAt(i) !== 44) return [id, i + 1];
    i = ws(text, i + 1);
  }
}

function ws(text: string, i: number): number {
  for (;;) {
    const c = text.charCodeAt(i);
    if (c !== 32 && c !== 10 && c !== 13 && c !== 9) return i;
    i++;
  }
}

/** skipString returns the index after the string starting (with its quote) at i. */
function skipString(text: string, i: number): number {
  for (i++; ; i++) {
    const c = text.charCodeAt(i);
    if (c === 92 /* \ */) i++;
    else if (c === 34 /* " */ || Number.isNaN(c)) return i + 1;
  }
}

/** skipValue returns the index after the value starting at i, without recursion. */
function skipValue(text: string, i: number): number {
  const c = text.charCodeAt(i);
  if (c === 34) return skipString(text, i);
  if (c !== 123 && c !== 91) {
    while (i < text.length) {
      const d = text.charCodeAt(i);
      if (d === 44 || d === 125 || d === 93 || d === 32 || d === 10 || d === 13 || d === 9) break;
      i++;
    }
    return i;
  }
  let depth = 0;
  for (; i < text.length; i++) {
    const d = text.charCodeAt(i);
    if (d === 34) i = skipString(text, i) - 1;
    else if (d === 123 || d === 91) depth++;
    else if ((d === 125 || d === 93) && --depth === 0) return i + 1;
  }
  return i;
}

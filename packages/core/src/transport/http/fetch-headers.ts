/**
 * Internal: reading one request header of a Web `Request` at the runtime's lowest cost.
 *
 * `Headers.get` is cheap on Bun (native), but on Deno it is JavaScript that converts and checks
 * the name and lower-cases every entry of the list on each call: about 2,500 instructions per
 * lookup of an absent header, and the Fetch face looks up three on every request (the body's
 * `Content-Length`, the deadline's `Connect-Timeout-Ms` and `Grpc-Timeout`). Deno keeps the
 * request's headers as a list of `[name, value]` pairs under an own symbol-keyed property of
 * the `Headers` object; where that list is found, and gives for every header of the first
 * request what `Headers.get` gives, {@link headerOf} reads it directly. Everywhere else, and
 * for good if the check ever fails, it is `Headers.get`.
 */

type HeaderList = readonly (readonly [string, string])[];

/**
 * HeaderReader reads one header of a Web request's `Headers`, given a lower-case `name`: the
 * value, the values of a repeated header joined with `", "`, or null when absent — what
 * `headers.get(name)` gives.
 */
export type HeaderReader = (headers: Headers, name: string) => string | null;

/**
 * createHeaderReader returns a {@link HeaderReader} that finds the runtime's header list on
 * the first request that has headers, and then reads it, or `Headers.get` when there is none.
 */
export function createHeaderReader(): HeaderReader {
  // undefined until a request with headers is looked at; null when there is no list.
  let listKey: symbol | null | undefined = undefined;
  return (headers, name) => {
    const key = listKey === undefined ? (listKey = findList(headers)) : listKey;
    if (key === null || key === undefined) return headers.get(name);
    const list = (headers as unknown as Record<symbol, unknown>)[key];
    if (!Array.isArray(list)) return headers.get(name);
    return lookup(list as HeaderList, name);
  };
}

/** headerOf is the process's {@link HeaderReader}, used by the Fetch face. */
export const headerOf: HeaderReader = createHeaderReader();

function lookup(list: HeaderList, name: string): string | null {
  let found: string | null = null;
  for (let i = 0; i < list.length; i++) {
    const entry = list[i] as readonly [string, string];
    const n = entry[0];
    if (n.length === name.length && (n === name || n.toLowerCase() === name))
      found = found === null ? entry[1] : `${found}, ${entry[1]}`;
  }
  return found;
}

/**
 * findList looks for the runtime's header list on a first `Headers`: an own symbol-keyed array
 * of string pairs for which {@link lookup} agrees with `Headers.get` on every name in it (and
 * on one name that is absent). Null when there is none; undefined when these headers are empty
 * (nothing to check against: the next request decides).
 */
function findList(headers: Headers): symbol | null | undefined {
  let empty = false;
  for (const key of Object.getOwnPropertySymbols(headers)) {
    const list = (headers as unknown as Record<symbol, unknown>)[key];
    if (!Array.isArray(list) || !list.every(isPair)) continue;
    if (list.length === 0) {
      empty = true;
      continue;
    }
    const names = (list as HeaderList).map((entry) => entry[0].toLowerCase());
    names.push('x-svckit-absent');
    try {
      if (names.every((n) => lookup(list as HeaderList, n) === headers.get(n))) return key;
    } catch {
      // Headers.get refused a name: this list is not the runtime's headers.
    }
  }
  return empty ? undefined : null;
}

function isPair(entry: unknown): boolean {
  return (
    Array.isArray(entry) &&
    entry.length === 2 &&
    typeof entry[0] === 'string' &&
    typeof entry[1] === 'string'
  );
}

/**
 * What Go kit's addcli does over JSON-RPC (§2.8), as a function over svckit's addsvc JSON-RPC
 * client: `-method sum|concat` and two arguments, sums parsed as Go's `strconv.ParseInt`
 * (errors ignored: bad input is 0), `%d + %d = %d` / `%q + %q = %q`, errors as `error: <text>`
 * with exit 1. examples/addcli can print through it; the interop test compares its output
 * with the real Go kit addcli's.
 */
import { background } from '../../../../context/index.js';
import type { AddClient } from './addsvc.js';

/** CliRun is what a run printed (stdout and stderr together) and its exit code. */
export interface CliRun {
  readonly code: number;
  readonly out: string;
}

const int64Max = 2n ** 63n - 1n;
const int64Min = -(2n ** 63n);

/** parseInt64 is Go's `strconv.ParseInt(s, 10, 64)` with the error ignored (0). */
export function parseInt64(s: string): bigint {
  if (!/^[+-]?[0-9]+$/.test(s)) return 0n;
  const n = BigInt(s);
  // Out of range, Go returns the bound with the error; addcli ignores the error, not the value.
  return n > int64Max ? int64Max : n < int64Min ? int64Min : n;
}

/** goQuote is Go's `%q` of a string (strconv.Quote): printable runes as is, others escaped. */
export function goQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0) as number;
    if (ch === '"' || ch === '\\') out += '\\' + ch;
    else if (/[\p{L}\p{M}\p{N}\p{P}\p{S} ]/u.test(ch)) out += ch;
    else if (c === 7) out += '\\a';
    else if (c === 8) out += '\\b';
    else if (c === 12) out += '\\f';
    else if (c === 10) out += '\\n';
    else if (c === 13) out += '\\r';
    else if (c === 9) out += '\\t';
    else if (c === 11) out += '\\v';
    else if (c < 0x80) out += '\\x' + c.toString(16).padStart(2, '0');
    else if (c < 0x10000) out += '\\u' + c.toString(16).padStart(4, '0');
    else out += '\\U' + c.toString(16).padStart(8, '0');
  }
  return out + '"';
}

/** addcli runs one addcli command line (`[-method m] a b`) against client. */
export async function addcli(client: AddClient, args: readonly string[]): Promise<CliRun> {
  let rpcMethod = 'sum';
  const rest = [...args];
  if (rest[0] === '-method') {
    rpcMethod = rest[1] ?? '';
    rest.splice(0, 2);
  }
  if (rest.length !== 2) return { code: 1, out: 'usage: addcli [flags] <a> <b>\n' };
  const [a, b] = rest as [string, string];
  try {
    if (rpcMethod === 'sum') {
      const x = parseInt64(a);
      const y = parseInt64(b);
      const v = await client.sum(background(), x, y);
      return { code: 0, out: `${x} + ${y} = ${v}\n` };
    }
    if (rpcMethod === 'concat') {
      const v = await client.concat(background(), a, b);
      return { code: 0, out: `${goQuote(a)} + ${goQuote(b)} = ${goQuote(v)}\n` };
    }
    return { code: 1, out: `error: invalid method ${goQuote(rpcMethod)}\n` };
  } catch (err) {
    return { code: 1, out: `error: ${err instanceof Error ? err.message : String(err)}\n` };
  }
}

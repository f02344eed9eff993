/**
 * stringsvc (Go kit's stringsvc1 rules) as JSON-RPC methods: `uppercase` and `count`, params
 * by name (`{"s":"hi"}`) or by position (`["hi"]`), an empty string refused with -32602.
 */
import { ServiceError } from '@svckit/core/errors';
import { createServer, method } from '@svckit/core/transport/http/jsonrpc';
import type { Params } from '@svckit/core/transport/http/jsonrpc';
import type { Server } from '@svckit/core/transport/http';

/** uppercase is stringsvc's Uppercase: an empty string is an error. */
export async function uppercase(_ctx: unknown, s: string): Promise<string> {
  if (s === '') throw new ServiceError('invalid_argument', 'empty string');
  return s.toUpperCase();
}

/** count is stringsvc's Count: the length in UTF-8 bytes, as Go's len. */
export async function count(_ctx: unknown, s: string): Promise<number> {
  return Buffer.byteLength(s);
}

/** decodeS reads the one string parameter `s`. */
function decodeS(_ctx: unknown, params: Params | undefined): string {
  const s = (params as { s?: unknown } | undefined)?.s;
  if (typeof s !== 'string') throw new Error('want {"s": string} or [string]');
  return s;
}

/** rpc is stringsvc's JSON-RPC server: one Server, for node:http, a router or Lambda. */
export const rpc: Server = createServer({
  uppercase: method({ endpoint: uppercase, params: ['s'], decode: decodeS }),
  count: method({ endpoint: count, params: ['s'], decode: decodeS }),
});

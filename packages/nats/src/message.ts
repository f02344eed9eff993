import { headers as natsHeaders } from '@nats-io/transport-node';
import type { MsgHdrs, Payload } from '@nats-io/transport-node';
import type { HeaderMap } from '@svckit/core/transport';

/**
 * Outgoing is what an encoder fills: the payload and, when any is set, the headers. Both a
 * server's reply and a client's request are one. `headers` stays undefined until a header is
 * set (a message without headers is a plain NATS `PUB`, as Go kit sends).
 */
export interface Outgoing {
  /** data is the payload; empty when unset. */
  data: Payload | undefined;
  /** headers are the NATS headers to send, undefined when none. */
  headers: MsgHdrs | undefined;
}

/** newOutgoing returns an empty {@link Outgoing}. */
export function newOutgoing(): Outgoing {
  return { data: undefined, headers: undefined };
}

/** setHeader sets one header of an outgoing message, creating its headers if needed. */
export function setHeader(message: Outgoing, name: string, value: string): void {
  (message.headers ??= natsHeaders()).set(name, value);
}

/**
 * addHeaders copies a `HeaderMap` (what a `Headerer` returns) onto an outgoing message:
 * multi-valued entries are appended.
 */
export function addHeaders(message: Outgoing, map: HeaderMap): void {
  for (const name of Object.keys(map)) {
    const value = map[name];
    if (value === undefined) continue;
    if (typeof value === 'string') {
      setHeader(message, name, value);
    } else {
      const h = (message.headers ??= natsHeaders());
      for (const v of value) h.append(name, v);
    }
  }
}

/**
 * headerOf reads a header of an incoming message (its first value), case-insensitively, or
 * undefined. NATS header names are case-sensitive on the wire; svckit's own headers are sent
 * lower case, and this lookup finds `Connect-Timeout-Ms` as well as `connect-timeout-ms`.
 */
export function headerOf(h: MsgHdrs | undefined, name: string): string | undefined {
  if (h === undefined) return undefined;
  if (h.has(name)) return h.get(name);
  if (!h.has(name, 'insensitive')) return undefined;
  return h.get(name, 'insensitive');
}

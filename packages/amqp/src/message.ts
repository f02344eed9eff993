import type { MessagePropertyHeaders, Options } from 'amqplib';
import type { HeaderMap } from '@svckit/core/transport';

/**
 * Publishing is what an encoder fills (Go kit's `amqp.Publishing`): the body and the
 * properties. A server's reply and a client's request are one each.
 */
export interface Publishing {
  /** content is the body; empty when unset. */
  content: Buffer | string | undefined;
  /** properties are the AMQP properties (contentType, headers, ...); the transport sets
   * correlationId and replyTo itself. */
  properties: Options.Publish;
}

/**
 * Reply is a server's {@link Publishing} with where it goes and what to do with the delivery:
 * it is published to `exchange` (default `""`) with `routingKey` (default the delivery's
 * `replyTo`; Go kit's `ContextKeyExchange`/`ContextKeyPublishKey`); `send` false sends no
 * reply; `settle` acknowledges the delivery (when the server consumes with manual acks):
 * `ack`, `nack` (dead-letter or drop), `requeue` (after `requeueDelayMs`).
 */
export interface Reply extends Publishing {
  exchange: string;
  routingKey: string | undefined;
  send: boolean;
  settle: 'ack' | 'nack' | 'requeue' | undefined;
  requeueDelayMs: number;
}

/** newPublishing returns an empty {@link Publishing}. */
export function newPublishing(): Publishing {
  return { content: undefined, properties: {} };
}

/** newReply returns an empty {@link Reply}: send it, settle undecided. */
export function newReply(): Reply {
  return {
    content: undefined,
    properties: {},
    exchange: '',
    routingKey: undefined,
    send: true,
    settle: undefined,
    requeueDelayMs: 0,
  };
}

/**
 * publishOptions is what the transport hands amqplib's `publish`: the message's properties
 * with `replyTo` and `correlationId`, copied into an object of one fixed shape. (Node 20's V8
 * gives every `{ ...properties, replyTo, correlationId }` a map of its own, so amqplib's
 * reads of the absent fields went to the runtime: 2.7 µs per publish, a third of a call.)
 */
export function publishOptions(
  p: Options.Publish,
  replyTo: string | undefined,
  correlationId: string | undefined,
): Options.Publish {
  const o = {
    expiration: p.expiration,
    userId: p.userId,
    CC: p.CC,
    mandatory: p.mandatory,
    persistent: p.persistent,
    deliveryMode: p.deliveryMode,
    BCC: p.BCC,
    contentType: p.contentType,
    contentEncoding: p.contentEncoding,
    headers: p.headers as unknown,
    priority: p.priority,
    correlationId,
    replyTo,
    messageId: p.messageId,
    timestamp: p.timestamp,
    type: p.type,
    appId: p.appId,
  };
  // amqplib skips every field that is undefined, as if absent.
  return o as Options.Publish;
}

/** setHeader sets an AMQP header of an outgoing message. */
export function setHeader(p: Publishing, name: string, value: string): void {
  ((p.properties.headers ??= {}) as Record<string, unknown>)[name] = value;
}

/** addHeaders copies a `Headerer`'s map onto an outgoing message (lists as AMQP arrays). */
export function addHeaders(p: Publishing, map: HeaderMap): void {
  const h = (p.properties.headers ??= {}) as Record<string, unknown>;
  for (const name of Object.keys(map)) {
    const v = map[name];
    if (v !== undefined) h[name] = typeof v === 'string' ? v : [...v];
  }
}

/**
 * headerOf reads a header of an incoming message as a string (AMQP headers are typed: a
 * number or a byte array is converted), case-insensitively, or undefined.
 */
export function headerOf(
  headers: MessagePropertyHeaders | undefined,
  name: string,
): string | undefined {
  if (headers === undefined) return undefined;
  let v: unknown = headers[name];
  if (v === undefined) {
    const lower = name.toLowerCase();
    for (const k of Object.keys(headers)) {
      if (k.toLowerCase() === lower) {
        v = headers[k];
        break;
      }
    }
  }
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'bigint' || typeof v === 'boolean') return String(v);
  if (Buffer.isBuffer(v)) return v.toString('utf8');
  return undefined;
}

import type { Message } from 'amqplib';
import type { Context } from '@svckit/core/context';
import { ServiceError } from '@svckit/core/errors';
import { isHeaderer } from '@svckit/core/transport';
import { addHeaders } from './message.js';
import type { Publishing } from './message.js';

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * parseJSON parses a body as JSON; anything else (bad UTF-8, `not json`, `{"a":`, empty) is a
 * `ServiceError` (`invalid_argument` by default; `internal` for a reply) saying what is wrong.
 */
export function parseJSON(
  body: Buffer,
  code: 'invalid_argument' | 'internal' = 'invalid_argument',
): unknown {
  let text: string;
  try {
    text = utf8.decode(body);
  } catch {
    throw new ServiceError(code, 'invalid JSON: body is not UTF-8');
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    const detail = err instanceof Error ? err.message : String(err);
    throw new ServiceError(code, `invalid JSON: ${detail}`, { cause: err });
  }
}

/** decodeJSONRequest is a server decoder: the delivery's body parsed as JSON. */
export function decodeJSONRequest<T>(_ctx: Context, delivery: Message): T {
  return parseJSON(delivery.content) as T;
}

/**
 * decodeJSONResponse is a client decoder: the reply's body parsed as JSON; a reply that is not
 * JSON is the server's fault, `internal`.
 */
export function decodeJSONResponse<T>(_ctx: Context, delivery: Message): T {
  return parseJSON(delivery.content, 'internal') as T;
}

/**
 * encodeJSONResponse is Go kit's `EncodeJSONResponse`: the body as JSON (no newline),
 * `contentType: application/json`; a `Headerer` response sets headers.
 */
export function encodeJSONResponse(_ctx: Context, reply: Publishing, response: unknown): void {
  if (isHeaderer(response)) addHeaders(reply, response.headers());
  reply.properties.contentType ??= 'application/json';
  reply.content = JSON.stringify(response);
}

/** encodeJSONRequest is a client encoder: the request as JSON, `application/json`. */
export function encodeJSONRequest(_ctx: Context, request: Publishing, value: unknown): void {
  if (isHeaderer(value)) addHeaders(request, value.headers());
  request.properties.contentType ??= 'application/json';
  request.content = JSON.stringify(value);
}

/** errorText is the `err` of an error body `{"err":"..."}`, else the body as text. */
export function errorText(body: Buffer): string {
  const text = body.toString('utf8');
  try {
    const parsed = JSON.parse(text) as unknown;
    if (typeof parsed === 'object' && parsed !== null) {
      const err = (parsed as { err?: unknown }).err;
      if (typeof err === 'string') return err;
    }
  } catch {
    // not JSON
  }
  return text;
}

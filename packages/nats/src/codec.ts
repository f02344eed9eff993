import type { Msg } from '@nats-io/transport-node';
import type { Context } from '@svckit/core/context';
import { ServiceError } from '@svckit/core/errors';
import { isHeaderer } from '@svckit/core/transport';
import { addHeaders } from './message.js';
import type { Outgoing } from './message.js';

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * parseJSON parses a message's payload as JSON. Anything that is not JSON (bad UTF-8, `not
 * json`, `{"a":`, an empty payload) is a `ServiceError` of `code` (`invalid_argument` by default:
 * a bad request is the caller's fault; `internal` for a bad reply) whose text says what is
 * wrong, so a server answers `{"err":"invalid JSON: ..."}`.
 */
export function parseJSON(
  data: Uint8Array,
  code: 'invalid_argument' | 'internal' = 'invalid_argument',
): unknown {
  let text: string;
  try {
    text = utf8.decode(data);
  } catch {
    throw new ServiceError(code, 'invalid JSON: payload is not UTF-8');
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    const detail = err instanceof Error ? err.message : String(err);
    throw new ServiceError(code, `invalid JSON: ${detail}`, { cause: err });
  }
}

/**
 * decodeJSONRequest is a server decoder: the payload parsed as JSON, typed as the caller says
 * (check its shape in your own decoder when it matters). Go kit's examples decode with
 * `json.Unmarshal`.
 *
 * @example
 * const decode = (ctx: Context, msg: Msg) => decodeJSONRequest<{ s: string }>(ctx, msg);
 */
export function decodeJSONRequest<T>(_ctx: Context, msg: Msg): T {
  return parseJSON(msg.data) as T;
}

/**
 * decodeJSONResponse is a client decoder: the reply parsed as JSON; a reply that is not JSON is
 * the server's fault, `internal`.
 */
export function decodeJSONResponse<T>(_ctx: Context, msg: Msg): T {
  return parseJSON(msg.data, 'internal') as T;
}

/**
 * encodeJSONResponse is Go kit's `EncodeJSONResponse`: the response as `JSON.stringify`
 * writes it (like Go's `json.Marshal`, no trailing newline); a `Headerer` response also sets
 * reply headers.
 */
export function encodeJSONResponse(_ctx: Context, reply: Outgoing, response: unknown): void {
  if (isHeaderer(response)) addHeaders(reply, response.headers());
  reply.data = JSON.stringify(response);
}

/**
 * encodeJSONRequest is Go kit's `EncodeJSONRequest`: the request as JSON; a `Headerer`
 * request also sets request headers.
 */
export function encodeJSONRequest(_ctx: Context, request: Outgoing, value: unknown): void {
  if (isHeaderer(value)) addHeaders(request, value.headers());
  request.data = JSON.stringify(value);
}

/**
 * errorText reads the text of an error reply `{"err":"..."}`: the `err` string, or the whole
 * payload as text when it has no such shape.
 */
export function errorText(data: Uint8Array): string {
  const text = Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString('utf8');
  try {
    const parsed = JSON.parse(text) as unknown;
    if (typeof parsed === 'object' && parsed !== null) {
      const err = (parsed as { err?: unknown }).err;
      if (typeof err === 'string') return err;
    }
  } catch {
    // not JSON: the text itself
  }
  return text;
}

/**
 * The JSON messages of addsvc over NATS and AMQP (svckit's convention, examples protocol §3;
 * Go peer: `addtransport/messages.go`): requests `{"a":1,"b":2}` (keys in any case, int64
 * exact), replies `{"v":3}`, `{"v":0,"err":"can't sum two zeroes"}` for a business error and
 * `{"err":"<text>"}` alone for a decode or endpoint error (the transports' error encoders). All
 * as Go's `json.Marshal`, no trailing newline.
 */
import { ServiceError } from '@svckit/core/errors';
import { createJSONCodec } from '@svckit/core/transport/http';
import { concatResponse, sumResponse } from '../addendpoint/set.js';
import type { ConcatRequest, ConcatResponse, SumRequest, SumResponse } from '../addendpoint/set.js';
import { str2err } from './grpc.js';
import { JSONNumber, fieldsOf, parseFirst, readInt64, readString } from './go-json.js';
import type { JSONValue } from './go-json.js';

const goJSON = createJSONCodec({ newline: false });
const utf8 = new TextDecoder('utf-8', { fatal: false });

/** parse reads a message body as Go's decoder; a body that does not parse is `invalid_argument`. */
function parse(data: Uint8Array): JSONValue {
  try {
    return parseFirst(utf8.decode(data));
  } catch (err) {
    throw new ServiceError('invalid_argument', (err as Error).message, { cause: err });
  }
}

function fields<T>(
  data: Uint8Array,
  struct: string,
  zero: T,
  read: typeof readInt64 | typeof readString,
) {
  const body = parse(data);
  try {
    return fieldsOf(body, struct, zero, read as (v: JSONValue, f: string) => T);
  } catch (err) {
    throw new ServiceError('invalid_argument', (err as Error).message, { cause: err });
  }
}

/** decodeSumRequest reads `{"a":1,"b":2}` (keys in any case; int64, exact). */
export function decodeSumRequest(data: Uint8Array): SumRequest {
  return fields(data, 'SumRequest', 0n, readInt64);
}

/** decodeConcatRequest reads `{"a":"x","b":"y"}` (keys in any case). */
export function decodeConcatRequest(data: Uint8Array): ConcatRequest {
  return fields(data, 'ConcatRequest', '', readString);
}

function value(v: bigint | string): string {
  return typeof v === 'bigint' ? v.toString() : (goJSON.encode(v) as string);
}

/** encodeRequest writes `{"a":1,"b":2}` as Go's json.Marshal of the convention's request. */
export function encodeRequest(request: SumRequest | ConcatRequest): string {
  return `{"a":${value(request.a)},"b":${value(request.b)}}`;
}

/** encodeReply writes `{"v":…}`, or `{"v":…,"err":"…"}` for a business error. */
export function encodeReply(response: SumResponse | ConcatResponse): string {
  const v = value(response.v);
  return response.err === undefined
    ? `{"v":${v}}`
    : `{"v":${v},"err":${goJSON.encode(response.err.message) as string}}`;
}

/**
 * reply reads a reply: `{"err":"…"}` alone rejects with that text, code `unknown` (a reply
 * carrying `svckit-error-code` is turned into its error by the transport's client before this
 * runs; a Go kit server sends no such header), otherwise the value and the business error
 * (`str2err`: the service's own error for its three texts).
 */
function reply(data: Uint8Array): { v: JSONValue | undefined; err: string } {
  const body = parse(data);
  if (
    body === null ||
    typeof body !== 'object' ||
    Array.isArray(body) ||
    body instanceof JSONNumber
  ) {
    throw new ServiceError('internal', 'reply is not a JSON object');
  }
  const record = body as Record<string, JSONValue>;
  let v: JSONValue | undefined;
  let err = '';
  for (const key in record) {
    const k = key.toLowerCase();
    if (k === 'v') v = record[key];
    else if (k === 'err' && typeof record[key] === 'string') err = record[key];
  }
  if (v === undefined && err !== '') {
    throw new ServiceError('unknown', err);
  }
  return { v: v === null ? undefined : v, err };
}

/** decodeSumReply reads Sum's reply; see {@link reply}. */
export function decodeSumReply(data: Uint8Array): SumResponse {
  const { v, err } = reply(data);
  return sumResponse(v === undefined ? 0n : readInt64(v, 'SumReply.v'), str2err(err));
}

/** decodeConcatReply reads Concat's reply; see {@link reply}. */
export function decodeConcatReply(data: Uint8Array): ConcatResponse {
  const { v, err } = reply(data);
  return concatResponse(v === undefined ? '' : readString(v, 'ConcatReply.v'), str2err(err));
}

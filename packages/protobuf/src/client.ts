import { fromBinary } from '@bufbuild/protobuf';
import type { DescMessage, MessageShape } from '@bufbuild/protobuf';
import { ServiceError } from '@svckit/core/errors';
import { ResponseStatusError } from '@svckit/core/transport/http';
import type { DecodeResponseFunc, EncodeRequestFunc } from '@svckit/core/transport/http';
import { protobufContentType, protobufCodec } from './codec.js';

/**
 * encodeProtobufRequest is a client `EncodeRequestFunc` sending the request as a binary
 * protobuf message of `schema` with `Content-Type: application/x-protobuf` (Go kit's
 * `EncodeProtoRequest`).
 */
export function encodeProtobufRequest<Desc extends DescMessage>(
  schema: Desc,
): EncodeRequestFunc<MessageShape<Desc>> {
  const codec = protobufCodec(schema);
  return (_ctx, req, message) => {
    req.headers['content-type'] = protobufContentType;
    req.body = codec.encode(message);
  };
}

/**
 * decodeProtobufResponse is a client `DecodeResponseFunc`: a 2xx body is decoded as a message
 * of `schema` (bytes that do not decode throw a `ServiceError` with code `internal` — the
 * callee broke its contract — and reason `INVALID_PROTOBUF`); any other status throws
 * core's `ResponseStatusError`, whose message is the server's own text and whose code comes
 * from the status (or the `Svckit-Error-Code` of an svckit server).
 */
export function decodeProtobufResponse<Desc extends DescMessage>(
  schema: Desc,
): DecodeResponseFunc<MessageShape<Desc>> {
  return async (_ctx, res) => {
    if (res.status < 200 || res.status > 299) {
      throw new ResponseStatusError(res.status, res.statusText, await res.text(), res.headers);
    }
    const body = await res.bytes();
    try {
      return fromBinary(schema, body);
    } catch (err) {
      throw new ServiceError(
        'internal',
        `${res.url}: malformed protobuf response: not a ${schema.typeName}: ${(err as Error).message}`,
        { reason: 'INVALID_PROTOBUF', cause: err },
      );
    }
  };
}

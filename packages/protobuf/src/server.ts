import type { DescMessage, MessageShape } from '@bufbuild/protobuf';
import { decodeRequest, encodeResponse } from '@svckit/core/transport/http';
import type {
  DecodeRequestFunc,
  EncodeResponseFunc,
  HttpRequest,
} from '@svckit/core/transport/http';
import { protobufCodec } from './codec.js';

/**
 * decodeProtobufRequest is a server `DecodeRequestFunc` that reads the body as a binary
 * protobuf message of `schema` and hands it to `map` (to build the endpoint's request; without
 * it the message is the request). A body that does not decode is answered 400 with a message
 * saying why; one over the server's body limit, 413. Go kit has no decoder for this (its
 * `transport/http/proto` only encodes); the Content-Type is not checked, as Go kit's is not.
 *
 * @example
 * const server = createServer(placeOrder, decodeProtobufRequest(OrderSchema),
 *   encodeProtobufResponse(ReceiptSchema));
 */
export function decodeProtobufRequest<Desc extends DescMessage, Req = MessageShape<Desc>>(
  schema: Desc,
  map?: (message: MessageShape<Desc>, request: HttpRequest) => Req,
): DecodeRequestFunc<Req> {
  const codec = protobufCodec(schema);
  return decodeRequest(
    codec,
    map === undefined
      ? undefined
      : (body: unknown, request: HttpRequest) => map(body as MessageShape<Desc>, request),
  ) as DecodeRequestFunc<Req>;
}

/**
 * encodeProtobufResponse is a server `EncodeResponseFunc` writing the response as a binary
 * protobuf message of `schema` with `Content-Type: application/x-protobuf` (Go kit's
 * `EncodeProtoResponse`); a response that is also a `Headerer` or `StatusCoder` steers the
 * headers and status, as with JSON.
 */
export function encodeProtobufResponse<Desc extends DescMessage>(
  schema: Desc,
): EncodeResponseFunc<MessageShape<Desc>> {
  return encodeResponse(protobufCodec(schema));
}

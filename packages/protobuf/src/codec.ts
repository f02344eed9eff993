import { fromBinary, toBinary } from '@bufbuild/protobuf';
import type { DescMessage, MessageShape } from '@bufbuild/protobuf';
import { MalformedBodyError } from '@svckit/core/transport/http';
import type { Codec } from '@svckit/core/transport/http';

/** protobufContentType is the media type of protobuf bodies: `application/x-protobuf`, as Go kit's. */
export const protobufContentType = 'application/x-protobuf';

/**
 * ProtobufCodec is a core HTTP {@link Codec} for one message type, with typed `decode`/`encode`
 * beside the codec's `unknown` ones.
 */
export interface ProtobufCodec<Desc extends DescMessage> extends Codec {
  /** schema is the message type (a generated `...Schema`). */
  readonly schema: Desc;
  /**
   * decode parses a binary message. Bytes that are not a valid message of this type throw a
   * `MalformedBodyError` (`invalid_argument`, HTTP 400) naming the type and what is wrong.
   */
  decode(body: Uint8Array): MessageShape<Desc>;
  /** encode serialises a message of this type to the binary wire format. */
  encode(value: unknown): Uint8Array;
}

/**
 * protobufCodec returns the `application/x-protobuf` codec of one message type, for core's
 * `decodeRequest(codec, map)` / `encodeResponse(codec)` and anything else that takes a
 * {@link Codec}. Unknown fields are kept (as protobuf requires); 64-bit integers are `bigint`
 * (exact beyond 2^53) unless the `.proto` asks for `jstype = JS_STRING`.
 *
 * @example
 * const codec = protobufCodec(OrderSchema);
 * const order = codec.decode(bytes); // typed: Order
 */
export function protobufCodec<Desc extends DescMessage>(schema: Desc): ProtobufCodec<Desc> {
  return {
    schema,
    contentType: protobufContentType,
    decode(body) {
      try {
        return fromBinary(schema, body);
      } catch (err) {
        throw new MalformedBodyError(
          `malformed protobuf body: not a ${schema.typeName}: ${(err as Error).message}`,
          { cause: err },
        );
      }
    },
    encode(value) {
      return toBinary(schema, value as MessageShape<Desc>);
    },
  };
}

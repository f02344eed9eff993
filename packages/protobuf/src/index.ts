/**
 * @module @svckit/protobuf
 *
 * Protocol Buffers bodies over svckit's HTTP transport (Go kit's `transport/http/proto`), on
 * `@bufbuild/protobuf` and the TypeScript that `protoc-gen-es` generates from `.proto` files:
 * an `application/x-protobuf` {@link protobufCodec} for core's codec-taking helpers, typed
 * server decoders/encoders ({@link decodeProtobufRequest}, {@link encodeProtobufResponse})
 * and client encoders/decoders ({@link encodeProtobufRequest},
 * {@link decodeProtobufResponse}). A body that does not decode is a 400 with a message saying
 * why, never a 500; 64-bit integers are exact `bigint`s.
 */
export type { ProtobufCodec } from './codec.js';
export { protobufContentType, protobufCodec } from './codec.js';
export { decodeProtobufRequest, encodeProtobufResponse } from './server.js';
export { encodeProtobufRequest, decodeProtobufResponse } from './client.js';

import { create, fromBinary, toBinary } from '@bufbuild/protobuf';
import type { DescMessage, DescMethod, DescService, MessageInitShape } from '@bufbuild/protobuf';
import type { MessageShape } from '@bufbuild/protobuf';
import type { MethodDefinition, ServiceDefinition } from '@grpc/grpc-js';

/**
 * UnaryMethod is a unary RPC of a generated service: `Add.method.sum` of the TypeScript that
 * `protoc-gen-es` generates, carrying its request (`input`) and reply (`output`) message
 * types, so that servers and clients built from it are typed end to end.
 */
export type UnaryMethod<
  I extends DescMessage = DescMessage,
  O extends DescMessage = DescMessage,
> = DescMethod & {
  readonly methodKind: 'unary';
  readonly input: I;
  readonly output: O;
};

/** RequestOf is the request message type of a method (`SumRequest` for `Add.method.sum`). */
export type RequestOf<M extends UnaryMethod> = MessageShape<M['input']>;

/**
 * ReplyInitOf is what an encoder may return for a method's reply: the message, or a plain
 * object with some of its fields (`{ v: 3n }`), which the transport completes with defaults.
 */
export type ReplyInitOf<M extends UnaryMethod> = MessageInitShape<M['output']>;

/** ReplyOf is the reply message type of a method (`SumReply` for `Add.method.sum`). */
export type ReplyOf<M extends UnaryMethod> = MessageShape<M['output']>;

/** RequestInitOf is what a client encoder may return: the request message or its fields. */
export type RequestInitOf<M extends UnaryMethod> = MessageInitShape<M['input']>;

/**
 * methodPath is a method's full name on the wire, `/<package>.<Service>/<Method>`
 * (`/pb.Add/Sum`): what Go kit's `Interceptor` puts in the context and its client calls.
 */
export function methodPath(method: DescMethod): string {
  return `/${method.parent.typeName}/${method.name}`;
}

/** asBuffer views bytes as a Buffer without copying (grpc-js frames Buffers). */
export function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);
}

/** serializer returns a grpc-js serializer of a message type: init shape or message to bytes. */
export function serializer<Desc extends DescMessage>(
  schema: Desc,
): (value: MessageInitShape<Desc>) => Buffer {
  return (value) => asBuffer(toBinary(schema, create(schema, value)));
}

/** deserializer returns a grpc-js deserializer of a message type. */
export function deserializer<Desc extends DescMessage>(
  schema: Desc,
): (bytes: Buffer) => MessageShape<Desc> {
  return (bytes) => fromBinary(schema, bytes);
}

const identity = (bytes: Buffer): Buffer => bytes;

/**
 * rawMethodDefinition is a grpc-js method definition that moves bytes only: svckit's servers
 * and clients decode and encode inside their own flow, so that a malformed message is an
 * error their hooks see (and `invalid_argument`), not one grpc-js answers on its own.
 */
export function rawMethodDefinition(method: DescMethod): MethodDefinition<Buffer, Buffer> {
  return {
    path: methodPath(method),
    requestStream:
      method.methodKind === 'client_streaming' || method.methodKind === 'bidi_streaming',
    responseStream:
      method.methodKind === 'server_streaming' || method.methodKind === 'bidi_streaming',
    requestSerialize: identity,
    requestDeserialize: identity,
    responseSerialize: identity,
    responseDeserialize: identity,
    originalName: method.localName,
  };
}

/**
 * serviceDefinition is the grpc-js `ServiceDefinition` of a generated service, with
 * `@bufbuild/protobuf` serializers: what `grpc.Server.addService` and
 * `grpc.makeGenericClientConstructor` take, for handlers written against grpc-js directly
 * (streaming methods, or code that does not go through svckit's kernel). Handlers are keyed by
 * the method's name as in the `.proto` (`Sum`).
 *
 * @example
 * server.addService(serviceDefinition(Health), { Check: ..., Watch: ... });
 */
export function serviceDefinition(service: DescService): ServiceDefinition {
  const definition: Record<string, MethodDefinition<unknown, unknown>> = {};
  for (const method of service.methods) {
    definition[method.name] = {
      ...rawMethodDefinition(method),
      requestSerialize: serializer(method.input),
      requestDeserialize: deserializer(method.input),
      responseSerialize: serializer(method.output),
      responseDeserialize: deserializer(method.output),
    } as MethodDefinition<unknown, unknown>;
  }
  return definition;
}

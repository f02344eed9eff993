import type { DescMessage, DescService, MessageInitShape, MessageShape } from '@bufbuild/protobuf';
import type {
  MethodDefinition,
  Server as GrpcServer,
  UntypedHandleCall,
  handleBidiStreamingCall,
  handleClientStreamingCall,
  handleServerStreamingCall,
  handleUnaryCall,
} from '@grpc/grpc-js';
import { deserializer, rawMethodDefinition, serializer } from './method.js';
import type { UnaryMethod } from './method.js';
import type { Server } from './server.js';
import { stateOf } from './state.js';

/**
 * MethodHandler is what may serve one method of a service: for a unary method an svckit
 * {@link Server} (the point of this package) or a grpc-js handler; for a streaming method a
 * grpc-js handler of its kind, with the method's generated message types.
 */
export type MethodHandler<M> = M extends {
  readonly methodKind: infer K;
  readonly input: infer I extends DescMessage;
  readonly output: infer O extends DescMessage;
}
  ? K extends 'unary'
    ? | Server<MessageShape<I>, MessageInitShape<O>>
      | handleUnaryCall<MessageShape<I>, MessageInitShape<O>>
    : K extends 'server_streaming'
      ? handleServerStreamingCall<MessageShape<I>, MessageInitShape<O>>
      : K extends 'client_streaming'
        ? handleClientStreamingCall<MessageShape<I>, MessageInitShape<O>>
        : handleBidiStreamingCall<MessageShape<I>, MessageInitShape<O>>
  : never;

/**
 * ServiceHandlers maps a generated service's methods, by their local name (`sum` for
 * `Add.method.sum`), to what serves them. A method left out answers UNIMPLEMENTED.
 */
export type ServiceHandlers<S extends DescService> = {
  readonly [K in keyof S['method']]?: MethodHandler<S['method'][K]>;
};

/**
 * bindService adds a generated service to a `grpc.Server`, each method served by an svckit
 * {@link Server} (or, for streaming methods and anything written against grpc-js itself, a
 * grpc-js handler): the helper Go kit leaves to generated `pb.RegisterXServer` code. The
 * service is remembered for {@link addHealth} and {@link addReflection}.
 *
 * @example
 * const server = new grpc.Server();
 * bindService(server, Add, { sum: sumServer, concat: concatServer });
 */
export function bindService<S extends DescService>(
  server: GrpcServer,
  service: S,
  handlers: ServiceHandlers<S>,
): void {
  const definition: Record<string, MethodDefinition<unknown, unknown>> = {};
  const implementation: Record<string, UntypedHandleCall> = {};
  const given = handlers as Readonly<Record<string, unknown>>;
  for (const method of service.methods) {
    const handler = given[method.localName];
    if (isServer(handler)) {
      if (method.methodKind !== 'unary') {
        throw new TypeError(
          `bindService: ${method.parent.typeName}.${method.name} is ${method.methodKind}; an svckit Server serves unary methods only`,
        );
      }
      definition[method.name] = rawMethodDefinition(method) as MethodDefinition<unknown, unknown>;
      implementation[method.name] = handler.handler(method as UnaryMethod) as UntypedHandleCall;
      continue;
    }
    definition[method.name] = {
      ...rawMethodDefinition(method),
      requestSerialize: serializer(method.input),
      requestDeserialize: deserializer(method.input),
      responseSerialize: serializer(method.output),
      responseDeserialize: deserializer(method.output),
    } as MethodDefinition<unknown, unknown>;
    if (typeof handler === 'function') implementation[method.name] = handler as UntypedHandleCall;
  }
  server.addService(definition, implementation);
  stateOf(server).services.push(service);
}

function isServer(value: unknown): value is Server<unknown, unknown> {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { handler?: unknown }).handler === 'function'
  );
}

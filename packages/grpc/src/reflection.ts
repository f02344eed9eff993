import { toBinary } from '@bufbuild/protobuf';
import type { DescFile, DescService } from '@bufbuild/protobuf';
import { FileDescriptorProtoSchema } from '@bufbuild/protobuf/wkt';
import type { Server as GrpcServer } from '@grpc/grpc-js';
import { ReflectionService } from '@grpc/reflection';
import { stateOf } from './state.js';

/** ReflectionOptions configure {@link addReflection}. */
export interface ReflectionOptions {
  /**
   * services are the services to describe. Default: every service bound on this server with
   * `bindService` (the health service included, once added).
   */
  readonly services?: readonly DescService[];
}

/** files returns the files declaring services, and every file they import, each once. */
function filesOf(services: readonly DescService[]): DescFile[] {
  const seen = new Set<string>();
  const out: DescFile[] = [];
  const visit = (file: DescFile): void => {
    if (seen.has(file.name)) return;
    seen.add(file.name);
    for (const dep of file.dependencies) visit(dep);
    out.push(file);
  };
  for (const service of services) visit(service.file);
  return out;
}

/**
 * addReflection adds gRPC server reflection — `grpc.reflection.v1.ServerReflection` and
 * `grpc.reflection.v1alpha.ServerReflection` — to a `grpc.Server`, on `@grpc/reflection`, so
 * that generic tools (grpcurl, grpcui, Postman, Evans) list its services and call them
 * without the `.proto` files. The descriptors come from the generated code itself (each
 * `_pb.ts` embeds its file's descriptor), so nothing is loaded from disk. Call it after
 * binding the services (and {@link addHealth}).
 *
 * @example
 * bindService(server, Add, { sum, concat });
 * addHealth(server);
 * addReflection(server); // lists pb.Add and grpc.health.v1.Health
 */
export function addReflection(server: GrpcServer, options: ReflectionOptions = {}): void {
  const services = options.services ?? stateOf(server).services;
  // @grpc/reflection reads a proto-loader package definition: of each entry, only the
  // serialized FileDescriptorProtos. One entry carrying every file is all it needs.
  const fileDescriptorProtos = filesOf(services).map((file) =>
    Buffer.from(toBinary(FileDescriptorProtoSchema, file.proto)),
  );
  const pkg = { files: { fileDescriptorProtos } } as unknown as ConstructorParameters<
    typeof ReflectionService
  >[0];
  new ReflectionService(pkg, { services: services.map((s) => s.typeName) }).addToServer(server);
}

import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createFileRegistry, fromBinary, fromJson, toBinary, toJson } from '@bufbuild/protobuf';
import type { DescService } from '@bufbuild/protobuf';
import { FileDescriptorProtoSchema, FileDescriptorSetSchema } from '@bufbuild/protobuf/wkt';
import { Metadata, credentials, loadPackageDefinition } from '@grpc/grpc-js';
import type { ClientDuplexStream, ServiceClientConstructor } from '@grpc/grpc-js';
import { loadSync } from '@grpc/proto-loader';
import { addHealth, addReflection, bindService } from './index.js';
import { Add } from './gen/pb/addsvc_pb.js';
import { endpoints, servers } from './testdata/addsvc.js';
import { start } from './testdata/harness.js';
import type { Running } from './testdata/harness.js';

// Server reflection (v1 and v1alpha) as a generic tool uses it: list the services, fetch the
// descriptors of one, and call a method knowing nothing but what reflection said.

const require = createRequire(import.meta.url);
const protoDir = join(dirname(require.resolve('@grpc/reflection/package.json')), 'build', 'proto');

interface ReflectionResponse {
  listServicesResponse?: { service: { name: string }[] };
  fileDescriptorResponse?: { fileDescriptorProto: Buffer[] };
  errorResponse?: { errorCode: number; errorMessage: string };
}

/** ask sends one reflection request over a fresh ServerReflectionInfo stream. */
function ask(
  running: Running,
  version: 'v1' | 'v1alpha',
  request: object,
): Promise<ReflectionResponse> {
  const definition = loadSync(join(protoDir, `grpc/reflection/${version}/reflection.proto`), {
    keepCase: false,
    defaults: true,
    oneofs: true,
  });
  const pkg = loadPackageDefinition(definition) as unknown as {
    grpc: { reflection: Record<string, { ServerReflection: ServiceClientConstructor }> };
  };
  const Ctor = pkg.grpc.reflection[version]?.ServerReflection as ServiceClientConstructor;
  const client = new Ctor(running.address, credentials.createInsecure());
  return new Promise((resolve, reject) => {
    const stream = (
      client as unknown as {
        serverReflectionInfo(md: Metadata): ClientDuplexStream<object, ReflectionResponse>;
      }
    ).serverReflectionInfo(new Metadata());
    stream.on('data', (r: ReflectionResponse) => {
      resolve(r);
      stream.end();
      client.close();
    });
    stream.on('error', reject);
    stream.write(request);
  });
}

describe('reflection (grpc.reflection v1 and v1alpha)', () => {
  let running: Running;
  before(async () => {
    running = await start((server) => {
      bindService(server, Add, servers(endpoints));
      addHealth(server);
      addReflection(server);
    });
  });
  after(() => running.stop());

  for (const version of ['v1', 'v1alpha'] as const) {
    it(`${version}: lists the services, and a client knowing only that calls pb.Add/Sum`, async () => {
      const listed = await ask(running, version, { listServices: '*' });
      const names = listed.listServicesResponse?.service.map((s) => s.name).sort();
      assert.deepEqual(names, ['grpc.health.v1.Health', 'pb.Add']);

      const found = await ask(running, version, { fileContainingSymbol: 'pb.Add' });
      const protos = (found.fileDescriptorResponse?.fileDescriptorProto ?? []).map((b) =>
        fromBinary(FileDescriptorProtoSchema, b),
      );
      assert.deepEqual(
        protos.map((p) => p.name),
        ['pb/addsvc.proto'],
      );
      // What grpcurl does next: build the types from the descriptors and call a method.
      const registry = createFileRegistry(
        fromJson(FileDescriptorSetSchema, {
          file: protos.map((p) => toJson(FileDescriptorProtoSchema, p)) as never,
        }),
      );
      const service = registry.getService('pb.Add') as DescService;
      const method = service.methods.find((m) => m.name === 'Sum');
      assert.ok(method !== undefined);
      const reply = await new Promise<Buffer>((resolve, reject) =>
        running.conn.makeUnaryRequest(
          `/${service.typeName}/${method.name}`,
          (b: Buffer) => b,
          (b: Buffer) => b,
          Buffer.from(toBinary(method.input, fromJson(method.input, { a: '40', b: '2' }))),
          new Metadata(),
          (err, value) => (err ? reject(err) : resolve(value as Buffer)),
        ),
      );
      assert.deepEqual(toJson(method.output, fromBinary(method.output, reply)), { v: '42' });

      const missing = await ask(running, version, { fileContainingSymbol: 'pb.Nope' });
      assert.equal(missing.errorResponse?.errorCode, 5);
    });
  }
});

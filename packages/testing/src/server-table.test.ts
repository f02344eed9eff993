import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fileEnvVar } from './find-file.js';
import { serverContext } from './server-run.js';
import type { ServerSpec } from './server-spec.js';
import { SERVERS, serverSpec, serviceNames } from './server-table.js';
import { declaredServices, workspacePackages } from './workspace.js';

const table = SERVERS as Readonly<Record<string, ServerSpec>>;

/** The ports of the services a developer's machine may run itself (and CI's does). */
const DEFAULT_PORTS = new Set([53, 2181, 2379, 2380, 4222, 4369, 5672, 6222, 6379, 8222, 25672]);

/** Everything an entry would run, as one string: arguments, config files, environment. */
function rendered(name: string, spec: ServerSpec): string {
  const ports = Object.fromEntries(
    Object.keys(spec.ports ?? {}).map((role, i) => [role, 50000 + i]),
  );
  const files = Object.fromEntries(Object.keys(spec.files).map((key) => [key, `/bin/${key}`]));
  const ctx = serverContext(name, '/run', ports, files);
  return JSON.stringify([
    spec.processes?.map((p) => [p.args(ctx), p.env?.(ctx)]),
    spec.config?.(ctx),
    spec.env?.(ctx),
  ]);
}

test('every server listens on 127.0.0.1 only, on ports of its own', () => {
  const seen = new Map<number, string>();
  for (const [name, spec] of Object.entries(table)) {
    if (spec.processes === undefined) continue;
    assert.ok(spec.ready !== undefined, `${name} has a readiness probe`);
    const text = rendered(name, spec);
    assert.match(text, /127\.0\.0\.1/, `${name} binds 127.0.0.1`);
    assert.doesNotMatch(text, /0\.0\.0\.0|localhost:/, `${name} binds no other address`);
    for (const port of Object.values(spec.ports ?? {})) {
      assert.ok(port > 40000 && !DEFAULT_PORTS.has(port), `${name}: ${port} is not a default port`);
      assert.equal(seen.get(port), undefined, `${name}: ${port} is also ${seen.get(port)}'s`);
      seen.set(port, name);
    }
  }
});

test('every server exports its serviceVar, every tool is its own binary', () => {
  for (const [name, spec] of Object.entries(table)) {
    assert.ok(spec.debian.length > 0, `${name} names its Debian packages`);
    if (spec.processes === undefined) {
      const [key, file] = Object.entries(spec.files)[0] ?? [];
      assert.ok(key !== undefined && file !== undefined, `${name} has a file`);
      assert.equal(spec.serviceVar, fileEnvVar(key, file), `${name}: the tool's variable`);
      continue;
    }
    const exported = Object.keys(JSON.parse(rendered(name, spec))[2] as object);
    assert.ok(exported.includes(spec.serviceVar), `${name} exports ${spec.serviceVar}`);
    for (const p of spec.processes)
      assert.ok(p.command in spec.files, `${name} runs a file of its own`);
  }
});

test('file keys and variables are unique across the table', () => {
  const vars = new Map<string, string>();
  for (const [name, spec] of Object.entries(table)) {
    for (const [key, file] of Object.entries(spec.files)) {
      const v = fileEnvVar(key, file);
      assert.equal(vars.get(v), undefined, `${name}.${key}: ${v} is also ${vars.get(v)}'s`);
      vars.set(v, `${name}.${key}`);
    }
    if (spec.processes === undefined) continue; // a tool's variable is its binary's
    assert.equal(vars.get(spec.serviceVar), undefined, `${name}: ${spec.serviceVar} is taken`);
    vars.set(spec.serviceVar, name);
  }
});

test('the workspaces declare only entries of the table, and every server is declared', () => {
  const packages = workspacePackages();
  for (const p of packages) {
    for (const name of p.svckit.services ?? []) {
      assert.ok(serverSpec(name) !== undefined, `${p.name} declares unknown service '${name}'`);
    }
  }
  const declared = declaredServices(packages);
  for (const name of serviceNames()) {
    if (table[name]?.processes === undefined) continue;
    assert.ok(declared.includes(name), `no workspace's tests need server '${name}'`);
  }
});

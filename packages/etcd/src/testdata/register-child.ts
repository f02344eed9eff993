// The other process of the registrar suite's kill test: registers argv[4] under argv[3] in
// the etcd at argv[2] with a TTL of argv[5] ms, heartbeats, and runs until killed.
import { announceRegistered } from '@svckit/core/sd/conformance';
import { createEtcdClient, etcdRegistrar } from '../index.js';

const [url, prefix, instance, ttl] = process.argv.slice(2) as [string, string, string, string];
const ttlMs = Number(ttl);
const client = createEtcdClient({ hosts: url });
await etcdRegistrar(client, {
  key: `${prefix}${instance}`,
  value: instance,
  ttlMs,
  heartbeatMs: Math.floor(ttlMs / 3),
}).register();
announceRegistered();
setInterval(() => {}, 1 << 30);

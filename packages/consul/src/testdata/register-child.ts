// The other process of the registrar suite's kill test: registers argv[4] as service argv[3]
// with the agent at argv[2] and a TTL check of argv[5] ms, heartbeats, and runs until killed.
import { announceRegistered } from '@svckit/core/sd/conformance';
import { consulRegistrar, createConsulClient } from '../index.js';

const [address, name, instance, ttl] = process.argv.slice(2) as [string, string, string, string];
const at = instance.lastIndexOf(':');
await consulRegistrar(createConsulClient({ address }), {
  id: `${name}-${instance}`,
  name,
  address: instance.slice(0, at),
  port: Number(instance.slice(at + 1)),
  check: { ttlMs: Number(ttl) },
}).register();
announceRegistered();
setInterval(() => {}, 1 << 30);

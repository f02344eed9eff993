// The other process of the registrar suite's kill test: registers argv[4] under argv[3] in
// the ZooKeeper at argv[2] with a session timeout of argv[5] ms, and runs until killed.
import { announceRegistered } from '@svckit/core/sd/conformance';
import { createZooKeeperClient, zooKeeperRegistrar } from '../index.js';

const [servers, path, instance, ttl] = process.argv.slice(2) as [string, string, string, string];
const client = createZooKeeperClient(servers, { sessionTimeoutMs: Number(ttl) });
await zooKeeperRegistrar(client, { path, data: instance }).register();
announceRegistered();
setInterval(() => {}, 1 << 30);

import { createEndpointer } from '@svckit/core/sd';
import { roundRobin } from '@svckit/core/sd/lb';
import { background } from '@svckit/core/context';
import { createZooKeeperClient, zooKeeperInstancer, zooKeeperRegistrar } from '@svckit/zookeeper';

const client = createZooKeeperClient(process.env['ZK_ADDR'] ?? '127.0.0.1:2181');
const path = process.env['ZK_PATH'] ?? '/services/users';

// A server announces itself: an ephemeral sequential node, gone with its session.
const registrar = zooKeeperRegistrar(client, { path, data: '127.0.0.1:8080' });
await registrar.register();

// A client watches the path's children and balances over what it finds.
const instancer = zooKeeperInstancer(client, path);
await instancer.ready;
const endpointer = createEndpointer(
  instancer,
  (instance) => ({ endpoint: async () => `called ${instance}` }),
  { invalidateOnErrorMs: 30_000 },
);
console.log(await roundRobin(endpointer).endpoint()(background(), {}));

endpointer.close();
instancer.stop();
await registrar.deregister();
client.close();

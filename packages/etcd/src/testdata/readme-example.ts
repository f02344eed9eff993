import { createEndpointer } from '@svckit/core/sd';
import { roundRobin } from '@svckit/core/sd/lb';
import { background } from '@svckit/core/context';
import { createEtcdClient, etcdInstancer, etcdRegistrar } from '@svckit/etcd';

const client = createEtcdClient({ hosts: process.env['ETCD_URL'] ?? 'http://127.0.0.1:2379' });
const prefix = process.env['PREFIX'] ?? '/services/users/';

// A server announces itself: a lease of 10 s, kept alive every 3 s (Go kit's defaults).
const registrar = etcdRegistrar(client, {
  key: `${prefix}127.0.0.1:8080`,
  value: '127.0.0.1:8080',
});
await registrar.register();

// A client watches the prefix and balances over what it finds.
const instancer = etcdInstancer(client, prefix);
await instancer.ready;
const endpointer = createEndpointer(
  instancer,
  (instance) => ({
    endpoint: async () => `called ${instance}`,
  }),
  { invalidateOnErrorMs: 30_000 },
);
console.log(await roundRobin(endpointer).endpoint()(background(), {}));

endpointer.close();
instancer.stop();
await registrar.deregister();
client.close();

import { createEndpointer } from '@svckit/core/sd';
import { roundRobin } from '@svckit/core/sd/lb';
import { background } from '@svckit/core/context';
import { consulInstancer, consulRegistrar, createConsulClient } from '@svckit/consul';

const consul = createConsulClient({
  address: process.env['CONSUL_ADDR'] ?? 'http://127.0.0.1:8500',
});

// A server registers with the local agent: a TTL check of 10 s, reported every 3.3 s.
const registrar = consulRegistrar(consul, {
  id: 'users-127.0.0.1-8080',
  name: 'users',
  address: '127.0.0.1',
  port: 8080,
  tags: ['v2'],
  check: { ttlMs: 10_000 },
});
await registrar.register();

// A client follows the passing instances tagged v2 with blocking queries.
const instancer = consulInstancer(consul, 'users', { tags: ['v2'], passingOnly: true });
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

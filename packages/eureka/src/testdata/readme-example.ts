import { createEndpointer } from '@svckit/core/sd';
import { roundRobin } from '@svckit/core/sd/lb';
import { background } from '@svckit/core/context';
import { createEurekaClient, eurekaInstancer, eurekaRegistrar } from '@svckit/eureka';

const eureka = createEurekaClient({
  url: process.env['EUREKA_URL'] ?? 'http://127.0.0.1:8761/eureka',
});

// A server registers, then heartbeats every 30 s (a lease of 90 s: Eureka's defaults).
const registrar = eurekaRegistrar(eureka, { app: 'users', ipAddr: '127.0.0.1', port: 8080 });
await registrar.register();

// A client polls the app's UP instances and balances over them.
const instancer = eurekaInstancer(eureka, 'users', { intervalMs: 30_000 });
await instancer.ready;
const endpointer = createEndpointer(
  instancer,
  (instance) => ({ endpoint: async () => `called ${instance}` }),
  { invalidateOnErrorMs: 120_000 },
);
console.log(await roundRobin(endpointer).endpoint()(background(), {}));

endpointer.close();
instancer.stop();
await registrar.deregister();

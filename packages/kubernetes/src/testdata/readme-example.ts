import { createEndpointer } from '@svckit/core/sd';
import { roundRobin } from '@svckit/core/sd/lb';
import { background } from '@svckit/core/context';
import { createKubernetesClient, inClusterConfig, kubernetesInstancer } from '@svckit/kubernetes';

// In a pod: the API server and the service account's token, CA and namespace.
const k8s = createKubernetesClient(
  process.env['K8S_SERVER'] !== undefined
    ? { server: process.env['K8S_SERVER'], namespace: 'shop' }
    : inClusterConfig(),
);

// The ready endpoints of Service "cart", on its port named "http".
const instancer = kubernetesInstancer(k8s, 'cart', { port: 'http' });
await instancer.ready;
const endpointer = createEndpointer(
  instancer,
  (instance) => ({ endpoint: async () => `called ${instance}` }),
  { invalidateOnErrorMs: 30_000 },
);
console.log(await roundRobin(endpointer).endpoint()(background(), {}));

endpointer.close();
instancer.stop();

import { balancerConformance } from './conformance/index.js';
import { leastPending, perCallRoundRobin, random, roundRobin } from './index.js';

balancerConformance('round robin', (endpointer) => roundRobin(endpointer));
balancerConformance('per-call round robin', (endpointer) => perCallRoundRobin(endpointer));
balancerConformance('random', (endpointer) => random(endpointer, 7), { distinctRetries: false });
balancerConformance('least pending', (endpointer) => leastPending(endpointer, 7), {
  distinctRetries: false,
});

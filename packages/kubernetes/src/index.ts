/**
 * @module @svckit/kubernetes
 *
 * Service discovery on Kubernetes (beyond Go kit): {@link kubernetesInstancer} publishes the
 * ready endpoints of a Service from its EndpointSlices, by list + watch with resourceVersion;
 * {@link inClusterConfig} reads a pod's service account and {@link createKubernetesClient}
 * talks to the API server with node:https, no dependency. Registration is the platform's job
 * (a pod's readiness), so there is no registrar.
 */
export type { KubernetesClient, KubernetesClientOptions } from './client.js';
export { KubernetesStatusError, createKubernetesClient, inClusterConfig } from './client.js';
export type { EndpointSlice } from './endpoints.js';
export { instancesOfSlices } from './endpoints.js';
export type { KubernetesInstancer, KubernetesInstancerOptions } from './instancer.js';
export { kubernetesInstancer } from './instancer.js';

/**
 * @module
 * The getting-started example as a library: its service, endpoints, server and client, which
 * the guide (docs/getting-started.md) walks through and its tests run.
 */
export type { StringService } from './service.js';
export { stringService } from './service.js';
export type { CountResponse, Endpoints, StringRequest, UppercaseResponse } from './endpoints.js';
export { logging, makeEndpoints } from './endpoints.js';
export { makeServer } from './server.js';
export { makeClient } from './client.js';
export { shout } from './call.js';

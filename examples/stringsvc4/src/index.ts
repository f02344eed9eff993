/**
 * @module
 * Go kit's stringsvc4 in svckit: the string service over NATS request/reply
 * (`stringsvc.uppercase`, `stringsvc.count`, queue group `stringsvc`) with `@svckit/nats`,
 * and an HTTP front end that forwards each request over NATS. The runnable program is the
 * subpath `@svckit/example-stringsvc4/main`.
 */
export type { NATSEndpoints, StringServers } from './nats.js';
export {
  countSubject,
  decodeStringMsg,
  encodeGoJSON,
  makeNATSEndpoints,
  makeNATSServers,
  queueGroup,
  uppercaseSubject,
} from './nats.js';
export { makeFrontEnd } from './frontend.js';
export { main } from './run.js';

/**
 * @module
 * Go kit's stringsvc1 in svckit, and the base the other stringsvc examples build on: the
 * string service (Go's `strings.ToUpper` and `len`), its endpoints, the Go kit wire (decoder,
 * encoder, routes, Go's 404), and the `main()` all three share. stringsvc2 adds logging and
 * instrumenting middlewares; stringsvc3 adds proxying. The runnable program is the subpath
 * `@svckit/example-stringsvc1/main` (importing it starts a server).
 */
export type { StringService } from './service.js';
export { EmptyStringError, stringService, utf8Length } from './service.js';
export { toUpperGo } from './go-text.js';
export { GoJSONError, decodeGoStringRequest } from './go-json.js';
export type {
  CountRequest,
  CountResponse,
  Endpoints,
  UppercaseRequest,
  UppercaseResponse,
} from './endpoints.js';
export {
  makeCountEndpoint,
  makeEndpoints,
  makeUppercaseEndpoint,
  uppercaseResponse,
} from './endpoints.js';
export type { Routes } from './serve-mux.js';
export { serveMux } from './serve-mux.js';
export {
  DecodeError,
  decodeStringRequest,
  goCodec,
  jsonKind,
  makeHandler,
  stringRoutes,
} from './transport.js';
export type { Flags, MainOptions } from './run-main.js';
export { runMain } from './run-main.js';
export type { RegistrationFlags } from './register.js';
export { parseTTL, registerFromFlags, registrationFlags } from './register.js';

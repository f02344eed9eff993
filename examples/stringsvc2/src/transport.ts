/**
 * The HTTP transport of stringsvc2 (Go kit's `stringsvc2/transport.go` and the routes of its
 * `main.go`): stringsvc1's `/uppercase` and `/count` (its decoder, Go's encoding, Go's 404),
 * plus `/metrics` on the same listener.
 */
import type { Server, ServerOptions } from '@svckit/core/transport/http';
import { serveMux, stringRoutes } from '@svckit/example-stringsvc1';
import type { Endpoints } from '@svckit/example-stringsvc1';
import { metricsHandler } from '@svckit/prometheus';
import type { AnyRegistry } from '@svckit/prometheus';

/**
 * makeHandler serves the endpoints as Go kit's stringsvc2 does: stringsvc1's `/uppercase` and
 * `/count` for any method (an undecodable body is a 500 with the error text), `/metrics` with
 * registry's exposition (as `promhttp.Handler()`), and `404 page not found\n` for every other
 * path, as Go's ServeMux.
 */
export function makeHandler(
  endpoints: Endpoints,
  registry: AnyRegistry,
  options: ServerOptions = {},
): Server {
  return serveMux({ ...stringRoutes(endpoints, options), '/metrics': metricsHandler(registry) });
}

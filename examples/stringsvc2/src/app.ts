/**
 * makeApp wires stringsvc2 as Go kit's `main.go` does: service, logging middleware, endpoints,
 * instrumenting, and the HTTP handler with `/metrics`. stringsvc3 wires its proxying service
 * through it too.
 */
import { chain } from '@svckit/core/endpoint';
import type { Logger } from '@svckit/core/log';
import type { Server } from '@svckit/core/transport/http';
import {
  makeCountEndpoint,
  makeUppercaseEndpoint,
  stringService,
} from '@svckit/example-stringsvc1';
import type { StringService } from '@svckit/example-stringsvc1';
import type { AnyRegistry } from '@svckit/prometheus';
import { makeMetrics } from './instrumenting.js';
import { loggingMiddleware } from './logging.js';
import { makeHandler } from './transport.js';

/** App is stringsvc2's HTTP handler and the registry its `/metrics` serves. */
export interface App {
  readonly handler: Server;
  readonly registry: AnyRegistry;
}

/** makeApp builds stringsvc2 over svc (default stringsvc1's service), logging to logger. */
export function makeApp(logger: Logger, svc: StringService = stringService): App {
  const metrics = makeMetrics();
  const logged = loggingMiddleware(logger)(svc);
  const handler = makeHandler(
    {
      uppercase: chain(metrics.uppercase)(makeUppercaseEndpoint(logged)),
      count: chain(metrics.count)(makeCountEndpoint(logged)),
    },
    metrics.registry,
  );
  return { handler, registry: metrics.registry };
}

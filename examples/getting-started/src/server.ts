/**
 * @module
 * The HTTP server (docs/getting-started.md, step 3): each endpoint behind logging and
 * Prometheus instrumenting, served as JSON on a router with `/metrics` beside it.
 */
// #region server
import type { Endpoint } from '@svckit/core/endpoint';
import { chain } from '@svckit/core/endpoint';
import type { Logger } from '@svckit/core/log';
import { instrumenting } from '@svckit/core/metrics/instrumenting';
import {
  createRouter,
  createServer,
  decodeJSONRequest,
  encodeJSONResponse,
} from '@svckit/core/transport/http';
import type { Server } from '@svckit/core/transport/http';
import { ServiceError } from '@svckit/core/errors';
import { metricsHandler, newCounterFrom, newHistogramFrom } from '@svckit/prometheus';
import type { AnyRegistry } from '@svckit/prometheus';
import { logging, makeEndpoints } from './endpoints.js';
import type { StringRequest } from './endpoints.js';
import type { StringService } from './service.js';

/** decodeString reads `{"s": "..."}`; anything else is a 400 with this message. */
const decodeString = decodeJSONRequest((body): StringRequest => {
  const s = (body as { s?: unknown } | null)?.s;
  if (typeof s !== 'string') throw new ServiceError('invalid_argument', 's must be a string');
  return { s };
});

/** makeServer serves POST /uppercase, POST /count and GET /metrics. */
export function makeServer(svc: StringService, logger: Logger, registry: AnyRegistry): Server {
  const labelNames = ['method', 'error', 'outcome'];
  const requests = newCounterFrom({
    name: 'requests_total',
    help: 'Requests.',
    labelNames,
    registry,
  });
  const latency = newHistogramFrom({
    name: 'request_duration_seconds',
    help: 'Request latency.',
    labelNames,
    registry,
  });
  const observed = <Req, Res>(method: string, endpoint: Endpoint<Req, Res>) =>
    chain(
      logging<Req, Res>(logger, method),
      instrumenting({ requests, latency, method }),
    )(endpoint);

  const endpoints = makeEndpoints(svc);
  return createRouter()
    .post(
      '/uppercase',
      createServer(observed('uppercase', endpoints.uppercase), decodeString, encodeJSONResponse),
    )
    .post(
      '/count',
      createServer(observed('count', endpoints.count), decodeString, encodeJSONResponse),
    )
    .get('/metrics', metricsHandler(registry));
}
// #endregion server

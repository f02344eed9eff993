// A project outside the workspace, as a user writes it: @svckit/core, @svckit/prometheus and
// @svckit/pino from their packed tarballs, compiled with strict and no DOM lib, then run.
// (pack.test.ts copies this file into a temporary directory; it is not part of the build.)
import { pino } from 'pino';
import { circuitBreaker } from '@svckit/core/circuitbreaker';
import { background, withTimeout } from '@svckit/core/context';
import type { Endpoint } from '@svckit/core/endpoint';
import { chain } from '@svckit/core/endpoint';
import { ServiceError } from '@svckit/core/errors';
import * as level from '@svckit/core/log/level';
import { instrumenting } from '@svckit/core/metrics/instrumenting';
import {
  createClient,
  createFetchClient,
  createRouter,
  createServer,
  decodeJSONRequest,
  decodeJSONResponse,
  encodeJSONRequest,
  encodeJSONResponse,
  listen,
  ResponseStatusError,
} from '@svckit/core/transport/http';
import { fromPino } from '@svckit/pino';
import { metricsHandler, newCounterFrom, newHistogramFrom, Registry } from '@svckit/prometheus';
import type { AddressInfo } from 'node:net';

const logs: string[] = [];
const logger = fromPino(
  pino({ base: null, timestamp: false }, { write: (l: string) => void logs.push(l.trim()) }),
);
const registry = new Registry();
const labelNames = ['method', 'error', 'outcome'];
const requests = newCounterFrom({
  name: 'requests_total',
  help: 'Requests.',
  labelNames,
  registry,
});
const latency = newHistogramFrom({
  name: 'latency_seconds',
  help: 'Latency.',
  labelNames,
  registry,
});

const sum: Endpoint<{ a: number; b: number }, { v: number }> = async (_ctx, { a, b }) => {
  if (a === 0 && b === 0) throw new ServiceError('invalid_argument', "can't sum two zeroes");
  level.info(logger).log('msg', 'sum', 'a', a, 'b', b);
  return { v: a + b };
};
const router = createRouter()
  .post(
    '/sum',
    createServer(
      chain(instrumenting({ requests, latency, method: 'sum' }))(sum),
      decodeJSONRequest((body) => body as { a: number; b: number }),
      encodeJSONResponse,
    ),
  )
  .get('/metrics', metricsHandler(registry));
const server = await listen(router.node);
const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

const client = chain(circuitBreaker())(
  createClient<{ a: number; b: number }, { v: number }>(
    'POST',
    `${base}/sum`,
    encodeJSONRequest,
    decodeJSONResponse,
  ),
);
const [ctx, cancel] = withTimeout(background(), 2000);
try {
  const { v } = await client(ctx, { a: 1, b: 2 });
  const viaFetch = createFetchClient<{ a: number; b: number }, { v: number }>(
    'POST',
    `${base}/sum`,
    encodeJSONRequest,
    decodeJSONResponse,
  );
  const fetched = (await viaFetch(ctx, { a: 2, b: 3 })).v;
  const err = await client(ctx, { a: 0, b: 0 }).catch((e: unknown) => e);
  const status = err instanceof ResponseStatusError ? `${err.status} ${err.message}` : String(err);
  const metrics = await (await fetch(`${base}/metrics`)).text();
  const counted = /requests_total\{method="sum",error="false",outcome="success"\} (\d+)/.exec(
    metrics,
  );
  console.log(JSON.stringify({ v, fetched, status, counted: counted?.[1], logs }));
} finally {
  cancel();
  server.close();
}

import type { Logger } from '@svckit/core/log';
import { createEndpointer } from '@svckit/core/sd';
import type { ClosableEndpointer, Factory, Instancer } from '@svckit/core/sd';
import { perCallRoundRobin, retry } from '@svckit/core/sd/lb';
import type { Endpoint } from '@svckit/core/endpoint';
import { createRouter } from '@svckit/core/transport/http';
import type { Router } from '@svckit/core/transport/http';
import { dial } from '@svckit/grpc';
import { newGRPCClient, newHTTPHandler } from '@svckit/example-addsvc';
import type { Set } from '@svckit/example-addsvc';
import { stringRoutes } from '@svckit/example-stringsvc1';
import type { Endpoints } from '@svckit/example-stringsvc1';
import { stringsvcClient } from './stringsvc-client.js';

/** GatewayOptions configures {@link createGateway}. */
export interface GatewayOptions {
  /** addsvc finds addsvc's gRPC instances (`host:port`). */
  addsvc: Instancer;
  /** stringsvc finds stringsvc's HTTP instances. */
  stringsvc: Instancer;
  /** logger receives discovery and factory errors, and addsvc's transport errors. */
  logger: Logger;
  /** retryMax is the most attempts of one call (Go kit's `-retry.max`). Default 3. */
  retryMax?: number;
  /** retryTimeoutMs bounds one call, all attempts (Go kit's `-retry.timeout`). Default 500. */
  retryTimeoutMs?: number;
  /** invalidateOnErrorMs drops a service's endpoints that long after discovery fails. Default 30 000. */
  invalidateOnErrorMs?: number;
}

/** Gateway is the gateway's HTTP handler and what it holds. */
export interface Gateway {
  /** router serves `/addsvc/sum`, `/addsvc/concat`, `/stringsvc/uppercase`, `/stringsvc/count`. */
  readonly router: Router;
  /** close closes every endpoint's connection (the instancers are the caller's). */
  close(): void;
}

/**
 * createGateway is Go kit's apigateway: per method of addsvc and stringsvc, an Endpointer over
 * the service's instancer (a factory making a client of each instance: gRPC for addsvc, HTTP
 * for stringsvc), a round robin and a retry; the results served with each service's own HTTP
 * transport under `/addsvc` and `/stringsvc`. One change from Go kit: the retries of one call go
 * to the instances after the one that failed (`perCallRoundRobin`), so a dead instance costs
 * one attempt, not up to all of them.
 */
export function createGateway(options: GatewayOptions): Gateway {
  const { logger } = options;
  const max = options.retryMax ?? 3;
  const timeoutMs = options.retryTimeoutMs ?? 500;
  const invalidateOnErrorMs = options.invalidateOnErrorMs ?? 30_000;
  const endpointers: ClosableEndpointer<never, never>[] = [];

  const balanced = <Req, Res>(
    instancer: Instancer,
    factory: Factory<Req, Res>,
  ): Endpoint<Req, Res> => {
    const endpointer = createEndpointer(instancer, factory, { logger, invalidateOnErrorMs });
    endpointers.push(endpointer as unknown as ClosableEndpointer<never, never>);
    return retry(max, timeoutMs, perCallRoundRobin(endpointer));
  };

  // addsvc over gRPC, one connection per instance and method (as Go kit's factory).
  const grpcFactory =
    <K extends keyof Set>(method: K): Factory<Parameters<Set[K]>[1], Awaited<ReturnType<Set[K]>>> =>
    (instance) => {
      const conn = dial(instance);
      return {
        endpoint: newGRPCClient(conn)[method] as unknown as Endpoint<
          Parameters<Set[K]>[1],
          Awaited<ReturnType<Set[K]>>
        >,
        close: () => conn.close(),
      };
    };
  const addsvc: Set = {
    sum: balanced(options.addsvc, grpcFactory('sum')),
    concat: balanced(options.addsvc, grpcFactory('concat')),
  };

  // stringsvc over HTTP.
  const stringsvc: Endpoints = {
    uppercase: balanced(options.stringsvc, (instance) => ({
      endpoint: stringsvcClient(instance).uppercase,
    })),
    count: balanced(options.stringsvc, (instance) => ({
      endpoint: stringsvcClient(instance).count,
    })),
  };

  // A mounted router sees the rest of the path (/uppercase); stringsvc's routes go in one.
  const strings = createRouter();
  for (const [path, server] of Object.entries(stringRoutes(stringsvc))) strings.all(path, server);
  const router = createRouter()
    .mount('/addsvc', newHTTPHandler(addsvc, logger))
    .mount('/stringsvc', strings);

  return {
    router,
    close() {
      for (const e of endpointers) e.close();
    },
  };
}

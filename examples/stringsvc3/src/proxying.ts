/**
 * The proxying middleware (Go kit's `stringsvc3/proxying.go`): with `--proxy host:port,...`,
 * the service's `uppercase` is replaced by a call to those instances, while `count` is still
 * served locally. Per instance: an HTTP client endpoint (`GET http://<instance>/uppercase`),
 * behind a circuit breaker (gobreaker's defaults), behind an erroring rate limiter (burst 100,
 * then 1 per second). The instances are combined by a fixed endpointer, round robin, and a
 * retry of 3 attempts within 250 ms. One change from Go kit: the retries of a call go to the
 * instances after the one that failed (`perCallRoundRobin` of `@svckit/core/sd/lb`), not wherever a shared counter points.
 */
import { Agent } from 'node:http';
import { circuitBreaker, createBreaker } from '@svckit/core/circuitbreaker';
import type { Breaker, BreakerOptions } from '@svckit/core/circuitbreaker';
import { chain } from '@svckit/core/endpoint';
import type { Endpoint } from '@svckit/core/endpoint';
import type { Logger } from '@svckit/core/log';
import { erroringLimiter, tokenBucket } from '@svckit/core/ratelimit';
import { fixedEndpointer } from '@svckit/core/sd';
import { perCallRoundRobin, retry, roundRobin } from '@svckit/core/sd/lb';
import { createClient } from '@svckit/core/transport/http';
import type {
  StringService,
  UppercaseRequest,
  UppercaseResponse,
} from '@svckit/example-stringsvc1';
import type { ServiceMiddleware } from '@svckit/example-stringsvc2';
import { decodeUppercaseResponse, encodeRequest } from './transport.js';

/** ProxyingOptions tune {@link proxyingMiddleware}; every default is Go kit's stringsvc3's. */
export interface ProxyingOptions {
  /** logger receives `proxy_to` at setup. Default: none. */
  readonly logger?: Logger;
  /** maxAttempts per request, before giving up. Default 3. */
  readonly maxAttempts?: number;
  /** maxTimeMs is the wall-clock budget of one request, all attempts included. Default 250. */
  readonly maxTimeMs?: number;
  /** limitBurst is each instance's rate-limiter burst (Go kit's `qps`). Default 100. */
  readonly limitBurst?: number;
  /** limitRate is each instance's sustained rate, per second, after the burst. Default 1. */
  readonly limitRate?: number;
  /**
   * breaker configures each instance's circuit breaker (its `name` is set to the instance).
   * Default: gobreaker's defaults, as Go kit's `gobreaker.Settings{}` (open after more than 5
   * consecutive failures, for 60 s, then one probe), counting every error as gobreaker does.
   */
  readonly breaker?: Omit<BreakerOptions, 'name'>;
  /**
   * agent is the connection pool of the proxy's HTTP clients; destroy it at shutdown.
   * Default: a keep-alive agent of the middleware's own (its idle sockets do not hold the
   * process open).
   */
  readonly agent?: Agent;
  /**
   * rotateRetries sends the retries of a call to the next instances ({@link perCallRoundRobin}),
   * so its attempts reach distinct instances. Default true; false is Go kit's exact wiring, a
   * plain shared round robin, where one call can retry on the same dead instance.
   */
  readonly rotateRetries?: boolean;
  /** onBreaker is called with each instance's breaker once built, to watch or export its state. */
  readonly onBreaker?: (instance: string, breaker: Breaker) => void;
}

/** everyError is Go kit's classification: every error counts and is retried. */
const everyError = (): boolean => true;

/** ProxiedError carries the `err` text another instance answered with (a business error). */
export class ProxiedError extends Error {
  override readonly name = 'ProxiedError';
}

/**
 * splitInstances parses the `--proxy` value: comma-separated, each entry trimmed (Go kit's
 * `split`), empty entries dropped.
 */
export function splitInstances(instances: string): string[] {
  return instances
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

/**
 * instanceURL is the URL the proxy calls for an instance, as Go kit's `makeUppercaseProxy`
 * builds it: `http://` is prefixed unless the instance starts with `http`, and the path
 * `/uppercase` is filled in only when the instance has none. An unusable instance throws a
 * TypeError naming it.
 */
export function instanceURL(instance: string): URL {
  const raw = instance.startsWith('http') ? instance : `http://${instance}`;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new TypeError(`proxy: invalid instance ${JSON.stringify(instance)}`);
  }
  // A WHATWG URL always has a path (at least `/`): look at the text for Go's empty path.
  const afterScheme = raw.slice(raw.indexOf('//') + 2);
  if (!/^[^/?#]*\//.test(afterScheme)) url.pathname = '/uppercase';
  return url;
}

/**
 * makeUppercaseProxy returns the client endpoint calling `uppercase` on one instance: `GET`
 * with the `{"s":"..."}\n` body and no Content-Type; the answer's status is ignored and its
 * `{"v","err"}` decoded (Go kit's `makeUppercaseProxy`).
 */
export function makeUppercaseProxy(
  instance: string,
  agent?: Agent,
): Endpoint<UppercaseRequest, UppercaseResponse> {
  return createClient('GET', instanceURL(instance), encodeRequest, decodeUppercaseResponse, {
    agent,
  });
}

/**
 * proxyingMiddleware returns the middleware that serves `uppercase` through the instances in
 * `instances` (comma-separated `host:port` or URLs), or the identity middleware when there are
 * none. Business errors of the instances (`{"err":"empty string"}`) reject with a
 * {@link ProxiedError} carrying their text; the proxy's own failures (every attempt failed, or
 * the time budget ran out) reject with the retry's error. Go kit's `proxyingMiddleware`.
 *
 * @example
 * svc = proxyingMiddleware('127.0.0.1:8081,127.0.0.1:8082', { logger })(svc);
 */
export function proxyingMiddleware(
  instances: string,
  options: ProxyingOptions = {},
): ServiceMiddleware {
  const logger = options.logger;
  const list = splitInstances(instances);
  if (list.length === 0) {
    logger?.log('proxy_to', 'none');
    return (next) => next;
  }
  const maxAttempts = options.maxAttempts ?? 3;
  const maxTimeMs = options.maxTimeMs ?? 250;
  const burst = options.limitBurst ?? 100;
  const rate = options.limitRate ?? 1;
  const agent = options.agent ?? new Agent({ keepAlive: true });
  logger?.log('proxy_to', `[${list.join(' ')}]`);

  const endpoints = list.map((instance) => {
    // Go kit's gobreaker counts every error of the instance as a failure (svckit's default
    // counts only the callee's failures); options.breaker may say otherwise.
    const breaker = createBreaker({ isFailure: everyError, ...options.breaker, name: instance });
    options.onBreaker?.(instance, breaker);
    return chain(
      erroringLimiter(tokenBucket({ rate, burst })),
      circuitBreaker(breaker),
    )(makeUppercaseProxy(instance, agent));
  });
  const endpointer = fixedEndpointer(endpoints);
  const balancer =
    options.rotateRetries === false ? roundRobin(endpointer) : perCallRoundRobin(endpointer);
  // Go kit's lb.Retry retries every error, a rate-limited instance's included: the next
  // attempt goes to another instance (svckit's default would stop on resource_exhausted).
  const uppercase = retry(maxAttempts, maxTimeMs, balancer, { retryable: everyError });

  return (next: StringService): StringService => ({
    count: (ctx, s) => next.count(ctx, s),
    async uppercase(ctx, s) {
      const response = await uppercase(ctx, { s });
      if (response.err !== undefined && response.err !== '') throw new ProxiedError(response.err);
      return response.v;
    },
  });
}

/**
 * The addsvc command (Go kit's `addsvc/cmd/addsvc/addsvc.go`): Go kit's flags, the logger, the
 * metrics, the service with its middlewares, the endpoints, and every transport whose address
 * is set, all under one {@link RunGroup} with the debug listener and, with `-etcd-url` or
 * `-consul-addr`, the registration of the instance.
 */
import { defaultCaller, defaultTimestampUTC, logfmtLogger, withContext } from '@svckit/core/log';
import type { Logger } from '@svckit/core/log';
import { Registry, newCounterFrom, newSummaryFrom } from '@svckit/prometheus';
import type { AnyRegistry } from '@svckit/prometheus';
import { instrumentingMiddleware, loggingMiddleware } from './addservice/middleware.js';
import { newBasicService } from './addservice/service.js';
import { newSet } from './addendpoint/set.js';
import { authenticatedSet, keySource } from './auth.js';
import type { Breakers, Set } from './addendpoint/set.js';
import { newDebugHandler } from './debug.js';
import type { Readiness } from './debug.js';
import { FlagError, parseDuration, parseFlags, usage } from './flags.js';
import { banner } from './banner.js';
import type { FlagValues } from './flags.js';
import { parseAddress, startHTTP } from './listeners.js';
import { register } from './registration.js';
import { createRunGroup } from './run-group.js';
import type { Exit, RunGroup } from './run-group.js';
import { transports } from './transports.js';

/** addsvcFlags are addsvc's flags: Go kit's, and svckit's own. */
export const addsvcFlags = {
  'debug.addr': {
    type: 'string',
    default: '127.0.0.1:8080',
    usage: 'Debug and metrics listen address: /metrics, /healthz, /readyz (empty: off)',
    aliases: ['debug-addr'],
  },
  'http-addr': {
    type: 'string',
    default: '127.0.0.1:8081',
    usage: 'HTTP listen address (empty: off)',
  },
  'grpc-addr': {
    type: 'string',
    default: '127.0.0.1:8082',
    usage: 'gRPC listen address (empty: off)',
  },
  'jsonrpc-addr': {
    type: 'string',
    default: '127.0.0.1:8084',
    usage: 'JSON RPC listen address (empty: off)',
  },
  'nats-url': { type: 'string', default: '', usage: 'NATS server URL to serve on (empty: off)' },
  'amqp-url': { type: 'string', default: '', usage: 'AMQP broker URL to serve on (empty: off)' },
  'msg-prefix': { type: 'string', default: 'addsvc', usage: 'NATS subject and AMQP queue prefix' },
  'etcd-url': {
    type: 'string',
    default: '',
    usage: 'etcd URL to register in, e.g. http://127.0.0.1:2379 (empty: off)',
  },
  'etcd-prefix': {
    type: 'string',
    default: '/services/',
    usage: 'etcd key prefix: the key is <prefix>addsvc/<host:port>',
  },
  'consul-addr': {
    type: 'string',
    default: '',
    usage: 'Consul agent to register with, e.g. 127.0.0.1:8500 (empty: off)',
  },
  'advertise-addr': {
    type: 'string',
    default: '',
    usage: 'host:port to register (empty: the gRPC address, else the HTTP one)',
  },
  'registry-ttl': {
    type: 'string',
    default: '10s',
    usage: 'TTL of the etcd lease and the Consul check, a Go duration',
  },
  'jwt-secret': {
    type: 'string',
    default: '',
    usage: 'HS256 shared secret: calls without a token it signed are refused (empty: off)',
  },
  'jwt-jwks-url': {
    type: 'string',
    default: '',
    usage: 'JWKS URL: calls without a token one of its keys signed are refused (empty: off)',
  },
  ratelimit: {
    type: 'boolean',
    default: true,
    usage: "the example's rate limiters: Sum 1/s (burst 1), Concat 1/s (burst 100)",
  },
  'shutdown-timeout': {
    type: 'string',
    default: '10s',
    usage: 'how long stopping may take (in-flight requests drain), a Go duration',
  },
  banner: {
    type: 'boolean',
    default: false,
    usage: 'print the addresses, a curl line and the limits on stdout once listening',
  },
} as const;

/** AddsvcFlags are the parsed flags of addsvc. */
export type AddsvcFlags = FlagValues<typeof addsvcFlags>;

/** AddsvcOptions tune {@link newAddsvc} (tests run it in-process). */
export interface AddsvcOptions {
  /** logger; default logfmt on stderr with `ts` (UTC) and `caller`, as Go kit's. */
  readonly logger?: Logger;
  /** signals stop it; default SIGINT and SIGTERM, `[]` for none. */
  readonly signals?: readonly NodeJS.Signals[];
  /** stdout receives the banner; default process.stdout. */
  readonly stdout?: { write(text: string): unknown };
}

/** Addsvc is the wired service, ready to run. */
export interface Addsvc {
  /** endpoints are the service's endpoints with the server middlewares. */
  readonly endpoints: Set;
  /** breakers are the endpoints' circuit breakers. */
  readonly breakers: Breakers;
  /** registry holds the Prometheus metrics `/metrics` serves. */
  readonly registry: AnyRegistry;
  /** addresses are the bound addresses by transport name (`HTTP`, `gRPC`, `debug/HTTP`). */
  readonly addresses: ReadonlyMap<string, string>;
  /** readiness is what `/readyz` says now. */
  readiness(): Readiness;
  /** run starts every listener and resolves once all have stopped. */
  run(onStarted?: () => void): Promise<Exit>;
  /** stop stops it as SIGTERM would. */
  stop(reason?: string): void;
}

/** newLogger is Go kit's example logger: logfmt on stderr with `ts` and `caller`. */
export function newLogger(): Logger {
  return withContext(
    logfmtLogger(process.stderr),
    'ts',
    defaultTimestampUTC,
    'caller',
    defaultCaller,
  );
}

/**
 * newAddsvc wires addsvc from its flags as Go kit's `main`: the metrics
 * (`example_addsvc_integers_summed`, `example_addsvc_characters_concatenated`,
 * `example_addsvc_request_duration_seconds{method,success}`), the service with logging and
 * instrumenting, the endpoints with limiters and breakers, the debug listener and each
 * transport whose address is set.
 */
export function newAddsvc(flags: AddsvcFlags, options: AddsvcOptions = {}): Addsvc {
  const logger = options.logger ?? newLogger();
  const registry = new Registry();
  const common = { namespace: 'example', subsystem: 'addsvc', registry };
  const ints = newCounterFrom({
    ...common,
    name: 'integers_summed',
    help: 'Total count of integers summed via the Sum method.',
  });
  const chars = newCounterFrom({
    ...common,
    name: 'characters_concatenated',
    help: 'Total count of characters concatenated via the Concat method.',
  });
  const duration = newSummaryFrom({
    ...common,
    name: 'request_duration_seconds',
    help: 'Request duration in seconds.',
    labelNames: ['method', 'success'],
  });
  const service = instrumentingMiddleware(
    ints,
    chars,
  )(loggingMiddleware(logger)(newBasicService()));
  const { breakers, ...limited } = newSet(service, logger, duration, {
    rateLimit: flags.ratelimit,
  });
  const endpoints = authenticatedSet(
    limited,
    keySource({ secret: flags['jwt-secret'], jwksUrl: flags['jwt-jwks-url'] }),
  );

  let state: Readiness = 'starting';
  const addresses = new Map<string, string>();
  const group: RunGroup = createRunGroup({
    logger,
    timeoutMs: parseDuration(flags['shutdown-timeout']),
    ...(options.signals === undefined ? {} : { signals: options.signals }),
    onStopping: () => {
      state = 'stopping';
    },
  });
  const debugAddr = flags['debug.addr'];
  if (debugAddr !== '') {
    group.add(
      'debug/HTTP',
      async () => {
        const actor = await startHTTP(
          newDebugHandler(registry, () => state),
          debugAddr,
        );
        addresses.set('debug/HTTP', actor.address);
        logger.log('transport', 'debug/HTTP', 'addr', actor.address);
        return actor;
      },
      { last: true },
    );
  }
  const context = { endpoints, logger, prefix: flags['msg-prefix'] };
  for (const transport of transports) {
    const address = flags[transport.flag];
    if (address === '') continue;
    group.add(transport.name, async () => {
      const actor = await transport.start(address, context);
      addresses.set(transport.name, actor.address);
      logger.log('transport', transport.name, 'addr', actor.address);
      return actor;
    });
  }

  if (flags['etcd-url'] !== '' || flags['consul-addr'] !== '') {
    group.add(
      'registrar',
      async () => {
        const address =
          flags['advertise-addr'] || addresses.get('gRPC') || addresses.get('HTTP') || '';
        if (address === '') {
          throw new Error('nothing to register: no gRPC or HTTP address, and no -advertise-addr');
        }
        return register({
          service: 'addsvc',
          address,
          etcdUrl: flags['etcd-url'],
          etcdPrefix: flags['etcd-prefix'],
          consulAddr: flags['consul-addr'],
          ttlMs: parseDuration(flags['registry-ttl']),
          logger,
        });
      },
      { first: true },
    );
  }

  return {
    endpoints,
    breakers,
    registry,
    addresses,
    readiness: () => state,
    run: (onStarted) =>
      group.run(() => {
        state = 'ready';
        if (flags.banner) (options.stdout ?? process.stdout).write(banner(flags, addresses));
        onStarted?.();
      }),
    stop: (reason) => group.stop(reason),
  };
}

/** MainIO is where {@link main} writes. */
export interface MainIO {
  readonly stdout: { write(text: string): unknown };
  readonly stderr: { write(text: string): unknown };
}

/**
 * main runs addsvc with args as its command line and resolves to the exit status: 0 once
 * stopped by a signal, 1 when a listener failed, 2 for a bad command line (Go's `flag`).
 */
export async function main(
  args: readonly string[],
  io: MainIO = process,
  options: Omit<AddsvcOptions, 'stdout'> = {},
): Promise<number> {
  let flags: AddsvcFlags;
  try {
    flags = parseFlags(addsvcFlags, args).values;
    parseDuration(flags['shutdown-timeout']);
    if (!(parseDuration(flags['registry-ttl']) >= 1000)) {
      throw new FlagError(
        `invalid value "${flags['registry-ttl']}" for flag -registry-ttl: at least 1s`,
      );
    }
    if (flags['advertise-addr'] !== '') parseAddress(flags['advertise-addr']);
    keySource({ secret: flags['jwt-secret'], jwksUrl: flags['jwt-jwks-url'] });
    for (const name of ['debug.addr', 'http-addr', 'grpc-addr', 'jsonrpc-addr'] as const) {
      if (flags[name] !== '') parseAddress(flags[name]);
    }
  } catch (err) {
    const text = usage('addsvc [flags]', addsvcFlags);
    if (err instanceof FlagError && err.help) {
      io.stderr.write(text);
      return 0;
    }
    io.stderr.write(`${(err as Error).message}\n${text}`);
    return 2;
  }
  const logger = options.logger ?? newLogger();
  const svc = newAddsvc(flags, { ...options, logger, stdout: io.stdout });
  const exit = await svc.run();
  logger.log('exit', exit.reason);
  if (flags.banner && (exit.error as { code?: unknown } | undefined)?.code === 'EADDRINUSE') {
    io.stdout.write(
      `\naddsvc could not start: ${exit.reason}.\nAnother program has that port: stop it, or ` +
        `give addsvc other addresses, e.g. npm start -- -http-addr 127.0.0.1:9081 ` +
        `-grpc-addr 127.0.0.1:9082 -debug.addr 127.0.0.1:9080 (an empty address turns a ` +
        `listener off).\n`,
    );
  }
  return exit.error === undefined ? 0 : 1;
}

/**
 * The `main()` the three stringsvc examples share (Go kit's `main.go` of each): Go-style flags,
 * a logfmt logger, `listen`, the `msg=HTTP addr=…` line, and a graceful stop on SIGINT/SIGTERM.
 */
import type { Server as NodeServer } from 'node:http';
import { parseArgs } from 'node:util';
import { logfmtLogger } from '@svckit/core/log';
import type { Logger } from '@svckit/core/log';
import { listen, shutdown } from '@svckit/core/transport/http';
import type { Server } from '@svckit/core/transport/http';

/** Flags are the parsed string flags: `listen` and the extra ones an example declares. */
export type Flags<F extends string = never> = Readonly<Record<F | 'listen', string>>;

/** MainOptions configure {@link runMain}. */
export interface MainOptions<F extends string = never> {
  /**
   * handler builds the service's HTTP handler from the flags. A throw is a usage error (a bad
   * flag value): it is logged and the process exits 2.
   */
  readonly handler: (flags: Flags<F>, logger: Logger) => Server;
  /** flags declares extra string flags with their defaults (stringsvc3: `{ proxy: '' }`). */
  readonly flags?: Readonly<Record<F, string>>;
  /** listen is the default of `--listen`. Default `:8080`: every interface, as Go kit's. */
  readonly listen?: string;
  /** logger builds the logger from the flags. Default: logfmt lines on stderr. */
  readonly logger?: (flags: Flags<F>) => Logger;
  /**
   * onListen runs once listening, with the bound `host:port` (a registrar announces it); the
   * function it resolves to runs first when stopping, before the server drains (deregister).
   * A rejection is logged and the process exits 1.
   */
  readonly onListen?: (
    address: string,
    flags: Flags<F>,
    logger: Logger,
  ) => Promise<() => Promise<void>>;
  /** onStop runs once the server has shut down, before the process exits 0. */
  readonly onStop?: () => void;
  /** args are the command-line arguments. Default `process.argv.slice(2)`. */
  readonly args?: readonly string[];
}

/**
 * runMain runs a stringsvc as its `main.go` does. Flags are strings, written as Go's `flag`
 * package takes them: `--listen a:1`, `--listen=a:1`, `-listen a:1` or `-listen=a:1`. `--listen`
 * is `host:port` (`:port` is every interface, `[::1]:port` IPv6); a bad address or an unknown
 * flag is logged and exits 2, a port that cannot be bound exits 1. Once listening it logs
 * `msg=HTTP addr=<bound address>`. SIGINT/SIGTERM log `msg="shutting down" signal=…`, then
 * `shutdown` (core) stops accepting connections and lets the requests in flight finish (10 s
 * at most); `msg=stopped graceful=… destroyed=…` and exit 0.
 *
 * @example
 * await runMain({ handler: (_flags, logger) => makeApp(logger).handler });
 */
export async function runMain<F extends string = never>(
  options: MainOptions<F>,
): Promise<NodeServer> {
  const defaults: Record<string, string> = { ...options.flags, listen: options.listen ?? ':8080' };
  let flags: Flags<F>;
  try {
    flags = parseFlags(options.args ?? process.argv.slice(2), defaults) as Flags<F>;
  } catch (err) {
    usage(options.logger?.(defaults as Flags<F>), (err as Error).message);
  }
  const logger = options.logger?.(flags) ?? logfmtLogger(process.stderr);

  const address = flags.listen;
  const colon = address.lastIndexOf(':');
  const port = Number(address.slice(colon + 1));
  if (colon < 0 || !Number.isInteger(port) || port < 0 || port > 65535) {
    usage(logger, `invalid --listen address ${JSON.stringify(address)}: want host:port`);
  }
  const host = colon === 0 ? '0.0.0.0' : address.slice(0, colon).replace(/^\[|\]$/g, '');

  let handler: Server;
  try {
    handler = options.handler(flags, logger);
  } catch (err) {
    logger.log('err', err);
    process.exit(2);
  }
  const server = await listen(handler.node, { host, port }).catch((err: unknown) => {
    logger.log('err', err);
    process.exit(1);
  });
  const bound = server.address();
  const boundAddress =
    typeof bound === 'object' && bound !== null ? `${bound.address}:${bound.port}` : String(bound);
  logger.log('msg', 'HTTP', 'addr', boundAddress);
  let beforeStop = async (): Promise<void> => {};
  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    logger.log('msg', 'shutting down', 'signal', signal);
    void beforeStop()
      .catch((err: unknown) => logger.log('during', 'stop', 'err', err))
      .then(() => shutdown(server))
      .then((report) => {
        options.onStop?.();
        logger.log('msg', 'stopped', 'graceful', report.graceful, 'destroyed', report.destroyed);
        process.exit(0);
      });
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  if (options.onListen !== undefined) {
    try {
      beforeStop = await options.onListen(boundAddress, flags, logger);
    } catch (err) {
      logger.log('err', err);
      process.exit(1);
    }
  }
  return server;
}

/** parseFlags parses string flags with defaults, taking Go's one-dash spelling too. */
function parseFlags(args: readonly string[], defaults: Record<string, string>): Flags<string> {
  const oneDash = new RegExp(`^-(${Object.keys(defaults).join('|')})(=|$)`);
  const options: Record<string, { type: 'string'; default: string }> = {};
  for (const [name, value] of Object.entries(defaults)) {
    options[name] = { type: 'string', default: value };
  }
  const { values } = parseArgs({
    args: args.map((a) => (oneDash.test(a) ? `-${a}` : a)),
    options,
  });
  return values as Flags<string>;
}

/** usage logs a command-line error and exits 2, as Go's `flag` package does. */
function usage(logger: Logger | undefined, message: string): never {
  (logger ?? logfmtLogger(process.stderr)).log('err', message);
  process.exit(2);
}

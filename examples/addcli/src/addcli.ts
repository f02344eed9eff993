/**
 * addcli (Go kit's `addsvc/cmd/addcli/addcli.go`): calls addsvc once and prints what Go kit's
 * addcli prints. The first non-empty of `-http-addr`, `-grpc-addr`, `-jsonrpc-addr`,
 * `-nats-url`, `-amqp-url` (with `-msg-prefix`) picks the transport; `-method sum|concat` (default `sum`) and two
 * arguments. Sum prints `1 + 2 = 3`, Concat `"ab" + "cd" = "abcd"` (Go's `%q`); a failure
 * prints `error: <text>` on stderr and exits 1 — over HTTP a business error is the status line
 * (`error: 400 Bad Request`), over gRPC its text (`error: can't sum two zeroes`) or grpc-go's
 * status text (`error: rpc error: code = Unknown desc = rate limit exceeded`).
 */
import { connect } from '@nats-io/transport-node';
import { createConnection } from '@svckit/amqp';
import { background, withTimeout } from '@svckit/core/context';
import type { Context } from '@svckit/core/context';
import {
  FlagError,
  goQuote,
  grpcErrorText,
  newAMQPClient,
  newGRPCClient,
  newHTTPClient,
  newTracing,
  newJSONRPCClient,
  newNATSClient,
  parseDuration,
  parseFlags,
  setService,
  signedSet,
  usage,
} from '@svckit/example-addsvc';
import type { FlagValues, Service, Set, Tracing } from '@svckit/example-addsvc';
import { dial } from '@svckit/grpc';

/** addcliFlags are addcli's flags: Go kit's, and svckit's `-timeout`. */
export const addcliFlags = {
  'http-addr': { type: 'string', default: '', usage: 'HTTP address of addsvc' },
  'grpc-addr': { type: 'string', default: '', usage: 'gRPC address of addsvc' },
  'jsonrpc-addr': { type: 'string', default: '', usage: 'JSON RPC address of addsvc' },
  'nats-url': { type: 'string', default: '', usage: 'NATS server URL to reach addsvc through' },
  'amqp-url': { type: 'string', default: '', usage: 'AMQP broker URL to reach addsvc through' },
  'msg-prefix': { type: 'string', default: 'addsvc', usage: 'NATS subject and AMQP queue prefix' },
  method: { type: 'string', default: 'sum', usage: 'sum, concat' },
  'jwt-secret': {
    type: 'string',
    default: '',
    usage: "HS256 shared secret to sign each call with (addsvc's -jwt-secret)",
  },
  timeout: { type: 'string', default: '30s', usage: 'how long the call may take, a Go duration' },
  'zipkin-url': {
    type: 'string',
    default: '',
    usage: 'Enable Zipkin tracing via HTTP reporter URL e.g. http://localhost:9411/api/v2/spans',
  },
  'otlp-url': {
    type: 'string',
    default: '',
    usage: 'Enable OpenTelemetry tracing over OTLP/HTTP e.g. http://localhost:4318/v1/traces',
  },
} as const;

/** AddcliFlags are the parsed flags of addcli. */
export type AddcliFlags = FlagValues<typeof addcliFlags>;

/** IO is where addcli writes. */
export interface IO {
  readonly stdout: { write(text: string): unknown };
  readonly stderr: { write(text: string): unknown };
}

const int64Max = 2n ** 63n - 1n;
const int64Min = -(2n ** 63n);

/**
 * parseInt64 reads an argument as Go's `strconv.ParseInt(s, 10, 64)` whose error addcli
 * ignores: a syntax error gives 0, a value out of range the nearest int64 (Go returns it with
 * `ErrRange`).
 */
export function parseInt64(s: string): bigint {
  if (!/^[+-]?\d+$/.test(s)) return 0n;
  const n = BigInt(s);
  return n > int64Max ? int64Max : n < int64Min ? int64Min : n;
}

/** Remote is a chosen transport: the service over it, how to print its errors, how to close it. */
interface Remote {
  readonly svc: Service;
  readonly errorText: (err: unknown) => string;
  close(): void | Promise<void>;
}

const plainText = (err: unknown): string => (err instanceof Error ? err.message : String(err));

/** remote builds the client of the first transport whose flag is set, or says why not. */
async function remote(flags: AddcliFlags, tracing: Tracing | undefined): Promise<Remote | string> {
  const chosen = await transport(flags, tracing);
  if (typeof chosen === 'string') return chosen;
  const signed = signedSet(chosen.set, flags['jwt-secret']);
  // Traced outermost: the span covers signing, the limiter and the breaker too.
  return { ...chosen, svc: setService(tracing === undefined ? signed : tracing.endpoints(signed)) };
}

/** Chosen is a transport's client Set, before signing. */
interface Chosen {
  readonly set: Set;
  readonly errorText: (err: unknown) => string;
  close(): void | Promise<void>;
}

/** transport builds the client Set of the first transport whose flag is set. */
async function transport(
  flags: AddcliFlags,
  tracing: Tracing | undefined,
): Promise<Chosen | string> {
  if (flags['http-addr'] !== '') {
    const set = newHTTPClient(flags['http-addr'], tracing ? { client: tracing.httpClient } : {});
    return { set, errorText: plainText, close() {} };
  }
  if (flags['grpc-addr'] !== '') {
    const conn = dial(flags['grpc-addr']);
    return {
      set: newGRPCClient(conn, {}, tracing?.grpcClient),
      errorText: grpcErrorText,
      close: () => conn.close(),
    };
  }
  if (flags['jsonrpc-addr'] !== '') {
    return {
      set: newJSONRPCClient(
        flags['jsonrpc-addr'],
        tracing ? { client: { ...tracing.httpClient } } : {},
      ),
      errorText: plainText,
      close() {},
    };
  }
  const prefix = flags['msg-prefix'];
  if (flags['nats-url'] !== '') {
    const nc = await connect({ servers: flags['nats-url'], name: 'addcli' });
    return {
      set: newNATSClient(nc, prefix, tracing ? { hooks: tracing.natsClient } : {}),
      errorText: plainText,
      close: () => nc.close(),
    };
  }
  if (flags['amqp-url'] !== '') {
    const conn = await createConnection(flags['amqp-url']);
    return {
      set: newAMQPClient(conn, prefix, tracing ? { hooks: tracing.amqpClient } : {}),
      errorText: plainText,
      close: () => conn.close().catch(() => {}),
    };
  }
  return 'no remote address specified';
}

/**
 * run runs addcli with args as its command line and resolves to its exit status: 0 after
 * printing the result, 1 for a failure or a wrong number of arguments (with the usage), 2 for
 * a bad flag (Go's `flag`), 0 for `-h`.
 */
export async function run(args: readonly string[], io: IO = process): Promise<number> {
  const text = usage('addcli [flags] <a> <b>', addcliFlags);
  let flags: AddcliFlags;
  let rest: string[];
  let timeoutMs: number;
  try {
    ({ values: flags, args: rest } = parseFlags(addcliFlags, args));
    timeoutMs = parseDuration(flags.timeout);
  } catch (err) {
    if (err instanceof FlagError && err.help) {
      io.stderr.write(text);
      return 0;
    }
    io.stderr.write(`${(err as Error).message}\n${text}`);
    return 2;
  }
  if (rest.length !== 2) {
    io.stderr.write(text);
    return 1;
  }
  const [a, b] = rest as [string, string];
  const tracing = newTracing({ zipkin: flags['zipkin-url'], otlp: flags['otlp-url'] }, 'addcli');
  let chosen: Remote | string;
  try {
    chosen = await remote(flags, tracing);
  } catch (err) {
    chosen =
      err instanceof TypeError && 'input' in err
        ? `invalid address ${goQuote(String(err.input))}`
        : plainText(err);
  }
  if (typeof chosen === 'string') {
    io.stderr.write(`error: ${chosen}\n`);
    await tracing?.shutdown();
    return 1;
  }
  let ctx: Context = background();
  let cancel = (): void => {};
  if (timeoutMs > 0) [ctx, cancel] = withTimeout(ctx, timeoutMs);
  try {
    switch (flags.method) {
      case 'sum': {
        const x = parseInt64(a);
        const y = parseInt64(b);
        const v = await chosen.svc.sum(ctx, x, y);
        io.stdout.write(`${x} + ${y} = ${v}\n`);
        return 0;
      }
      case 'concat': {
        const v = await chosen.svc.concat(ctx, a, b);
        io.stdout.write(`${goQuote(a)} + ${goQuote(b)} = ${goQuote(v)}\n`);
        return 0;
      }
      default:
        io.stderr.write(`error: invalid method ${goQuote(flags.method)}\n`);
        return 1;
    }
  } catch (err) {
    io.stderr.write(`error: ${chosen.errorText(err)}\n`);
    return 1;
  } finally {
    cancel();
    await chosen.close();
    await tracing?.shutdown(); // the call's spans, before exiting
  }
}

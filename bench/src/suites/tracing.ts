/**
 * The `tracing` suite: what tracing costs a svckit HTTP server, svckit's way against the
 * OpenTelemetry way. The same uppercase service on core's HTTP server runs in child processes:
 *
 * - `svckit-otel`: `traceEndpoint('Uppercase')` + `httpServerTrace()` (a SERVER span and an
 *   endpoint span per request);
 * - `otel-http-instrumentation`: no svckit tracing, `@opentelemetry/instrumentation-http`
 *   patching node:http (a SERVER span per request);
 * - `untraced`, for reference.
 *
 * Each traced kind runs twice, under the real SDK (`NodeTracerProvider`, registered): with a
 * sampler that records nothing (`-off`), and sampling everything into the batch span processor
 * (`-batch`, spans handed to an exporter that drops them, so the network is not measured). Each
 * child answers `spans` over IPC; the suite checks that both tracers really made spans before
 * it measures. autocannon drives each server from this process over 127.0.0.1 (50
 * connections), in rounds visiting the servers in rotating order; the figure is requests per
 * CPU second of the server process, the ratio the median of per-round ratios:
 * `tracing: svckit-otel/otel-http-instrumentation = R` (batch) and
 * `tracing: svckit-otel-off/otel-http-instrumentation-off = R`.
 *
 * `node suites/tracing.js <kind>` is the child: it starts the server and prints `port <n>`.
 */
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { createServer as createNodeServer } from 'node:http';
import type { Server as NodeServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import type { Context } from '@svckit/core/context';
import { ServiceError } from '@svckit/core/errors';
import { createServer, decodeJSONRequest, encodeJSONResponse } from '@svckit/core/transport/http';
import { summary } from '../report.js';

const kinds = [
  'untraced',
  'svckit-otel-off',
  'otel-http-instrumentation-off',
  'svckit-otel-batch',
  'otel-http-instrumentation-batch',
] as const;
type Kind = (typeof kinds)[number];

const self = fileURLToPath(import.meta.url);

// ---- the child: one server ----

async function child(kind: Kind): Promise<void> {
  const { AlwaysOffSampler, BatchSpanProcessor, NodeTracerProvider } =
    await import('@opentelemetry/sdk-trace-node');
  let spans = 0;
  const traced = kind !== 'untraced';
  const off = kind.endsWith('-off');
  if (traced) {
    const provider = new NodeTracerProvider({
      ...(off ? { sampler: new AlwaysOffSampler() } : {}),
      spanProcessors: [
        new BatchSpanProcessor({
          export(batch, done) {
            spans += batch.length;
            done({ code: 0 });
          },
          shutdown: () => Promise.resolve(),
        }),
      ],
    });
    provider.register();
  }
  const instrumented = kind.startsWith('otel-http-instrumentation');
  if (instrumented) {
    const { registerInstrumentations } = await import('@opentelemetry/instrumentation');
    const { HttpInstrumentation } = await import('@opentelemetry/instrumentation-http');
    registerInstrumentations({ instrumentations: [new HttpInstrumentation()] });
    // node:http is a builtin loaded before the hook: require it once so the hook patches it
    // (Server.prototype.emit, shared with the ESM import), and check that it did.
    const http = createRequire(import.meta.url)('node:http') as { Server: typeof NodeServer };
    if ((http.Server.prototype.emit as { __wrapped?: boolean }).__wrapped !== true) {
      throw new Error('instrumentation-http did not patch node:http');
    }
  }
  const badRequest = new ServiceError('invalid_argument', 's must be a string');
  const uppercase = async (_ctx: Context, s: string) =>
    s === '' ? { v: '', err: 'empty string' } : { v: s.toUpperCase() };
  const decode = decodeJSONRequest((body) => {
    const s = (body as { s?: unknown } | null)?.s;
    if (typeof s !== 'string') throw badRequest;
    return s;
  });
  let handler;
  if (kind.startsWith('svckit-otel')) {
    const { httpServerTrace, traceEndpoint } = await import('@svckit/opentelemetry');
    handler = createServer(traceEndpoint('Uppercase')(uppercase), decode, encodeJSONResponse, {
      ...httpServerTrace(),
    });
  } else handler = createServer(uppercase, decode, encodeJSONResponse);
  const server = createNodeServer((req, res) => void handler.node(req, res));
  server.keepAliveTimeout = 10_000;
  server.listen(0, '127.0.0.1', () => {
    console.log(`port ${(server.address() as AddressInfo).port}`);
  });
  process.on('message', (m: string) => {
    if (m === 'cpu') process.send?.(process.cpuUsage());
    // Spans exported so far (the batch processor flushes every 5 s or 512 spans).
    if (m === 'spans') process.send?.(spans);
  });
  process.on('SIGTERM', () => server.close(() => process.exit(0)));
}

// ---- the driver ----

interface Started {
  readonly kind: Kind;
  readonly port: number;
  ask(what: 'cpu' | 'spans'): Promise<number>;
  stop(): Promise<void>;
}

async function start(kind: Kind): Promise<Started> {
  const proc = spawn(process.execPath, [self, kind], {
    stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
  });
  const ask = (what: 'cpu' | 'spans'): Promise<number> =>
    new Promise((resolve) => {
      proc.once('message', (u: number | { user: number; system: number }) =>
        resolve(typeof u === 'number' ? u : u.user + u.system),
      );
      proc.send(what);
    });
  const stop = async (): Promise<void> => {
    if (proc.exitCode !== null) return;
    const exited = new Promise((resolve) => proc.once('exit', resolve));
    proc.kill('SIGTERM');
    await exited;
  };
  try {
    const port = await new Promise<number>((resolve, reject) => {
      let out = '';
      proc.stdout?.setEncoding('utf8');
      proc.stdout?.on('data', (d: string) => {
        out += d;
        const m = /port (\d+)/.exec(out);
        if (m) resolve(Number(m[1]));
      });
      proc.once('exit', (code) => reject(new Error(`${kind} server exited with ${code}`)));
      setTimeout(() => reject(new Error(`${kind} server did not start`)), 10_000).unref();
    });
    const check = await fetch(`http://127.0.0.1:${port}/uppercase`, {
      method: 'POST',
      body: '{"s":"hello, world"}',
    });
    const text = await check.text();
    if (check.status !== 200 || (JSON.parse(text) as { v?: string }).v !== 'HELLO, WORLD') {
      throw new Error(`${kind} answered ${check.status} ${text}`);
    }
    return { kind, port, ask, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}

function load(port: number, seconds: number): Promise<autocannon.Result> {
  return autocannon({
    url: `http://127.0.0.1:${port}/uppercase`,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: '{"s":"hello, world"}',
    connections: 50,
    pipelining: 1,
    duration: seconds,
  });
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/** run executes the suite and prints the two summary lines. */
export async function run(): Promise<void> {
  const rounds = Number(process.env['SVCKIT_BENCH_TRACING_ROUNDS'] ?? 6);
  const seconds = Number(process.env['SVCKIT_BENCH_TRACING_SECONDS'] ?? 1.5);
  const started: Started[] = [];
  try {
    for (const kind of kinds) started.push(await start(kind));
    for (const s of started) await load(s.port, 1); // warm-up
    const perRound = new Map<Kind, number[]>(kinds.map((k) => [k, []]));
    const rps = new Map<Kind, number[]>(kinds.map((k) => [k, []]));
    let errors = 0;
    for (let round = 0; round < rounds; round++) {
      for (let i = 0; i < started.length; i++) {
        const s = started[(i + round) % started.length] as Started;
        const before = await s.ask('cpu');
        const r = await load(s.port, seconds);
        const cpuMicros = (await s.ask('cpu')) - before;
        errors += r.errors + r.non2xx;
        perRound.get(s.kind)?.push(r.requests.total / (cpuMicros / 1e6));
        rps.get(s.kind)?.push(r.requests.average);
      }
    }
    // Both tracers made spans (batch kinds) — otherwise the comparison would be hollow.
    await new Promise((r) => setTimeout(r, 5500)); // the batch processor's scheduled flush
    const exported = new Map<Kind, number>();
    for (const s of started) exported.set(s.kind, await s.ask('spans'));
    console.log(
      `tracing: ${rounds} rounds x ${seconds} s per server, 50 connections, POST /uppercase; errors ${errors}`,
    );
    console.table(
      kinds.map((kind) => ({
        server: kind,
        'req/CPU-s (median)': Math.round(median(perRound.get(kind) ?? [])).toLocaleString('en-US'),
        'req/s (median)': Math.round(median(rps.get(kind) ?? [])).toLocaleString('en-US'),
        'spans exported': exported.get(kind),
      })),
    );
    for (const kind of ['svckit-otel-batch', 'otel-http-instrumentation-batch'] as const) {
      if (!((exported.get(kind) ?? 0) > 0)) throw new Error(`${kind} exported no spans`);
    }
    const ratio = (a: Kind, b: Kind): number => {
      const xs = perRound.get(a) ?? [];
      const ys = perRound.get(b) ?? [];
      return median(xs.map((x, i) => x / (ys[i] as number)));
    };
    summary(
      'tracing',
      'svckit-otel-off',
      'otel-http-instrumentation-off',
      ratio('svckit-otel-off', 'otel-http-instrumentation-off'),
    );
    const keep = (k: Kind) => `${Math.round(ratio(k, 'untraced') * 100)} %`;
    console.log(
      `of the untraced server's req/CPU-s: svckit-otel-batch ${keep('svckit-otel-batch')}, ` +
        `otel-http-instrumentation-batch ${keep('otel-http-instrumentation-batch')}`,
    );
    summary(
      'tracing',
      'svckit-otel',
      'otel-http-instrumentation',
      ratio('svckit-otel-batch', 'otel-http-instrumentation-batch'),
    );
  } finally {
    for (const s of started) await s.stop();
  }
}

if (process.argv[1] === self) {
  const kind = process.argv[2] as Kind;
  if (!kinds.includes(kind)) {
    console.error(`usage: node tracing.js <${kinds.join('|')}>`);
    process.exit(2);
  }
  await child(kind);
}

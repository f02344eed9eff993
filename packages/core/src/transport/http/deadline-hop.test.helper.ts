/**
 * A hop of the cross-process deadline test (deadline-hop.test.ts), run as its own process:
 * `node deadline-hop.test.helper.js <name> [next-url]`. It serves POST /work with svckit's HTTP
 * server on 127.0.0.1: with a next URL it calls the next hop's /work with its request context
 * (B), without one it sleeps a minute unless its context aborts (C). GET /stats reports what ran:
 * calls in flight, finished sleeps, and each abort seen (ms after the call began, when, and
 * the reason's code).
 * Prints `port <n>` once listening; SIGTERM shuts it down gracefully and exits 0.
 */
import { codeOf } from '../../errors/index.js';
import type { Context } from '../../context/index.js';
import {
  createClient,
  createServer,
  decodeJSONResponse,
  encodeJSONRequest,
  encodeJSONResponse,
  listen,
  nopRequestDecoder,
  shutdown,
} from './index.js';

const [name = 'hop', next] = process.argv.slice(2);
const stats = {
  name,
  inflight: 0,
  completed: 0,
  aborts: [] as { ms: number; at: number; code: string }[],
  deadlines: [] as number[],
};

const callNext =
  next === undefined
    ? undefined
    : createClient('POST', next, encodeJSONRequest, decodeJSONResponse);

const sleepLong = (ctx: Context): Promise<void> =>
  new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      stats.completed++;
      resolve();
    }, 60_000);
    ctx.signal.addEventListener('abort', () => {
      clearTimeout(timer);
      reject(ctx.signal.reason as Error);
    });
  });

const work = createServer(
  async (ctx: Context) => {
    const started = Date.now();
    stats.inflight++;
    if (ctx.deadline !== undefined) stats.deadlines.push(ctx.deadline - started);
    ctx.signal.addEventListener('abort', () =>
      stats.aborts.push({
        ms: Date.now() - started,
        at: Date.now(),
        code: codeOf(ctx.signal.reason),
      }),
    );
    try {
      if (callNext !== undefined) await callNext(ctx, {});
      else await sleepLong(ctx);
      return { ok: true };
    } finally {
      stats.inflight--;
    }
  },
  nopRequestDecoder,
  encodeJSONResponse,
);
const report = createServer(async () => stats, nopRequestDecoder, encodeJSONResponse);

const server = await listen((req, res) =>
  req.url === '/stats' ? report.node(req, res) : work.node(req, res),
);
const address = server.address();
console.log(`port ${typeof address === 'object' && address !== null ? address.port : 0}`);
process.once('SIGTERM', () => {
  void shutdown(server, { timeout: 2000 }).then((r) => process.exit(r.graceful ? 0 : 3));
});

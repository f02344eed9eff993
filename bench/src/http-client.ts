/**
 * The client half of the `http` suite: svckit's HTTP client endpoint (JSON encode, keep-alive
 * request, JSON decode) against the same call written by hand with `http.request`, both on
 * one shared keep-alive agent, and svckit's Fetch client against the same call written with
 * the global fetch, against one node:http server in a child process on 127.0.0.1. Each side
 * makes {@link calls} calls with {@link concurrency} in flight, split over {@link rounds} short
 * alternating phases so that warm-up, drift and the load of other processes hit every side
 * alike.
 */
import { spawn } from 'node:child_process';
import { Agent, request } from 'node:http';
import { once } from 'node:events';
import { background } from '@svckit/core/context';
import {
  createClient,
  createFetchClient,
  decodeJSONResponse,
  encodeJSONRequest,
} from '@svckit/core/transport/http';
import { summary } from './report.js';

/** calls is the number of calls per side. */
const calls = 20_000;
/** rounds is the number of alternating phase pairs the calls are split over. */
const rounds = 40;
/** concurrency is the number of calls in flight per side. */
const concurrency = 16;
/** phaseTimeLimit bounds each phase, in ms, whatever the machine's speed. */
const phaseTimeLimit = 5_000;

interface SumRequest {
  a: number;
  b: number;
}
interface SumResponse {
  v: number;
}

const serverSource = `
import { createServer } from 'node:http';
const server = createServer((req, res) => {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    const { a, b } = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    const body = JSON.stringify({ v: a + b });
    res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body) });
    res.end(body);
  });
});
server.keepAliveTimeout = 60000;
server.listen(0, '127.0.0.1', () => process.stdout.write(server.address().port + '\\n'));
process.stdin.on('end', () => process.exit(0));
process.stdin.resume();
`;

/**
 * run executes the comparisons and prints `http: svckit-client/node-http-client = <ratio>` and
 * `http: svckit-fetch-client/fetch = <ratio>` (the Fetch client against the same call written
 * with the global fetch, undici's pool under Node).
 */
export async function run(): Promise<void> {
  const child = spawn(process.execPath, ['--input-type=module', '-e', serverSource], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  try {
    const [first] = (await once(child.stdout, 'data')) as [Buffer];
    const port = Number(first.toString('utf8').trim());
    const agent = new Agent({ keepAlive: true });
    const url = `http://127.0.0.1:${port}/sum`;

    const svckit = createClient<SumRequest, SumResponse>(
      'POST',
      url,
      encodeJSONRequest,
      decodeJSONResponse<SumResponse>,
      { agent },
    );
    const ctx = background();
    const viaSvckit = (req: SumRequest): Promise<SumResponse> => svckit(ctx, req);

    const rawOptions = { hostname: '127.0.0.1', port, path: '/sum', method: 'POST', agent };
    const viaRaw = (req: SumRequest): Promise<SumResponse> =>
      new Promise((resolve, reject) => {
        const out = request(
          { ...rawOptions, headers: { 'content-type': 'application/json; charset=utf-8' } },
          (res) => {
            const chunks: Buffer[] = [];
            res.on('data', (c: Buffer) => chunks.push(c));
            res.on('end', () => {
              try {
                if (res.statusCode !== 200) throw new Error(`status ${res.statusCode}`);
                resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')) as SumResponse);
              } catch (err) {
                reject(err instanceof Error ? err : new Error(String(err)));
              }
            });
            res.on('error', reject);
          },
        );
        out.on('error', reject);
        out.end(JSON.stringify(req));
      });

    const svckitFetch = createFetchClient<SumRequest, SumResponse>(
      'POST',
      url,
      encodeJSONRequest,
      decodeJSONResponse<SumResponse>,
    );
    const viaSvckitFetch = (req: SumRequest): Promise<SumResponse> => svckitFetch(ctx, req);
    const viaFetch = async (req: SumRequest): Promise<SumResponse> => {
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json; charset=utf-8' },
        body: JSON.stringify(req),
      });
      if (res.status !== 200) throw new Error(`status ${res.status}`);
      return (await res.json()) as SumResponse;
    };

    const sides = {
      'svckit-client': viaSvckit,
      'node-http-client': viaRaw,
      'svckit-fetch-client': viaSvckitFetch,
      fetch: viaFetch,
    };
    type Side = keyof typeof sides;
    const names = Object.keys(sides) as Side[];
    // Warm up every path (JIT, sockets) before measuring.
    for (let i = 0; i < 2; i++) for (const side of names) await phase(sides[side], 2000);

    // Many short phases in alternating order (ABCD DCBA ...): load spikes from other processes
    // on the machine then hit every side alike instead of skewing one long phase.
    const perPhase = calls / rounds;
    const totals = Object.fromEntries(names.map((n) => [n, { n: 0, ms: 0, cpu: 0 }])) as Record<
      Side,
      { n: number; ms: number; cpu: number }
    >;
    for (let round = 0; round < rounds; round++) {
      const order = round % 2 === 0 ? names : [...names].reverse();
      for (const side of order) {
        const r = await phase(sides[side], perPhase);
        totals[side].n += r.n;
        totals[side].ms += r.ms;
        totals[side].cpu += r.cpu;
      }
    }
    agent.destroy();

    const rate = (t: { n: number; ms: number }) => (t.n / t.ms) * 1000;
    // Client CPU per call (user + system, µs) is steadier than wall time on a busy machine.
    const cpuPerCall = (t: { n: number; cpu: number }) => (t.cpu / t.n).toFixed(1);
    console.table(
      names.map((task) => ({
        task,
        calls: totals[task].n,
        'ops/s': Math.round(rate(totals[task])),
        'client cpu µs/call': cpuPerCall(totals[task]),
      })),
    );
    summary(
      'http',
      'svckit-client',
      'node-http-client',
      rate(totals['svckit-client']) / rate(totals['node-http-client']),
    );
    summary(
      'http',
      'svckit-fetch-client',
      'fetch',
      rate(totals['svckit-fetch-client']) / rate(totals.fetch),
    );
  } finally {
    child.stdin?.end();
    child.kill();
  }
}

/** phase makes n calls with `concurrency` in flight (bounded in time too) and times them. */
async function phase(
  call: (req: SumRequest) => Promise<SumResponse>,
  n: number,
): Promise<{ n: number; ms: number; cpu: number }> {
  let issued = 0;
  const started = performance.now();
  const cpuStart = process.cpuUsage();
  const stopAt = started + phaseTimeLimit;
  const worker = async () => {
    while (issued < n && performance.now() < stopAt) {
      const i = issued++;
      const res = await call({ a: i, b: 1 });
      if (res.v !== i + 1) throw new Error(`wrong sum ${res.v} for ${i} + 1`);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  const cpu = process.cpuUsage(cpuStart);
  return { n: issued, ms: performance.now() - started, cpu: cpu.user + cpu.system };
}

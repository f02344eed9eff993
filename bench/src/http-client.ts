/**
 * The client half of the `http` suite: svckit's HTTP client endpoint (JSON encode, keep-alive
 * request, JSON decode) against the same call written by hand with `http.request`, both on
 * one shared keep-alive agent, against one node:http server in a child process on 127.0.0.1.
 * Each side makes {@link calls} calls with {@link concurrency} in flight, split over
 * {@link rounds} short alternating phases so that warm-up, drift and the load of other
 * processes hit both sides alike.
 *
 * Not yet registered under `bench/src/suites/`: the lead merges it into the `http` suite.
 */
import { spawn } from 'node:child_process';
import { Agent, request } from 'node:http';
import { once } from 'node:events';
import { background } from '@svckit/core/context';
import { createClient, decodeJSONResponse, encodeJSONRequest } from '@svckit/core/transport/http';
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

/** run executes the comparison and prints `http: svckit-client/node-http-client = <ratio>`. */
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

    // Warm up both paths (JIT, sockets) before measuring.
    for (let i = 0; i < 2; i++) {
      await phase(viaRaw, 2000);
      await phase(viaSvckit, 2000);
    }

    // Many short alternating phases (AB BA AB ...): load spikes from other processes on the
    // machine then hit both sides alike instead of skewing one long phase.
    const perPhase = calls / rounds;
    const totals = { svckit: { n: 0, ms: 0, cpu: 0 }, raw: { n: 0, ms: 0, cpu: 0 } };
    for (let round = 0; round < rounds; round++) {
      const order = round % 2 === 0 ? (['svckit', 'raw'] as const) : (['raw', 'svckit'] as const);
      for (const side of order) {
        const r = await phase(side === 'svckit' ? viaSvckit : viaRaw, perPhase);
        totals[side].n += r.n;
        totals[side].ms += r.ms;
        totals[side].cpu += r.cpu;
      }
    }
    agent.destroy();

    const rate = (t: { n: number; ms: number }) => (t.n / t.ms) * 1000;
    // Client CPU per call (user + system, µs) is steadier than wall time on a busy machine.
    const cpuPerCall = (t: { n: number; cpu: number }) => (t.cpu / t.n).toFixed(1);
    console.table([
      {
        task: 'svckit-client',
        calls: totals.svckit.n,
        'ops/s': Math.round(rate(totals.svckit)),
        'client cpu µs/call': cpuPerCall(totals.svckit),
      },
      {
        task: 'node-http-client',
        calls: totals.raw.n,
        'ops/s': Math.round(rate(totals.raw)),
        'client cpu µs/call': cpuPerCall(totals.raw),
      },
    ]);
    summary('http', 'svckit-client', 'node-http-client', rate(totals.svckit) / rate(totals.raw));
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

/**
 * The `jsonrpc` suite: requests served per CPU second of the server process, each server alone
 * in its own child process, driven by autocannon from this process over 127.0.0.1 (50
 * connections, pipelining 1), in rounds that visit the servers in a rotating order.
 *
 * - JSON-RPC: svckit's JSON-RPC server against a hand-written node:http JSON-RPC handler, one
 *   `sum` call per request: `jsonrpc: svckit/node-http = R`.
 * - Reverse proxy: svckit's `createProxy` against the http-proxy package (and a hand-written
 *   node:http pipe, for information), the CPU of the proxy process, to the same origin (its own
 *   process): `proxy: svckit/node-http-proxy = R`.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { summary } from '../report.js';

const serverScript = fileURLToPath(new URL('../rpc-servers.js', import.meta.url));

interface Started {
  readonly kind: string;
  readonly port: number;
  cpu(): Promise<number>;
  stop(): Promise<void>;
}

async function start(kind: string, originPort?: number): Promise<Started> {
  const args = [serverScript, kind, ...(originPort === undefined ? [] : [String(originPort)])];
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit', 'ipc'] });
  const cpu = (): Promise<number> =>
    new Promise((resolve) => {
      child.once('message', (u: { user: number; system: number }) => resolve(u.user + u.system));
      child.send('cpu');
    });
  const stop = async (): Promise<void> => {
    if (child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
  };
  try {
    const port = await new Promise<number>((resolve, reject) => {
      let out = '';
      child.stdout?.setEncoding('utf8');
      child.stdout?.on('data', (d: string) => {
        out += d;
        const m = /port (\d+)/.exec(out);
        if (m) resolve(Number(m[1]));
      });
      child.once('exit', (code) => reject(new Error(`${kind} exited with ${code}`)));
      setTimeout(() => reject(new Error(`${kind} did not start`)), 10_000).unref();
    });
    return { kind, port, cpu, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}

const rpcBody = '{"jsonrpc":"2.0","method":"sum","params":{"a":1,"b":2},"id":1}';

function load(port: number, seconds: number, rpc: boolean): Promise<autocannon.Result> {
  return autocannon({
    url: `http://127.0.0.1:${port}/`,
    method: rpc ? 'POST' : 'GET',
    ...(rpc ? { headers: { 'content-type': 'application/json' }, body: rpcBody } : {}),
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

/** compareServers measures each server in rounds and returns req/CPU-s samples per kind. */
async function compareServers(
  servers: readonly Started[],
  rounds: number,
  seconds: number,
  rpc: boolean,
): Promise<Map<string, number[]>> {
  for (const s of servers) await load(s.port, 1, rpc); // warm-up
  const samples = new Map<string, number[]>(servers.map((s) => [s.kind, []]));
  for (let round = 0; round < rounds; round++) {
    for (let i = 0; i < servers.length; i++) {
      const s = servers[(i + round) % servers.length] as Started;
      const before = await s.cpu();
      const r = await load(s.port, seconds, rpc);
      const cpu = (await s.cpu()) - before;
      if (r.errors > 0 || r.non2xx > 0)
        throw new Error(`${s.kind}: ${r.errors} errors, ${r.non2xx} non-2xx`);
      samples.get(s.kind)?.push(r.requests.total / (cpu / 1e6));
    }
  }
  console.table(
    [...samples].map(([kind, list]) => ({
      server: kind,
      'req/CPU-s (median)': Math.round(median(list)).toLocaleString('en-US'),
      rounds: list.map(Math.round).join(' '),
    })),
  );
  return samples;
}

function ratio(samples: Map<string, number[]>, subject: string, peer: string): number {
  const mine = samples.get(subject) ?? [];
  const theirs = samples.get(peer) ?? [];
  return median(mine.map((m, i) => m / (theirs[i] as number)));
}

/** run executes the suite: `jsonrpc: svckit/node-http = R` and `proxy: svckit/node-http-proxy = R`. */
export async function run(): Promise<void> {
  const rounds = Number(process.env['SVCKIT_BENCH_RPC_ROUNDS'] ?? 5);
  const seconds = Number(process.env['SVCKIT_BENCH_RPC_SECONDS'] ?? 1.5);
  const started: Started[] = [];
  try {
    const rpc = [await start('jsonrpc-node'), await start('jsonrpc-svckit')];
    started.push(...rpc);
    for (const s of rpc) {
      const res = await fetch(`http://127.0.0.1:${s.port}/`, { method: 'POST', body: rpcBody });
      const text = await res.text();
      if (text !== '{"jsonrpc":"2.0","result":{"v":3},"id":1}\n')
        throw new Error(`${s.kind}: ${text}`);
    }
    console.log(
      `jsonrpc: ${rounds} rounds x ${seconds} s per server, 50 connections, one sum call per request`,
    );
    const rpcSamples = await compareServers(rpc, rounds, seconds, true);
    summary('jsonrpc', 'svckit', 'node-http', ratio(rpcSamples, 'jsonrpc-svckit', 'jsonrpc-node'));
    for (const s of rpc) await s.stop();

    const origin = await start('origin');
    started.push(origin);
    const proxies = [
      await start('proxy-http-proxy', origin.port),
      await start('proxy-svckit', origin.port),
      await start('proxy-pipe', origin.port),
    ];
    started.push(...proxies);
    console.log(
      `proxy: ${rounds} rounds x ${seconds} s per proxy, 50 connections, GET of 1 KiB, CPU of the proxy process`,
    );
    const proxySamples = await compareServers(proxies, rounds, seconds, false);
    summary(
      'proxy',
      'svckit',
      'node-http-proxy',
      ratio(proxySamples, 'proxy-svckit', 'proxy-http-proxy'),
    );
    summary('proxy', 'svckit', 'node-pipe', ratio(proxySamples, 'proxy-svckit', 'proxy-pipe'));
  } finally {
    for (const s of started) await s.stop();
  }
}

/**
 * The `http` suite: requests per second of the same uppercase service served by (a) raw
 * node:http with hand-written JSON handling, (b) svckit's HTTP server, (b') the same behind
 * svckit's router among 20 routes, (c) Fastify and (d) Express. Each server runs alone in its own child process; autocannon drives it from this
 * process over 127.0.0.1 (50 connections, pipelining 1), after a 1 s warm-up, in rounds.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { run as runClient } from '../http-client.js';
import { summary } from '../report.js';

const serverScript = fileURLToPath(new URL('../http-servers.js', import.meta.url));
const fetchScript = fileURLToPath(new URL('../fetch-servers.js', import.meta.url));
const nodeKinds = ['node-http', 'svckit', 'svckit-router', 'fastify', 'express'] as const;
const bunKinds = ['bun-raw', 'hono-bun', 'svckit-bun'] as const;
const denoKinds = ['deno-raw', 'svckit-deno'] as const;
type Kind = (typeof nodeKinds)[number] | (typeof bunKinds)[number] | (typeof denoKinds)[number];

// The Bun and Deno binaries of the npm packages `@oven/bun-linux-x64` and `deno` (a bench
// devDependency); a runtime whose binary is missing is left out with a loud line.
const root = new URL('../../../node_modules/', import.meta.url);
const bunBinary = fileURLToPath(new URL('@oven/bun-linux-x64/bin/bun', root));
const denoBinary = fileURLToPath(new URL('@deno/linux-x64-glibc/deno', root));

/** command is how a kind's server process starts: its runtime and arguments. */
function command(kind: Kind): [string, string[]] {
  if ((bunKinds as readonly string[]).includes(kind)) return [bunBinary, [fetchScript, kind]];
  if ((denoKinds as readonly string[]).includes(kind))
    return [denoBinary, ['run', '-A', '--quiet', fetchScript, kind]];
  return [process.execPath, [serverScript, kind]];
}

function availableKinds(): Kind[] {
  const list: Kind[] = [...nodeKinds];
  if (existsSync(bunBinary)) list.push(...bunKinds);
  else console.log(`http: no Bun binary at ${bunBinary}; the Bun lines are left out`);
  if (existsSync(denoBinary)) list.push(...denoKinds);
  else console.log(`http: no Deno binary at ${denoBinary}; the Deno lines are left out`);
  // SVCKIT_BENCH_HTTP_KINDS=a,b,... measures only those servers (a line whose pair is not
  // measured is left out).
  const only = process.env['SVCKIT_BENCH_HTTP_KINDS']?.split(',');
  return only === undefined ? list : list.filter((k) => only.includes(k));
}

/**
 * procCpu is a process's CPU time in microseconds (user + system) from /proc/<pid>/stat, for
 * the Bun and Deno servers that have no Node IPC channel. Linux ticks are 10 ms.
 */
async function procCpu(pid: number): Promise<number> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10_000;
}

/** Measurement is the result of one load run against one server. */
interface Measurement {
  readonly kind: Kind;
  readonly reqPerSec: number;
  /** reqPerCpuSec is requests served per second of the server process's CPU time. */
  readonly reqPerCpuSec: number;
  readonly p99: number;
  readonly errors: number;
  readonly non2xx: number;
}

async function load(port: number, seconds: number): Promise<autocannon.Result> {
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

/** Started is a server child process and its port. */
interface Started {
  readonly kind: Kind;
  readonly port: number;
  cpu(): Promise<number>;
  stop(): Promise<void>;
}

async function start(kind: Kind): Promise<Started> {
  const [file, args] = command(kind);
  const node = file === process.execPath;
  const child = spawn(file, args, {
    stdio: ['ignore', 'pipe', 'inherit', ...(node ? (['ipc'] as const) : [])],
  });
  const cpu = (): Promise<number> =>
    node
      ? new Promise((resolve) => {
          child.once('message', (u: { user: number; system: number }) =>
            resolve(u.user + u.system),
          );
          child.send('cpu');
        })
      : procCpu(child.pid as number);
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
      child.once('exit', (code) => reject(new Error(`${kind} server exited with ${code}`)));
      setTimeout(() => reject(new Error(`${kind} server did not start`)), 10_000).unref();
    });
    // Check the wire before measuring: every server must answer the same thing.
    const check = await fetch(`http://127.0.0.1:${port}/uppercase`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"s":"hello, world"}',
    });
    const text = await check.text();
    if (check.status !== 200 || (JSON.parse(text) as { v?: string }).v !== 'HELLO, WORLD')
      throw new Error(`${kind} answered ${check.status} ${text}`);
    return { kind, port, cpu, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/**
 * run executes the suite and prints `http: svckit/<peer> = <ratio>` for each peer, the ratio of
 * requests served per CPU second of the server process: the median over rounds (which visit the
 * servers in a rotating order) of svckit's figure over the peer's in the same round.
 * Wall-clock req/s is printed too, for information: on a shared machine it swings 2-3x
 * between rounds.
 */
export async function run(): Promise<void> {
  const rounds = Number(process.env['SVCKIT_BENCH_HTTP_ROUNDS'] ?? 8);
  const seconds = Number(process.env['SVCKIT_BENCH_HTTP_SECONDS'] ?? 1.5);
  const started: Started[] = [];
  try {
    const kinds = availableKinds();
    for (const kind of kinds) started.push(await start(kind));
    for (const s of started) await load(s.port, 1); // warm-up: JIT, sockets
    const samples = new Map<Kind, Measurement[]>(kinds.map((k) => [k, []]));
    for (let round = 0; round < rounds; round++) {
      for (let i = 0; i < started.length; i++) {
        const s = started[(i + round) % started.length] as Started;
        const cpuBefore = await s.cpu();
        const r = await load(s.port, seconds);
        const cpuMicros = (await s.cpu()) - cpuBefore;
        samples.get(s.kind)?.push({
          kind: s.kind,
          reqPerSec: r.requests.average,
          reqPerCpuSec: r.requests.total / (cpuMicros / 1e6),
          p99: r.latency.p99,
          errors: r.errors,
          non2xx: r.non2xx,
        });
      }
    }
    const perKind = new Map<Kind, number>();
    const rows = kinds.map((kind) => {
      const list = samples.get(kind) ?? [];
      const rps = median(list.map((m) => m.reqPerSec));
      perKind.set(kind, rps);
      return {
        server: kind,
        'req/s (median)': Math.round(rps).toLocaleString('en-US'),
        rounds: list.map((m) => Math.round(m.reqPerSec)).join(' '),
        'req/CPU-s (median)': Math.round(median(list.map((m) => m.reqPerCpuSec))).toLocaleString(
          'en-US',
        ),
        'p99 ms': median(list.map((m) => m.p99)),
        errors: list.reduce((n, m) => n + m.errors, 0),
        non2xx: list.reduce((n, m) => n + m.non2xx, 0),
      };
    });
    console.log(
      `http: ${rounds} rounds x ${seconds} s per server, 50 connections, pipelining 1, POST /uppercase`,
    );
    console.table(rows);
    // A pair one of whose servers was not measured (SVCKIT_BENCH_HTTP_KINDS) is left out.
    const nodePeers = (['node-http', 'fastify', 'express'] as const).filter((k) => samples.has(k));
    if (samples.has('svckit')) {
      const svckitWall = perKind.get('svckit') as number;
      for (const peer of nodePeers)
        console.log(
          `http (wall-clock req/s, informational): svckit/${peer} = ${(svckitWall / (perKind.get(peer) as number)).toFixed(2)}`,
        );
      // The summary compares throughput per CPU second of the server process: on a shared
      // 2-core machine wall-clock req/s mostly measures the neighbours and the load generator.
      // Each round's svckit figure is divided by the same round's peer figure (measured seconds
      // apart, under the same load), and the median of those ratios is reported.
      const mine = samples.get('svckit') ?? [];
      for (const peer of nodePeers) {
        const theirs = samples.get(peer) ?? [];
        const ratios = mine.map((m, i) => m.reqPerCpuSec / (theirs[i] as Measurement).reqPerCpuSec);
        summary('http', 'svckit', peer, median(ratios));
      }
      // What routing costs: svckit's server behind createRouter among 20 routes, against the
      // same server behind one `req.url` comparison.
      const routed = samples.get('svckit-router');
      if (routed !== undefined)
        summary(
          'http',
          'svckit-router20',
          'svckit',
          median(routed.map((m, i) => m.reqPerCpuSec / (mine[i] as Measurement).reqPerCpuSec)),
        );
    }
    // The Fetch face on Bun and Deno, against the runtime's own server and Hono in the same run.
    const fetchPairs = [
      ['svckit-bun', 'hono-bun'],
      ['svckit-bun', 'bun-raw'],
      ['svckit-deno', 'deno-raw'],
    ] as const;
    for (const [a, b] of fetchPairs) {
      const as = samples.get(a);
      const bs = samples.get(b);
      if (as === undefined || bs === undefined) continue;
      const ratios = as.map((m, i) => m.reqPerCpuSec / (bs[i] as Measurement).reqPerCpuSec);
      summary('http', a, b, median(ratios));
    }
  } finally {
    for (const s of started) await s.stop();
  }
  // The client half: svckit's client endpoint vs raw http.request with the same keep-alive agent.
  await runClient();
}

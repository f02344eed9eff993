/**
 * A load-independent check of the `http` suite's Fetch-runtime ratios: instructions per
 * request, counted by `valgrind --tool=callgrind` (which counts instructions whatever else the
 * machine runs). `node bench/dist/http-callgrind.js [kind...]` starts each server of
 * fetch-servers.ts (bun-raw, hono-bun, svckit-bun, deno-raw, svckit-deno) under callgrind with
 * instrumentation off, sends a warm-up of requests, turns instrumentation on
 * (`callgrind_control -i on`), sends a fixed number of requests (10 keep-alive connections),
 * turns it off and reads the instruction count, then prints instructions per request and
 * `http-instructions: <a>/<b> = R` (the peer's instructions over svckit's: > 1 means svckit
 * does less work). Not part of `npm run bench`: a run takes minutes.
 */
import { execFile, spawn } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
const fetchScript = fileURLToPath(new URL('./fetch-servers.js', import.meta.url));
const root = new URL('../../node_modules/', import.meta.url);
const bun = fileURLToPath(new URL('@oven/bun-linux-x64/bin/bun', root));
const deno = fileURLToPath(new URL('@deno/linux-x64-glibc/deno', root));
const warmup = Number(process.env['SVCKIT_CALLGRIND_WARMUP'] ?? 20000);
const counted = Number(process.env['SVCKIT_CALLGRIND_REQUESTS'] ?? 3000);
const body = '{"s":"hello, world"}';

function command(kind: string): [string, string[]] {
  return kind.endsWith('-deno') || kind.startsWith('deno-')
    ? [deno, ['run', '-A', '--quiet', fetchScript, kind]]
    : [bun, [fetchScript, kind]];
}

/** send makes n POST /uppercase requests over 10 keep-alive connections. */
async function send(port: number, n: number): Promise<void> {
  const agent = new Agent({ keepAlive: true, maxSockets: 10 });
  let left = n;
  const one = (): Promise<void> =>
    new Promise((resolve, reject) => {
      const req = request(
        {
          agent,
          host: '127.0.0.1',
          port,
          method: 'POST',
          path: '/uppercase',
          headers: { 'content-type': 'application/json', 'content-length': body.length },
        },
        (res) => {
          let text = '';
          res.setEncoding('utf8');
          res.on('data', (d: string) => (text += d));
          res.on('end', () =>
            res.statusCode === 200 && text.includes('HELLO')
              ? resolve()
              : reject(new Error(`${res.statusCode} ${text}`)),
          );
        },
      );
      req.on('error', reject);
      req.end(body);
    });
  const worker = async (): Promise<void> => {
    while (left-- > 0) await one();
  };
  await Promise.all(Array.from({ length: 10 }, worker));
  agent.destroy();
}

/** measure returns the instructions per request of one kind's server. */
async function measure(kind: string): Promise<number> {
  const out = join(tmpdir(), `svckit-callgrind-${process.pid}-${kind}.out`);
  const [file, args] = command(kind);
  const child = spawn(
    'valgrind',
    ['--tool=callgrind', '--instr-atstart=no', `--callgrind-out-file=${out}`, file, ...args],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  try {
    const port = await new Promise<number>((resolve, reject) => {
      let text = '';
      child.stdout.setEncoding('utf8');
      child.stdout.on('data', (d: string) => {
        text += d;
        const m = /port (\d+)/.exec(text);
        if (m) resolve(Number(m[1]));
      });
      child.once('exit', (code) => reject(new Error(`${kind} exited with ${code}`)));
      setTimeout(() => reject(new Error(`${kind} did not start`)), 120_000).unref();
    });
    await send(port, warmup);
    await run('callgrind_control', ['-i', 'on', String(child.pid)]);
    await send(port, counted);
    await run('callgrind_control', ['-i', 'off', String(child.pid)]);
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGINT');
    await exited;
    const totals = /^totals: (\d+)/m.exec(readFileSync(out, 'utf8'));
    if (totals === null) throw new Error(`no instruction total in ${out}`);
    return Number(totals[1]) / counted;
  } finally {
    if (child.exitCode === null) child.kill('SIGKILL');
    if (process.env['SVCKIT_CALLGRIND_KEEP'] === undefined) rmSync(out, { force: true });
  }
}

const kinds = process.argv.slice(2);
const wanted =
  kinds.length > 0 ? kinds : ['bun-raw', 'hono-bun', 'svckit-bun', 'deno-raw', 'svckit-deno'];
const perRequest = new Map<string, number>();
for (const kind of wanted) {
  const n = await measure(kind);
  perRequest.set(kind, n);
  console.log(`${kind}: ${Math.round(n).toLocaleString('en-US')} instructions/request`);
}
for (const [a, b] of [
  ['svckit-bun', 'hono-bun'],
  ['svckit-bun', 'bun-raw'],
  ['svckit-deno', 'deno-raw'],
] as const) {
  const mine = perRequest.get(a);
  const theirs = perRequest.get(b);
  if (mine !== undefined && theirs !== undefined)
    console.log(`http-instructions: ${a}/${b} = ${(theirs / mine).toFixed(2)}`);
}

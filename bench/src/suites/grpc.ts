/**
 * The `grpc` suite: the same unary call (Sum of two int64s) served and called by svckit's
 * gRPC server and client (`@svckit/grpc`, on the core kernel) and by raw grpc-js with the same
 * generated messages and serializers. Each pair runs in its own child process, 50 calls in
 * flight over 127.0.0.1, in alternating rounds after a warm-up.
 */
import { fork } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { summary } from '../report.js';

const pairScript = fileURLToPath(new URL('../grpc-pair.js', import.meta.url));
const kinds = ['svckit', 'grpc-js'] as const;
type Kind = (typeof kinds)[number];

interface Sample {
  readonly calls: number;
  readonly errors: number;
  readonly wall: number;
  readonly cpu: number;
}

function startPair(kind: Kind): Promise<ChildProcess> {
  const child = fork(pairScript, [kind], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  return new Promise((resolve, reject) => {
    child.once('message', () => resolve(child));
    child.once('exit', (code) => reject(new Error(`${kind} pair exited with ${code}`)));
  });
}

function measure(child: ChildProcess, seconds: number, inFlight: number): Promise<Sample> {
  return new Promise((resolve) => {
    child.once('message', (m: Sample) => resolve(m));
    child.send({ seconds, inFlight });
  });
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/**
 * run prints `grpc: svckit/grpc-js = <ratio>`: the median over rounds of svckit's calls per
 * CPU second (server and client together, in one process) over raw grpc-js's in the same
 * round. Wall-clock calls/s is printed too, for information.
 */
export async function run(): Promise<void> {
  const rounds = Number(process.env['SVCKIT_BENCH_GRPC_ROUNDS'] ?? 8);
  const seconds = Number(process.env['SVCKIT_BENCH_GRPC_SECONDS'] ?? 1.5);
  const inFlight = 50;
  const children = new Map<Kind, ChildProcess>();
  try {
    for (const kind of kinds) children.set(kind, await startPair(kind));
    for (const kind of kinds) await measure(children.get(kind) as ChildProcess, 1, inFlight);
    const samples = new Map<Kind, Sample[]>(kinds.map((k) => [k, []]));
    for (let round = 0; round < rounds; round++) {
      const order = round % 2 === 0 ? kinds : [...kinds].reverse();
      for (const kind of order) {
        samples
          .get(kind)
          ?.push(await measure(children.get(kind) as ChildProcess, seconds, inFlight));
      }
    }
    console.log(
      `grpc: ${rounds} rounds x ${seconds} s per pair, ${inFlight} calls in flight, unary Sum`,
    );
    console.table(
      kinds.map((kind) => {
        const list = samples.get(kind) ?? [];
        return {
          pair: kind,
          'calls/s (median)': Math.round(median(list.map((s) => s.calls / s.wall))).toLocaleString(
            'en-US',
          ),
          'calls/CPU-s (median)': Math.round(
            median(list.map((s) => s.calls / s.cpu)),
          ).toLocaleString('en-US'),
          errors: list.reduce((n, s) => n + s.errors, 0),
        };
      }),
    );
    const mine = samples.get('svckit') ?? [];
    const theirs = samples.get('grpc-js') ?? [];
    const wall = mine.map(
      (m, i) => m.calls / m.wall / ((theirs[i] as Sample).calls / (theirs[i] as Sample).wall),
    );
    console.log(
      `grpc (wall-clock calls/s, informational): svckit/grpc-js = ${median(wall).toFixed(2)}`,
    );
    const perCpu = mine.map(
      (m, i) => m.calls / m.cpu / ((theirs[i] as Sample).calls / (theirs[i] as Sample).cpu),
    );
    summary('grpc', 'svckit', 'grpc-js', median(perCpu));
  } finally {
    for (const child of children.values()) child.send('stop');
  }
}

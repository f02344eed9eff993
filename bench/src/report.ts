/**
 * Benchmark reporting shared by every suite. Each comparison ends with one machine-readable
 * line, exactly `<suite>: <subject>/<peer> = <ratio>`, where the ratio is subject throughput
 * over peer throughput (> 1 means svckit is faster).
 */
import { Bench } from 'tinybench';

/** Throughput holds a task name and its mean operations per second. */
export interface Throughput {
  readonly name: string;
  readonly opsPerSec: number;
  readonly nsPerOp: number;
}

/** MicroOptions tunes {@link micro}: how long each task runs and warms up, in ms. */
export interface MicroOptions {
  readonly time?: number;
  readonly warmupTime?: number;
}

/**
 * micro runs in-process micro-benchmarks of the given tasks in one tinybench run, prints a table
 * and returns each task's throughput keyed by name. Tasks may return promises.
 */
export async function micro(
  tasks: Record<string, () => unknown>,
  options: MicroOptions = {},
): Promise<Record<string, Throughput>> {
  const bench = new Bench({ time: options.time ?? 1500, warmupTime: options.warmupTime ?? 300 });
  for (const [name, fn] of Object.entries(tasks)) bench.add(name, fn);
  await bench.run();
  const out: Record<string, Throughput> = {};
  for (const task of bench.tasks) {
    const result = task.result as
      { throughput?: { mean: number }; latency?: { mean: number } } | undefined;
    const opsPerSec = result?.throughput?.mean ?? 0;
    const msPerOp = result?.latency?.mean ?? 0;
    out[task.name] = { name: task.name, opsPerSec, nsPerOp: msPerOp * 1e6 };
  }
  console.table(
    Object.values(out).map((t) => ({
      task: t.name,
      'ops/s': Math.round(t.opsPerSec).toLocaleString('en-US'),
      'ns/op': t.nsPerOp.toFixed(1),
    })),
  );
  return out;
}

/**
 * summary prints the suite's machine-readable line for one comparison and returns the ratio,
 * rounded to two decimals.
 */
export function summary(suite: string, subject: string, peer: string, ratio: number): number {
  const rounded = Math.round(ratio * 100) / 100;
  console.log(`${suite}: ${subject}/${peer} = ${rounded.toFixed(2)}`);
  return rounded;
}

/** compare prints the summary line for two throughputs (subject over peer). */
export function compare(suite: string, subject: Throughput, peer: Throughput): number {
  return summary(suite, subject.name, peer.name, subject.opsPerSec / peer.opsPerSec);
}

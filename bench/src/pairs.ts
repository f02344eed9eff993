/**
 * Runs bench pairs (`msg-pair.js <kind> <url>`), each in its own child process, in alternating
 * rounds after a warm-up, and returns each kind's samples (calls, errors, wall and CPU seconds).
 */
import { fork } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const pairScript = fileURLToPath(new URL('./msg-pair.js', import.meta.url));

/** Sample is one measured round of one pair. */
export interface Sample {
  readonly calls: number;
  readonly errors: number;
  readonly wall: number;
  readonly cpu: number;
}

function start(kind: string, url: string): Promise<ChildProcess> {
  const child = fork(pairScript, [kind, url], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  return new Promise((resolve, reject) => {
    child.once('message', () => resolve(child));
    child.once('exit', (code) => reject(new Error(`${kind} pair exited with ${code}`)));
  });
}

/**
 * measure asks a pair for one round; it fails, never hangs, when the pair exits (its broker
 * died under it) or does not answer within the round plus 30 s (a call's deadline is 10 s).
 */
function measure(child: ChildProcess, seconds: number, inFlight: number): Promise<Sample> {
  return new Promise((resolve, reject) => {
    const fail = (why: string): void => {
      cleanup();
      reject(new Error(`bench pair ${child.spawnargs.slice(-2, -1).join('')}: ${why}`));
    };
    const onMessage = (m: Sample): void => (cleanup(), resolve(m));
    const onExit = (code: number | null): void => fail(`exited (${code}) mid-round`);
    const timer = setTimeout(() => fail('no answer in time'), (seconds + 30) * 1000);
    const cleanup = (): void => {
      clearTimeout(timer);
      child.off('message', onMessage);
      child.off('exit', onExit);
    };
    child.once('message', onMessage);
    child.once('exit', onExit);
    if (child.exitCode !== null) return fail(`exited (${child.exitCode}) before the round`);
    child.send({ seconds, inFlight });
  });
}

/** median of a list. */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/** runPairs measures every kind `rounds` times (order alternating) and stops them. */
export async function runPairs(
  kinds: readonly string[],
  url: string,
  rounds: number,
  seconds: number,
  inFlight: number,
): Promise<Map<string, Sample[]>> {
  const children = new Map<string, ChildProcess>();
  try {
    for (const kind of kinds) children.set(kind, await start(kind, url));
    for (const kind of kinds) await measure(children.get(kind) as ChildProcess, 1, inFlight);
    const samples = new Map<string, Sample[]>(kinds.map((k) => [k, []]));
    for (let round = 0; round < rounds; round++) {
      const order = round % 2 === 0 ? kinds : [...kinds].reverse();
      for (const kind of order) {
        samples
          .get(kind)
          ?.push(await measure(children.get(kind) as ChildProcess, seconds, inFlight));
      }
    }
    return samples;
  } finally {
    for (const child of children.values()) {
      if (child.exitCode === null && child.connected) {
        child.send('stop');
        setTimeout(() => child.kill('SIGKILL'), 10_000).unref(); // a pair stuck closing
      } else child.kill();
    }
  }
}

/** table prints calls/s and calls per CPU-second (medians) and errors per kind. */
export function table(samples: Map<string, Sample[]>): void {
  console.table(
    [...samples].map(([kind, list]) => ({
      pair: kind,
      'calls/s (median)': Math.round(median(list.map((s) => s.calls / s.wall))).toLocaleString(
        'en-US',
      ),
      'calls/CPU-s (median)': Math.round(median(list.map((s) => s.calls / s.cpu))).toLocaleString(
        'en-US',
      ),
      errors: list.reduce((n, s) => n + s.errors, 0),
    })),
  );
}

/** ratio is the median over rounds of a's metric over b's in the same round. */
export function ratio(
  samples: Map<string, Sample[]>,
  a: string,
  b: string,
  per: 'cpu' | 'wall',
): number {
  const mine = samples.get(a) ?? [];
  const theirs = samples.get(b) ?? [];
  return median(
    mine.map(
      (m, i) => m.calls / m[per] / ((theirs[i] as Sample).calls / (theirs[i] as Sample)[per]),
    ),
  );
}

import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import type { TestContext } from 'node:test';
import { fileURLToPath } from 'node:url';
import { freePort } from './free-port.js';
import { missingServiceAction } from './services.js';
import { startProcess } from './start-process.js';
import type { StartedProcess } from './start-process.js';
import { waitForPort } from './wait-for-port.js';

/**
 * GoKitPeerName names a Go kit peer program of `packages/testing/gokit/` (see the package
 * README for what each one serves or calls).
 */
export type GoKitPeerName = 'stringsvc' | 'stringcli' | 'stringsvc4' | 'addsvc' | 'addcli';

/** GOKIT_PEERS lists every peer, as `scripts/gokit.sh build` builds them. */
export const GOKIT_PEERS: readonly GoKitPeerName[] = Object.freeze([
  'stringsvc',
  'stringcli',
  'stringsvc4',
  'addsvc',
  'addcli',
]);

/** GoKitBuild is where the peers are, or why there are none. */
export type GoKitBuild = { readonly dir: string } | { readonly missing: string };

const script = fileURLToPath(new URL('../../../scripts/gokit.sh', import.meta.url));
const builds = new Map<string, GoKitBuild>();

/**
 * goKitBuild builds the peers if their sources changed since the cached build (`bash
 * scripts/gokit.sh build`; a cold build takes well under a minute) and returns the directory of
 * the binaries, or `{ missing }` with the reason when Go or a Debian Go package is not
 * installed. A build that fails for any other reason (a compile error) throws with Go's output.
 * Memoized per process and per `SVCKIT_GO`; synchronous, so it may run at module load.
 */
export function goKitBuild(env: NodeJS.ProcessEnv = process.env): GoKitBuild {
  const memo = env['SVCKIT_GO'] ?? '';
  const known = builds.get(memo);
  if (known !== undefined) return known;
  let result: GoKitBuild;
  if (!existsSync(script)) {
    result = { missing: `no ${script}: @svckit/testing runs Go kit peers from the svckit repo` };
  } else {
    const run = spawnSync('bash', [script, 'build'], {
      env,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: 30 * 60_000,
    });
    if (run.status === 0) {
      result = { dir: run.stdout.trim() };
    } else if (run.status === 3) {
      result = { missing: run.stderr.trim().split('\n').at(-1) ?? 'Go kit peers missing' };
    } else {
      throw new Error(
        `bash scripts/gokit.sh build failed (status ${run.status}, ${run.signal ?? 'no signal'}):\n` +
          `${run.stderr}${run.error === undefined ? '' : String(run.error)}`,
      );
    }
  }
  builds.set(memo, result);
  return result;
}

function skipMessage(reason: string): string {
  return `Go kit peers are not available: ${reason}`;
}

/**
 * goKitPeerPath returns the path of a peer's binary, building the peers if needed. When Go or
 * the peers are missing it throws under `CI=true` and otherwise skips the test loudly and
 * returns undefined (as requireBinary does).
 */
export function goKitPeerPath(
  t: TestContext,
  name: GoKitPeerName,
  env: NodeJS.ProcessEnv = process.env,
): string | undefined {
  const build = goKitBuild(env);
  if ('dir' in build) return `${build.dir}/${name}`;
  const message = skipMessage(build.missing);
  if (missingServiceAction(env) === 'throw') {
    throw new Error(`${message} (CI=true: missing Go kit peers fail the test)`);
  }
  process.stderr.write(`\n!!! SKIPPED '${t.name}': ${message}\n\n`);
  t.skip(`!!! ${message}`);
  return undefined;
}

let warned = false;

/**
 * goKitSkip is the `skip` option of a `describe` whose tests run Go kit peers: false when the
 * peers are built (building them if needed) or under `CI=true` (so the tests run and fail on
 * their missing peers), else the loud reason, which is also written to stderr once.
 *
 * @example
 * describe('interop with Go kit', { skip: goKitSkip() }, () => { ... });
 */
export function goKitSkip(env: NodeJS.ProcessEnv = process.env): string | false {
  const build = goKitBuild(env);
  if ('dir' in build || missingServiceAction(env) === 'throw') return false;
  const message = `!!! ${skipMessage(build.missing)}`;
  if (!warned) process.stderr.write(`\n${message}\n\n`);
  warned = true;
  return message;
}

/** binary returns a peer's path or throws the reason it is missing. */
function binary(name: GoKitPeerName): string {
  const build = goKitBuild();
  if ('missing' in build) throw new Error(skipMessage(build.missing));
  return `${build.dir}/${name}`;
}

/** StartGoKitPeerOptions tune startGoKitPeer. */
export interface StartGoKitPeerOptions {
  /** args builds the command line from the free ports picked for the peer. */
  readonly args: (ports: readonly number[]) => readonly string[];
  /** How many free ports to pick (each is waited for until it accepts); 1 by default. */
  readonly ports?: number;
  /** A pattern the peer's output must show before it counts as started (NATS, AMQP). */
  readonly ready?: RegExp;
  /** How long to wait for the ports and the pattern; 15000 ms by default. */
  readonly timeoutMs?: number;
  /** The peer's environment; process.env by default. */
  readonly env?: NodeJS.ProcessEnv;
}

/** GoKitPeer is a running peer server. */
export interface GoKitPeer {
  readonly name: GoKitPeerName;
  /** The ports it was given, in the order of `args`. */
  readonly ports: readonly number[];
  /** `127.0.0.1:<port>` for each port. */
  readonly addrs: readonly string[];
  readonly proc: StartedProcess;
  /** Stops its process group (SIGTERM, then SIGKILL). */
  stop(): Promise<void>;
}

async function waitForOutput(proc: StartedProcess, ready: RegExp, deadline: number): Promise<void> {
  while (!ready.test(proc.output())) {
    if (!proc.running() || Date.now() > deadline) {
      throw new Error(`no output matching ${String(ready)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/**
 * startGoKitPeer starts a peer server on free ports of 127.0.0.1 in its own process group and
 * resolves once every port accepts connections and its output matches `ready`; it rejects with
 * the peer's output when the peer exits or does not get there in time. Guard the test with
 * goKitPeerPath or goKitSkip first: here missing peers throw. Stop it with `stop()`.
 */
export async function startGoKitPeer(
  name: GoKitPeerName,
  options: StartGoKitPeerOptions,
): Promise<GoKitPeer> {
  const bin = binary(name);
  const ports: number[] = [];
  for (let i = 0; i < (options.ports ?? 1); i++) ports.push(await freePort());
  const args = options.args(ports);
  const proc = await startProcess(bin, args, options.env === undefined ? {} : { env: options.env });
  const timeoutMs = options.timeoutMs ?? 15_000;
  const deadline = Date.now() + timeoutMs;
  try {
    const up = Promise.all([
      ...ports.map((port) => waitForPort('127.0.0.1', port, timeoutMs)),
      ...(options.ready === undefined ? [] : [waitForOutput(proc, options.ready, deadline)]),
    ]);
    await Promise.race([
      up,
      proc.exited.then((exit) => {
        throw new Error(`exited (${exit.code ?? exit.signal}) before it was ready`);
      }),
    ]);
  } catch (err) {
    await proc.stop();
    throw new Error(`Go kit peer ${name} ${args.join(' ')} did not start:\n${proc.output()}`, {
      cause: err,
    });
  }
  return {
    name,
    ports,
    addrs: ports.map((port) => `127.0.0.1:${port}`),
    proc,
    stop: () => proc.stop(),
  };
}

/** GoKitRun is how a peer client's run ended and what it printed. */
export interface GoKitRun {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * runGoKitPeer runs a peer client (stringcli, addcli) to its end and resolves with its exit
 * and output; it is killed (SIGKILL) after timeoutMs (15000 by default). Asynchronous, so the
 * servers of the test's own process keep answering the client meanwhile.
 */
export function runGoKitPeer(
  name: GoKitPeerName,
  args: readonly string[],
  options: { readonly timeoutMs?: number; readonly env?: NodeJS.ProcessEnv } = {},
): Promise<GoKitRun> {
  const bin = binary(name);
  return new Promise((resolve, reject) => {
    const child = spawn(bin, args, {
      env: options.env ?? process.env,
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: options.timeoutMs ?? 15_000,
      killSignal: 'SIGKILL',
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.once('error', reject);
    child.once('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}

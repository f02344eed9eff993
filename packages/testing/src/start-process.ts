import { spawn } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { signalGroup } from './process-group.js';

/** StartProcessOptions tunes startProcess. */
export interface StartProcessOptions {
  /** Working directory of the process. */
  readonly cwd?: string;
  /** Its whole environment; process.env by default. */
  readonly env?: NodeJS.ProcessEnv;
  /** How long stop() waits after SIGTERM before SIGKILL; 5000 ms by default. */
  readonly stopTimeoutMs?: number;
  /** How much of the output (stdout and stderr, interleaved) to keep; the last 1 MiB by default. */
  readonly maxOutputBytes?: number;
  /**
   * Append stdout and stderr to this file instead of collecting them in memory; output() then
   * reads the file's tail. The process then needs nothing from this one to go on running.
   */
  readonly logFile?: string;
  /**
   * Leave the process running when this one exits (no SIGKILL at exit, the child unref'd), for
   * a server that a CLI starts and a later one stops by PID (see stopGroup). Needs `logFile`.
   */
  readonly keepAfterExit?: boolean;
}

/** ProcessExit is how a process ended: its exit code, or the signal that killed it. */
export interface ProcessExit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
}

/** StartedProcess is a process started by startProcess, leading its own process group. */
export interface StartedProcess {
  /** The process ID, which is also the ID of its process group. */
  readonly pid: number;
  /** Settles when the process has exited. */
  readonly exited: Promise<ProcessExit>;
  /** Whether the process has not exited yet. */
  running(): boolean;
  /** The output collected so far (stdout and stderr, interleaved, the tail when long). */
  output(): string;
  /** Sends a signal to the whole process group (SIGKILL to crash it, SIGSTOP to hang it). */
  signal(signal: NodeJS.Signals): void;
  /**
   * Stops the whole process group: SIGTERM, then SIGKILL when the process has not exited within
   * stopTimeoutMs; resolves once it has exited. Safe to call more than once.
   */
  stop(): Promise<void>;
}

const live = new Set<number>();
let exitHookInstalled = false;

function fileTail(file: string, maxBytes: number): string {
  try {
    const text = readFileSync(file, 'utf8');
    return text.length > maxBytes ? text.slice(text.length - maxBytes) : text;
  } catch {
    return '';
  }
}

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  // A test that forgot stop() (or crashed) must not leave servers behind.
  process.on('exit', () => {
    for (const pid of live) signalGroup(pid, 'SIGKILL');
  });
}

/**
 * startProcess spawns cmd with args in its own process group (`detached: true`), collects its
 * output, and resolves once it has been spawned (rejects when it could not be, e.g. ENOENT).
 * Fault tests use it to run a server of their own on a free port and kill it; any process group
 * still alive when the test process exits is killed with SIGKILL (unless `keepAfterExit`).
 */
export function startProcess(
  cmd: string,
  args: readonly string[] = [],
  options: StartProcessOptions = {},
): Promise<StartedProcess> {
  const stopTimeoutMs = options.stopTimeoutMs ?? 5000;
  const maxOutput = options.maxOutputBytes ?? 1024 * 1024;
  const { logFile } = options;
  const keep = options.keepAfterExit === true;
  if (keep && logFile === undefined) {
    return Promise.reject(new Error('startProcess: keepAfterExit needs a logFile'));
  }
  if (!keep) installExitHook();
  const logFd = logFile === undefined ? undefined : openSync(logFile, 'a');
  const child = spawn(cmd, args, {
    cwd: options.cwd,
    env: options.env ?? process.env,
    detached: true,
    stdio: logFd === undefined ? ['ignore', 'pipe', 'pipe'] : ['ignore', logFd, logFd],
  });
  // The child holds its own copy of the descriptor.
  if (logFd !== undefined) closeSync(logFd);
  let out = '';
  const collect = (chunk: Buffer): void => {
    out += chunk.toString('utf8');
    if (out.length > maxOutput) out = out.slice(out.length - maxOutput);
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  if (keep) child.unref();
  let exit: ProcessExit | undefined;
  const exited = new Promise<ProcessExit>((resolve) => {
    child.once('exit', (code, signal) => {
      exit = { code, signal };
      if (child.pid !== undefined) live.delete(child.pid);
      resolve(exit);
    });
  });
  return new Promise((resolve, reject) => {
    child.once('error', (err) => {
      if (child.pid === undefined) reject(err);
    });
    child.once('spawn', () => {
      const pid = child.pid;
      if (pid === undefined) {
        reject(new Error(`startProcess: ${cmd} has no pid`));
        return;
      }
      if (!keep) live.add(pid);
      let stopping: Promise<void> | undefined;
      const stop = async (): Promise<void> => {
        if (exit === undefined) {
          signalGroup(pid, 'SIGTERM');
          const timer = new AbortController();
          const timedOut = await Promise.race([
            exited.then(() => false),
            sleep(stopTimeoutMs, true, { signal: timer.signal }).catch(() => false),
          ]);
          timer.abort();
          if (timedOut) signalGroup(pid, 'SIGKILL');
          await exited;
        }
        // Whatever the leader left behind in its group goes too.
        signalGroup(pid, 'SIGKILL');
      };
      resolve({
        pid,
        exited,
        running: () => exit === undefined,
        output: () => (logFile === undefined ? out : fileTail(logFile, maxOutput)),
        signal: (signal) => signalGroup(pid, signal),
        stop: () => (stopping ??= stop()),
      });
    });
  });
}

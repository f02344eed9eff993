import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, isAbsolute, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { findFile } from './find-file.js';
import { pidAlive, processStartTime, stopGroup } from './process-group.js';
import type { Probe, ProcessSpec, ServerContext, ServerSpec } from './server-spec.js';
import { startProcess } from './start-process.js';
import type { StartedProcess } from './start-process.js';

/** ServerState is what `<run dir>/<name>.json` records of a running server. */
export interface ServerState {
  readonly ports: Readonly<Record<string, number>>;
  readonly processes: readonly RecordedProcess[];
}

/** RecordedProcess is one process of a server: its PID and start time (to spot a reused PID). */
export interface RecordedProcess {
  readonly name: string;
  readonly pid: number;
  readonly start?: string | undefined;
}

const statePath = (runDir: string, name: string): string => join(runDir, `${name}.json`);

/** logPath is where a process of a server writes its output. */
export function logPath(runDir: string, name: string, proc?: ProcessSpec): string {
  return join(runDir, proc?.name === undefined ? `${name}.log` : `${name}-${proc.name}.log`);
}

/** readState returns the recorded state of a server, or undefined when none (or unreadable). */
export function readState(runDir: string, name: string): ServerState | undefined {
  try {
    return JSON.parse(readFileSync(statePath(runDir, name), 'utf8')) as ServerState;
  } catch {
    return undefined;
  }
}

function writeState(runDir: string, name: string, state: ServerState): void {
  writeFileSync(statePath(runDir, name), `${JSON.stringify(state)}\n`);
}

/** locateFiles finds each of an entry's files: its path, or undefined when not installed. */
export function locateFiles(spec: ServerSpec): Record<string, string | undefined> {
  return Object.fromEntries(Object.entries(spec.files).map(([key, f]) => [key, findFile(f)]));
}

/** serverContext builds what an entry's functions see, failing loudly on an unknown key. */
export function serverContext(
  name: string,
  runDir: string,
  ports: Readonly<Record<string, number>>,
  files: Readonly<Record<string, string | undefined>>,
): ServerContext {
  return {
    name,
    runDir,
    dir: join(runDir, name),
    port: (role) => {
      const port = ports[role];
      if (port === undefined) throw new Error(`${name}: no port for role '${role}'`);
      return port;
    },
    file: (key) => {
      const file = files[key];
      if (file === undefined) throw new Error(`${name}: '${key}' is not installed`);
      return file;
    },
  };
}

/** processesAlive tells whether every recorded process of a state still runs. */
export function processesAlive(state: ServerState): boolean {
  return state.processes.length > 0 && state.processes.every((p) => pidAlive(p.pid, p.start));
}

/** runningState returns the state of a server whose processes run and which answers its probe. */
export async function runningState(
  name: string,
  spec: ServerSpec,
  runDir: string,
): Promise<ServerState | undefined> {
  const state = readState(runDir, name);
  if (state === undefined || !processesAlive(state)) return undefined;
  const ctx = serverContext(name, runDir, state.ports, locateFiles(spec));
  return spec.ready === undefined || (await spec.ready(ctx)) ? state : undefined;
}

/** stopServer stops a server's recorded processes, last started first, and forgets its state. */
export async function stopServer(name: string, spec: ServerSpec, runDir: string): Promise<void> {
  const state = readState(runDir, name);
  for (const recorded of [...(state?.processes ?? [])].reverse()) {
    const proc = spec.processes?.find((p) => (p.name ?? 'server') === recorded.name);
    await stopGroup(recorded.pid, proc?.stopTimeoutMs ?? 10_000, recorded.start);
  }
  rmSync(statePath(runDir, name), { force: true });
}

function tail(file: string, lines = 30): string {
  try {
    return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

/** Polls probe until it says yes; throws when a process dies first or timeoutMs passes. */
async function waitReady(
  what: string,
  probe: Probe,
  ctx: ServerContext,
  started: readonly { readonly proc: StartedProcess; readonly log: string }[],
  timeoutMs: number,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const dead = started.find((s) => !s.proc.running());
    if (dead !== undefined) {
      throw new Error(
        `${what} exited before it was ready; the end of ${dead.log}:\n${tail(dead.log)}`,
      );
    }
    if (await probe(ctx)) {
      if (started.every((s) => s.proc.running())) return;
      continue;
    }
    if (Date.now() > deadline) {
      const logs = started.map((s) => `the end of ${s.log}:\n${tail(s.log)}`).join('\n');
      throw new Error(`${what} not ready after ${timeoutMs / 1000} s; ${logs}`);
    }
    await sleep(200);
  }
}

function writeConfig(ctx: ServerContext, spec: ServerSpec): void {
  for (const file of spec.config?.(ctx) ?? []) {
    const path = isAbsolute(file.path) ? file.path : join(ctx.dir, file.path);
    if (file.keep === true && existsSync(path)) continue;
    mkdirSync(dirname(path), { recursive: true });
    rmSync(path, { force: true }); // a read-only file (the Erlang cookie) cannot be rewritten
    writeFileSync(path, file.text, { mode: file.mode ?? 0o644 });
  }
}

/**
 * startServer starts an entry's processes on the given ports, in order, each left running after
 * this process exits and recorded in `<run dir>/<name>.json`, and resolves once the server
 * answers. On failure it stops what it started and throws with the end of the logs.
 */
export async function startServer(
  name: string,
  spec: ServerSpec,
  runDir: string,
  ports: Readonly<Record<string, number>>,
): Promise<void> {
  const files = locateFiles(spec);
  const ctx = serverContext(name, runDir, ports, files);
  if (spec.fresh === true) rmSync(ctx.dir, { recursive: true, force: true });
  mkdirSync(ctx.dir, { recursive: true, mode: 0o700 });
  writeConfig(ctx, spec);
  const recorded: RecordedProcess[] = [];
  const started: { proc: StartedProcess; log: string }[] = [];
  try {
    for (const proc of spec.processes ?? []) {
      const log = logPath(runDir, name, proc);
      writeFileSync(log, '');
      const extra = proc.env?.(ctx) ?? {};
      const env =
        proc.cleanEnv === true
          ? { PATH: process.env['PATH'] ?? '', ...extra }
          : { ...process.env, ...extra };
      const child = await startProcess(ctx.file(proc.command), proc.args(ctx), {
        cwd: runDir,
        env,
        logFile: log,
        keepAfterExit: true,
      });
      recorded.push({
        name: proc.name ?? 'server',
        pid: child.pid,
        start: processStartTime(child.pid),
      });
      writeState(runDir, name, { ports, processes: recorded });
      started.push({ proc: child, log });
      if (proc.ready !== undefined) {
        await waitReady(`${name} (${proc.name ?? proc.command})`, proc.ready, ctx, started, 10_000);
      }
    }
    if (spec.ready !== undefined) {
      await waitReady(name, spec.ready, ctx, started, spec.readyTimeoutMs ?? 30_000);
    }
  } catch (err) {
    await stopServer(name, spec, runDir);
    throw err;
  }
}

import { spawn } from 'node:child_process';

/** RegistrarProcess is another process that registered an instance (see {@link startRegistrarProcess}). */
export interface RegistrarProcess {
  /** pid is the process ID. */
  readonly pid: number;
  /** exited settles once the process has exited. */
  readonly exited: Promise<void>;
  /** kill sends a signal (SIGKILL by default); harmless once the process has exited. */
  kill(signal?: NodeJS.Signals): void;
  /** output is what the process printed so far (stdout and stderr). */
  output(): string;
}

/** The line a registrar process prints once it has registered. */
export const REGISTERED_LINE = 'svckit-registered';

/**
 * announceRegistered tells the parent (see {@link startRegistrarProcess}) that this process has
 * registered its instance; call it in the child after `await registrar.register()`.
 */
export function announceRegistered(): void {
  process.stdout.write(`${REGISTERED_LINE}\n`);
}

/**
 * startRegistrarProcess runs `node module ...args` (a script that registers an instance, calls
 * {@link announceRegistered}, and keeps running) and resolves once it has announced; it
 * rejects, killing the process, when it exits first or after `timeoutMs` (default 10 000).
 * The process is killed with SIGKILL when this one exits.
 */
export function startRegistrarProcess(
  module: string,
  args: readonly string[],
  options: { timeoutMs?: number; env?: NodeJS.ProcessEnv } = {},
): Promise<RegistrarProcess> {
  const child = spawn(process.execPath, [module, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: options.env ?? process.env,
  });
  let out = '';
  let done = false;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const killAtExit = (): void => void child.kill('SIGKILL');
  process.once('exit', killAtExit);
  void exited.then(() => process.off('exit', killAtExit));
  const handle: RegistrarProcess = {
    pid: child.pid ?? -1,
    exited,
    kill(signal = 'SIGKILL') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    },
    output: () => out,
  };
  return new Promise((resolve, reject) => {
    const fail = (why: string): void => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      handle.kill('SIGKILL');
      reject(new Error(`registrar process ${why}; output:\n${out}`));
    };
    const timer = setTimeout(() => fail('did not register in time'), options.timeoutMs ?? 10_000);
    const onData = (chunk: Buffer): void => {
      out += chunk.toString('utf8');
      if (!done && out.includes(`${REGISTERED_LINE}\n`)) {
        done = true;
        clearTimeout(timer);
        resolve(handle);
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('error', (err) => fail(`failed to start (${err.message})`));
    void exited.then(() => fail(`exited (code ${child.exitCode}, signal ${child.signalCode})`));
  });
}

import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';

/**
 * signalGroup sends a signal to the process group led by pid (every process startProcess
 * starts leads one); a group that is gone already is ignored.
 */
export function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // The group is gone already.
  }
}

/** The fields of /proc/<pid>/stat after the command name: state first, start time 20th. */
function statFields(pid: number): string[] | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  } catch {
    return undefined;
  }
}

/**
 * processStartTime returns when pid started (clock ticks after boot, from /proc), to tell a
 * recorded process from an unrelated one that reuses its PID later; undefined when pid is gone.
 */
export function processStartTime(pid: number): string | undefined {
  return statFields(pid)?.[19];
}

/**
 * pidAlive tells whether pid runs: it can be signalled and is not a zombie waiting to be reaped.
 * With `startTime`, it must also be the process that started then (not a reused PID).
 */
export function pidAlive(pid: number, startTime?: string | undefined): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  const fields = statFields(pid);
  if (fields === undefined) return true;
  if (fields[0] === 'Z') return false;
  return startTime === undefined || fields[19] === startTime;
}

/**
 * stopGroup stops the process group led by pid, which another process may have started: SIGTERM
 * to the leader (a wrapper script such as rabbitmq-server's then stops its VM gracefully), then
 * SIGKILL to the whole group once the leader has exited or timeoutMs has passed. Resolves once
 * pid is gone (or after 5 s more). A pid whose start time is not `startTime` is left alone.
 */
export async function stopGroup(
  pid: number,
  timeoutMs: number,
  startTime?: string | undefined,
): Promise<void> {
  if (!pidAlive(pid, startTime)) return;
  try {
    process.kill(pid, 'SIGTERM');
  } catch {
    // Gone meanwhile.
  }
  const deadline = Date.now() + timeoutMs;
  while (pidAlive(pid) && Date.now() < deadline) await sleep(50);
  // Whatever is left of the group (children that ignored TERM) goes too.
  signalGroup(pid, 'SIGKILL');
  const killed = Date.now() + 5000;
  while (pidAlive(pid) && Date.now() < killed) await sleep(50);
}

import { connect } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

function tryConnect(host: string, port: number, timeoutMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    const done = (ok: boolean): void => {
      socket.removeAllListeners();
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

/**
 * waitForPort resolves once a TCP connection to host:port succeeds, polling every 50 ms, and
 * rejects when it has not within timeoutMs.
 */
export async function waitForPort(host: string, port: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const left = deadline - Date.now();
    if (left <= 0) break;
    if (await tryConnect(host, port, Math.min(1000, left))) return;
    await sleep(Math.min(50, Math.max(0, deadline - Date.now())));
  }
  throw new Error(
    `waitForPort: nothing accepted connections on ${host}:${port} in ${timeoutMs} ms`,
  );
}

/**
 * A nats-server of a test's own on a free port of 127.0.0.1 (fault tests kill and restart it;
 * `maxPayload` sets its `max_payload`, `config` adds lines to its config file).
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestContext } from 'node:test';
import { freePort, requireBinary, startProcess, waitForPort } from '@svckit/testing';
import type { StartedProcess } from '@svckit/testing';

/** OwnBroker is a nats-server the test started. */
export interface OwnBroker {
  readonly url: string;
  readonly port: number;
  /** kill SIGKILLs it. */
  kill(): Promise<void>;
  /** start (re)starts it on the same port and resolves once it accepts connections. */
  start(): Promise<void>;
  /** stop stops it for good. */
  stop(): Promise<void>;
}

/** ownBroker starts a nats-server on a free port, or returns undefined (skipped) without one. */
export async function ownBroker(
  t: TestContext,
  options: { readonly maxPayload?: number; readonly config?: string } = {},
): Promise<OwnBroker | undefined> {
  const bin = requireBinary(t, 'nats');
  if (bin === undefined) return undefined;
  const port = await freePort();
  const args = ['-a', '127.0.0.1', '-p', String(port)];
  if (options.maxPayload !== undefined || options.config !== undefined) {
    const dir = mkdtempSync(join(tmpdir(), 'svckit-nats-'));
    const conf = join(dir, 'nats.conf');
    const lines = [options.config ?? ''];
    if (options.maxPayload !== undefined) lines.push(`max_payload: ${options.maxPayload}`);
    writeFileSync(conf, `${lines.join('\n')}\n`);
    args.push('-c', conf);
  }
  let proc: StartedProcess | undefined;
  const start = async (): Promise<void> => {
    proc = await startProcess(bin, args);
    await waitForPort('127.0.0.1', port, 10_000);
  };
  await start();
  return {
    url: `nats://127.0.0.1:${port}`,
    port,
    async kill() {
      proc?.signal('SIGKILL');
      await proc?.exited;
    },
    start,
    async stop() {
      await proc?.stop();
    },
  };
}

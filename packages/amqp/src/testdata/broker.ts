/**
 * A RabbitMQ of a test's own (its own epmd, distribution and AMQP ports, all free ones, in a
 * temporary run dir), from the harness's own table entry: fault tests kill and restart it.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestContext } from 'node:test';
import { SERVERS, createServices, freePort, requireBinary, signalGroup } from '@svckit/testing';
import type { ServerSpec } from '@svckit/testing';

/** OwnBroker is a RabbitMQ the test started. */
export interface OwnBroker {
  readonly url: string;
  /** kill SIGKILLs the broker's node (a crash), then stops its epmd. */
  kill(): Promise<void>;
  /** start (re)starts it on the same ports; resolves once it accepts AMQP connections. */
  start(): Promise<void>;
  /** stop stops it for good and removes its dir. */
  stop(): Promise<void>;
}

/** ownBroker starts a RabbitMQ on free ports, or returns undefined (skipped) without one. */
export async function ownBroker(t: TestContext): Promise<OwnBroker | undefined> {
  if (requireBinary(t, 'rabbitmq-server') === undefined) return undefined;
  const dir = mkdtempSync(join(tmpdir(), 'svckit-rabbit-'));
  const amqp = await freePort();
  const dist = await freePort({ avoid: new Set([amqp]) });
  const epmd = await freePort({ avoid: new Set([amqp, dist]) });
  const spec = SERVERS.amqp as ServerSpec;
  const services = createServices(
    dir,
    { amqp: { ...spec, ports: { amqp, dist, epmd } } },
    () => undefined,
  );
  const start = async (): Promise<void> => {
    if (!(await services.up(['amqp']))) throw new Error(`own RabbitMQ did not start (see ${dir})`);
  };
  await start();
  return {
    url: `amqp://guest:guest@127.0.0.1:${amqp}`,
    async kill() {
      const state = JSON.parse(readFileSync(join(dir, 'amqp.json'), 'utf8')) as {
        processes: { name: string; pid: number }[];
      };
      for (const p of state.processes) if (p.name !== 'epmd') signalGroup(p.pid, 'SIGKILL');
      await services.down(['amqp']);
    },
    start,
    async stop() {
      await services.down(['amqp']);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

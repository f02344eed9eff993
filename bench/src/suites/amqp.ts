/**
 * The `amqp` suite: uppercase over AMQP RPC on a RabbitMQ of its own, served and called by
 * svckit (`@svckit/amqp`: a server-named reply queue; and direct reply-to) and by a
 * hand-written amqplib RPC (a reply queue, a correlation map, the same JSON both sides), each
 * pair in its own process, 50 calls in flight.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SERVERS, createServices, freePort } from '@svckit/testing';
import type { ServerSpec } from '@svckit/testing';
import { summary } from '../report.js';
import { ratio, runPairs, table } from '../pairs.js';

/** run prints `amqp: svckit/amqplib-rpc = R` (calls per CPU second), wall-clock and direct reply-to for information. */
export async function run(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'svckit-bench-rabbit-'));
  const amqp = await freePort();
  const dist = await freePort({ avoid: new Set([amqp]) });
  const epmd = await freePort({ avoid: new Set([amqp, dist]) });
  const services = createServices(dir, {
    amqp: { ...(SERVERS.amqp as ServerSpec), ports: { amqp, dist, epmd } },
  });
  try {
    if (!(await services.up(['amqp']))) throw new Error('RabbitMQ did not start');
    const rounds = Number(process.env['SVCKIT_BENCH_AMQP_ROUNDS'] ?? 6);
    const seconds = Number(process.env['SVCKIT_BENCH_AMQP_SECONDS'] ?? 1.5);
    const kinds = ['amqp-svckit', 'amqplib-rpc', 'amqp-svckit-direct'];
    const samples = await runPairs(
      kinds,
      `amqp://guest:guest@127.0.0.1:${amqp}`,
      rounds,
      seconds,
      50,
    );
    console.log(`amqp: ${rounds} rounds x ${seconds} s per pair, 50 calls in flight, own RabbitMQ`);
    table(samples);
    console.log(
      `amqp (wall-clock, informational): svckit/amqplib-rpc = ${ratio(samples, 'amqp-svckit', 'amqplib-rpc', 'wall').toFixed(2)}`,
    );
    console.log(
      `amqp (informational): svckit-direct/svckit = ${ratio(samples, 'amqp-svckit-direct', 'amqp-svckit', 'cpu').toFixed(2)}`,
    );
    summary('amqp', 'svckit', 'amqplib-rpc', ratio(samples, 'amqp-svckit', 'amqplib-rpc', 'cpu'));
  } finally {
    await services.down();
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * The `nats` suite: uppercase over NATS request/reply on a nats-server of its own, served and
 * called by svckit (`@svckit/nats`, one shared reply subscription; and per-request inboxes),
 * by the raw client (`request()` + `subscribe`, the same JSON both sides) and by Moleculer
 * 0.14's NATS transporter, each pair in its own process, 50 calls in flight.
 */
import { binaryPath, freePort, startProcess, waitForPort } from '@svckit/testing';
import { summary } from '../report.js';
import { ratio, runPairs, table } from '../pairs.js';

/**
 * run prints `nats: svckit/nats-request = R` and `nats: svckit/moleculer = R` (calls per CPU
 * second of the pair's process, median of the rounds' ratios), wall-clock and the inbox
 * variant for information.
 */
export async function run(): Promise<void> {
  const bin = binaryPath('nats');
  if (bin === undefined) throw new Error('nats-server not found: bash scripts/services.sh up nats');
  const port = await freePort();
  const broker = await startProcess(bin, ['-a', '127.0.0.1', '-p', String(port)]);
  try {
    await waitForPort('127.0.0.1', port, 10_000);
    const rounds = Number(process.env['SVCKIT_BENCH_NATS_ROUNDS'] ?? 6);
    const seconds = Number(process.env['SVCKIT_BENCH_NATS_SECONDS'] ?? 1.5);
    const kinds = ['svckit', 'nats-request', 'moleculer', 'svckit-inbox'];
    const samples = await runPairs(kinds, `nats://127.0.0.1:${port}`, rounds, seconds, 50);
    console.log(
      `nats: ${rounds} rounds x ${seconds} s per pair, 50 calls in flight, own nats-server`,
    );
    table(samples);
    console.log(
      `nats (wall-clock, informational): svckit/nats-request = ${ratio(samples, 'svckit', 'nats-request', 'wall').toFixed(2)}`,
    );
    console.log(
      `nats (informational): svckit-inbox/svckit = ${ratio(samples, 'svckit-inbox', 'svckit', 'cpu').toFixed(2)}`,
    );
    summary('nats', 'svckit', 'nats-request', ratio(samples, 'svckit', 'nats-request', 'cpu'));
    summary('nats', 'svckit', 'moleculer', ratio(samples, 'svckit', 'moleculer', 'cpu'));
  } finally {
    await broker.stop();
  }
}

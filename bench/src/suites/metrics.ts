/**
 * The `metrics` suite: svckit's Prometheus adapter against prom-client itself (a labelled counter
 * increment and a labelled histogram observation), and svckit's buffered StatsD counter against
 * hot-shots, both sending UDP datagrams to a local socket that drops them.
 */
import { createSocket } from 'node:dgram';
import type { Socket } from 'node:dgram';
import StatsD from 'hot-shots';
import { Counter as PromCounter, Histogram as PromHistogram, Registry } from 'prom-client';
import { createStatsd } from '@svckit/core/metrics/statsd';
import { newCounterFrom, newHistogramFrom } from '@svckit/prometheus';
import { compare, micro } from '../report.js';
import type { Throughput } from '../report.js';

/** versus reports results[subject] against results[peer], both of which must have run. */
function versus(results: Record<string, Throughput>, subject: string, peer: string): void {
  const must = (name: string): Throughput => {
    const value = results[name];
    if (value === undefined) throw new Error(`metrics suite: missing result ${name}`);
    return value;
  };
  compare('metrics', must(subject), must(peer));
}

async function prometheus(): Promise<void> {
  const svckitRegistry = new Registry();
  const promRegistry = new Registry();
  const counter = newCounterFrom({
    name: 'requests_total',
    help: 'Requests.',
    labelNames: ['method'],
    registry: svckitRegistry,
  });
  const promCounter = new PromCounter({
    name: 'requests_total',
    help: 'Requests.',
    labelNames: ['method'],
    registers: [promRegistry],
  });
  const histogram = newHistogramFrom({
    name: 'latency_seconds',
    help: 'Latency.',
    labelNames: ['method'],
    registry: svckitRegistry,
  });
  const promHistogram = new PromHistogram({
    name: 'latency_seconds',
    help: 'Latency.',
    labelNames: ['method'],
    registers: [promRegistry],
  });
  // Latencies spread over the default buckets, so bucket search is not always the first slot.
  const values = Array.from({ length: 1024 }, (_, i) => ((i * 7919) % 1000) / 400);
  let i = 0;
  let j = 0;
  const results = await micro({
    svckit: () => counter.with('method', 'GET').add(1),
    'prom-client': () => promCounter.labels('GET').inc(),
    'svckit-histogram': () => histogram.with('method', 'GET').observe(values[i++ & 1023] ?? 0),
    'prom-client-histogram': () => promHistogram.labels('GET').observe(values[j++ & 1023] ?? 0),
  });
  // Both registries must have seen the work (and svckit's buffered counter flushes on collect).
  const ours = await svckitRegistry.getSingleMetric('requests_total')?.get();
  const theirs = await promRegistry.getSingleMetric('requests_total')?.get();
  console.log(
    `metrics: counted ${ours?.values[0]?.value ?? 0} (svckit) and ${theirs?.values[0]?.value ?? 0} (prom-client) increments`,
  );
  versus(results, 'svckit', 'prom-client');
  versus(results, 'svckit-histogram', 'prom-client-histogram');
}

async function statsd(): Promise<void> {
  // A local UDP sink that counts and drops what both clients send.
  const sink: Socket = createSocket('udp4');
  let datagrams = 0;
  sink.on('message', () => datagrams++);
  await new Promise<void>((resolve) => sink.bind(0, '127.0.0.1', resolve));
  const port = sink.address().port;

  const ours = createStatsd({ host: '127.0.0.1', port, flushIntervalMs: 1000 });
  const svckitCounter = ours.newCounter('requests');
  const buffered = new StatsD({ host: '127.0.0.1', port, maxBufferSize: 8192 });
  const aggregated = new StatsD({
    host: '127.0.0.1',
    port,
    maxBufferSize: 8192,
    aggregation: true,
  });
  try {
    const results = await micro({
      'svckit-statsd': () => svckitCounter.add(1),
      'hot-shots': () => buffered.increment('requests', 1),
      'hot-shots-aggregation': () => aggregated.increment('requests', 1),
    });
    await ours.flush();
    await new Promise<void>((resolve) => buffered.flush(() => resolve()));
    await new Promise((resolve) => setTimeout(resolve, 200)); // let the sink drain its queue
    console.log(
      `metrics: the UDP sink read ${datagrams} datagrams (loopback drops what it cannot queue)`,
    );
    versus(results, 'svckit-statsd', 'hot-shots');
    versus(results, 'svckit-statsd', 'hot-shots-aggregation');
  } finally {
    await ours.stop();
    await new Promise<void>((resolve) => buffered.close(() => resolve()));
    await new Promise<void>((resolve) => aggregated.close(() => resolve()));
    sink.close();
  }
}

/**
 * run executes the suite and prints `metrics: svckit/prom-client`,
 * `metrics: svckit-histogram/prom-client-histogram`, `metrics: svckit-statsd/hot-shots` (and,
 * for reference, against hot-shots with its client-side aggregation on).
 */
export async function run(): Promise<void> {
  await prometheus();
  await statsd();
}

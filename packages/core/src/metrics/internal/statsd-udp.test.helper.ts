// The teststat run every StatsD dialect's tests share: a real UDP listener, the client flushed
// to it, and the counter, gauge and histogram read back with StatsD server semantics.
import type { TestContext } from 'node:test';
import type { Counter, Gauge, Histogram } from '../metrics.js';
import {
  defaultDistribution,
  quantilesOf,
  testCounter,
  testGauge,
  testHistogram,
} from '../teststat/index.js';
import { statsdState, udpSink, waitFor } from '../../internal/sinks.test.helper.js';
import type { UdpSink } from '../../internal/sinks.test.helper.js';

/** StatsdUnderTest is what the run needs of a dialect: the metrics and the keys they land at. */
export interface StatsdUnderTest {
  /** client is flushed before each read and stopped after the test. */
  client: { flush(): Promise<void>; stop(): Promise<void> };
  /** counter, gauge and histogram pair a metric with its series key in {@link statsdState}. */
  counter: [Counter, string];
  gauge: [Gauge, string];
  histogram: [Histogram, string];
}

/**
 * teststatOverUdp binds a UDP sink, lets open build a client on its port (id makes names unique
 * to this run, so a late datagram another test process sent to a reused port never counts), and
 * passes teststat's counter, gauge and histogram checks on what the sink received.
 */
export async function teststatOverUdp(
  t: TestContext,
  open: (port: number, id: string) => StatsdUnderTest,
): Promise<UdpSink> {
  const id = `u${process.pid}_${Date.now()}`;
  const sink = await udpSink();
  t.after(() => sink.close());
  const { client, counter, gauge, histogram } = open(sink.port, id);
  t.after(() => client.stop());
  // Flush, then wait until the listener holds what the reader needs (UDP is asynchronous).
  const settle = async (
    ready: (st: ReturnType<typeof statsdState>) => boolean,
  ): Promise<ReturnType<typeof statsdState>> => {
    await client.flush();
    await waitFor(() => ready(statsdState(sink.lines())), 3000, 'datagrams');
    return statsdState(sink.lines());
  };
  const [c, cKey] = counter;
  await testCounter(
    c,
    async () => (await settle((st) => st.counters.has(cKey))).counters.get(cKey) ?? NaN,
  );
  const [g, gKey] = gauge;
  await testGauge(
    g,
    async () => (await settle((st) => st.gauges.has(gKey))).gauges.get(gKey) ?? NaN,
  );
  const [h, hKey] = histogram;
  const enough = (st: ReturnType<typeof statsdState>): boolean =>
    (st.samples.get(hKey)?.length ?? 0) >= defaultDistribution.count;
  await testHistogram(
    h,
    async () => quantilesOf((await settle(enough)).samples.get(hKey) ?? []),
    1,
  );
  return sink;
}

import { after, describe, it } from 'node:test';
import type { TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { binaryPath, freePort, requireBinary, startProcess, waitForPort } from '@svckit/testing';
import type { StartedProcess } from '@svckit/testing';
import { Registry, metricsHandler, newCounterFrom, newHistogramFrom } from './index.js';

/** prometheusPath finds the server: `SVCKIT_PROMETHEUS_BIN`, else /usr/bin/prometheus. */
function prometheusPath(t: TestContext): string | undefined {
  const fallback = '/usr/bin/prometheus';
  return (
    binaryPath('prometheus') ?? (existsSync(fallback) ? fallback : requireBinary(t, 'prometheus'))
  );
}

interface QueryResult {
  status: string;
  data: { result: { metric: Record<string, string>; value: [number, string] }[] };
}

async function query(base: string, promql: string): Promise<QueryResult['data']['result']> {
  const res = await fetch(`${base}/api/v1/query?query=${encodeURIComponent(promql)}`);
  const body = (await res.json()) as QueryResult;
  assert.equal(body.status, 'success');
  return body.data.result;
}

/** until polls fn every 250 ms until it returns a value, failing after ms. */
async function until<T>(what: string, ms: number, fn: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + ms;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const v = await fn();
      if (v !== undefined) return v;
    } catch (err) {
      last = err;
    }
    await sleep(250);
  }
  throw new Error(`timed out after ${ms} ms waiting for ${what}: ${String(last)}`);
}

describe('a real Prometheus server scraping svckit /metrics', () => {
  const registry = new Registry();
  const requests = newCounterFrom({
    namespace: 'svckit',
    subsystem: 'scrape',
    name: 'requests_total',
    help: 'Requests.',
    labelNames: ['method', 'error'],
    registry,
  });
  const latency = newHistogramFrom({
    namespace: 'svckit',
    subsystem: 'scrape',
    name: 'request_duration_seconds',
    help: 'Latency.',
    labelNames: ['method'],
    buckets: [0.01, 0.1, 1],
    registry,
  });
  let target: Server | undefined;
  let prom: StartedProcess | undefined;
  let dir: string | undefined;
  let promBase = '';

  after(async () => {
    await prom?.stop(); // SIGTERM to its process group, SIGKILL after 5 s
    await new Promise<void>((resolve) => (target ? target.close(() => resolve()) : resolve()));
    if (dir !== undefined) await rm(dir, { recursive: true, force: true });
  });

  it('reads the counter and histogram back through the query API', async (t) => {
    const bin = prometheusPath(t);
    if (bin === undefined) return;
    const scrape = metricsHandler(registry).node;
    target = createServer((req, res) =>
      req.url === '/metrics' ? void scrape(req, res) : res.writeHead(404).end(),
    );
    await new Promise<void>((resolve) => target?.listen(0, '127.0.0.1', resolve));
    const targetPort = (target.address() as AddressInfo).port;
    dir = await mkdtemp(join(tmpdir(), 'svckit-prometheus-'));
    const config = join(dir, 'prometheus.yml');
    await writeFile(
      config,
      [
        'global:',
        '  scrape_interval: 1s',
        '  evaluation_interval: 1s',
        'scrape_configs:',
        '  - job_name: svckit',
        '    static_configs:',
        `      - targets: ['127.0.0.1:${targetPort}']`,
        '',
      ].join('\n'),
    );
    const port = await freePort();
    promBase = `http://127.0.0.1:${port}`;
    prom = await startProcess(bin, [
      `--config.file=${config}`,
      `--storage.tsdb.path=${join(dir, 'data')}`,
      `--web.listen-address=127.0.0.1:${port}`,
    ]);
    await waitForPort('127.0.0.1', port, 30_000).catch((err: unknown) => {
      throw new Error(`prometheus did not listen: ${String(err)}\n${prom?.output() ?? ''}`);
    });

    requests.with('method', 'uppercase', 'error', 'false').add(5);
    requests.with('method', 'uppercase', 'error', 'true').add(2);
    latency.with('method', 'uppercase').observe(0.05);
    latency.with('method', 'uppercase').observe(0.5);

    await until('Prometheus ready', 30_000, async () =>
      (await fetch(`${promBase}/-/ready`)).ok ? true : undefined,
    );
    const ok = await until('a sample of svckit_scrape_requests_total', 30_000, async () => {
      const r = await query(promBase, 'svckit_scrape_requests_total{error="false"}');
      return r.length > 0 ? r : undefined;
    });
    assert.equal(ok[0]?.metric['method'], 'uppercase');
    assert.equal(ok[0]?.metric['job'], 'svckit');
    assert.equal(ok[0]?.value[1], '5');

    // Later increments show up on a later scrape.
    requests.with('method', 'uppercase', 'error', 'true').add(3);
    await until('the error counter to reach 5', 30_000, async () => {
      const r = await query(promBase, 'svckit_scrape_requests_total{error="true"}');
      return r[0]?.value[1] === '5' ? true : undefined;
    });

    const buckets = await query(
      promBase,
      'svckit_scrape_request_duration_seconds_bucket{method="uppercase"}',
    );
    const byLe = Object.fromEntries(buckets.map((s) => [s.metric['le'], s.value[1]]));
    assert.deepEqual(byLe, { '0.01': '0', '0.1': '1', '1': '2', '+Inf': '2' });
    const count = await query(promBase, 'svckit_scrape_request_duration_seconds_count');
    assert.equal(count[0]?.value[1], '2');
    const up = await query(promBase, 'up{job="svckit"}');
    assert.equal(up[0]?.value[1], '1');
  });
});

import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { logfmtLogger } from '@svckit/core/log';
import { listen } from '@svckit/core/transport/http';
import {
  checkMetrics,
  freePort,
  goKitSkip,
  promtoolPath,
  runGoKitPeer,
  startProcess,
  waitForPort,
} from '@svckit/testing';
import { makeApp } from './app.js';
import type { App } from './app.js';
import { goDuration } from './logging.js';

async function call(base: string, path: string, body?: string, method = 'POST') {
  const res = await fetch(`${base}${path}`, { method, ...(body !== undefined ? { body } : {}) });
  return { status: res.status, type: res.headers.get('content-type'), body: await res.text() };
}

/** sample returns the value of the exposition line `name{labels}` (labels as printed). */
function sample(text: string, series: string): number | undefined {
  for (const line of text.split('\n')) {
    if (line.startsWith(`${series} `)) return Number(line.slice(series.length + 1));
  }
  return undefined;
}

const prefix = 'my_group_string_service';

describe('stringsvc2 (in process)', () => {
  const lines: string[] = [];
  let app: App;
  let server: Server;
  let base: string;

  before(async () => {
    app = makeApp(logfmtLogger((line: string) => void lines.push(line)));
    server = await listen(app.handler.node, { host: '127.0.0.1', port: 0 });
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it("speaks stringsvc1's wire (Go kit examples protocol §1)", async () => {
    assert.deepEqual(await call(base, '/uppercase', '{"s":"hello, world"}'), {
      status: 200,
      type: 'text/plain; charset=utf-8',
      body: '{"v":"HELLO, WORLD"}\n',
    });
    assert.deepEqual(await call(base, '/uppercase', '{"s":""}'), {
      status: 200,
      type: 'text/plain; charset=utf-8',
      body: '{"v":"","err":"empty string"}\n',
    });
    assert.equal((await call(base, '/count', '{"s":"héllo"}')).body, '{"v":6}\n');
    assert.equal((await call(base, '/count', '{"s":"xy"}', 'PUT')).body, '{"v":2}\n');
    assert.equal(
      (await call(base, '/uppercase', '{"s":"<a>&"}')).body,
      '{"v":"\\u003cA\\u003e\\u0026"}\n',
    );
    for (const path of ['/uppercase/', '/', '/metrics/']) {
      assert.deepEqual(
        await call(base, path, '{"s":"x"}'),
        { status: 404, type: 'text/plain; charset=utf-8', body: '404 page not found\n' },
        path,
      );
    }
    const bad = await call(base, '/count', 'nope');
    assert.equal(bad.status, 500);
    assert.equal(bad.type, 'text/plain; charset=utf-8');
    assert.ok(bad.body.length > 0 && !bad.body.endsWith('\n'));
  });

  it('counts requests by method and error, and observes latency and count results', async () => {
    const res = await fetch(`${base}/metrics`);
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type') ?? '', /^text\/plain; version=0\.0\.4/);
    const text = await res.text();
    // From the previous test: uppercase 2 ok + 1 empty, count 2 ok; the undecodable body never
    // reached the endpoint, as in Go kit.
    const count = `${prefix}_request_count`;
    assert.equal(sample(text, `${count}{error="false",method="uppercase"}`), 2);
    assert.equal(sample(text, `${count}{error="true",method="uppercase"}`), 1);
    assert.equal(sample(text, `${count}{error="false",method="count"}`), 2);
    assert.equal(sample(text, `${count}{error="true",method="count"}`), undefined);
    assert.match(text, new RegExp(`^# TYPE ${prefix}_request_latency_microseconds summary$`, 'm'));
    const latency = `${prefix}_request_latency_microseconds`;
    assert.equal(sample(text, `${latency}_count{error="false",method="uppercase"}`), 2);
    const sum = sample(text, `${latency}_sum{error="false",method="count"}`) ?? -1;
    assert.ok(sum > 0 && sum < 5e6, `latency sum ${sum} µs`);
    assert.equal(sample(text, `${prefix}_count_result_sum`), 6 + 2);
    assert.equal(sample(text, `${prefix}_count_result_count`), 2);
    const median = sample(text, `${prefix}_count_result{quantile="0.5"}`) ?? -1;
    assert.ok(median >= 2 && median <= 6, `median count result ${median}`);
  });

  it("logs each call as Go kit's logging middleware does", () => {
    assert.match(
      lines[0] ?? '',
      /^method=uppercase input="hello, world" output="HELLO, WORLD" err=null took=\S+\n?$/,
    );
    assert.match(
      lines[1] ?? '',
      /^method=uppercase input= output= err="empty string" took=\S+\n?$/,
    );
    assert.match(lines[2] ?? '', /^method=count input=héllo n=6 took=\S+\n?$/);
    assert.equal(goDuration(0.0125), '12.5µs');
    assert.equal(goDuration(1.5), '1.5ms');
    assert.equal(goDuration(2500), '2.5s');
  });

  it("passes promtool except for Go kit's legacy metric names", async (t) => {
    const bin = promtoolPath(t);
    if (bin === undefined) return;
    const text = await (await fetch(`${base}/metrics`)).text();
    const { output } = await checkMetrics(bin, text);
    const complaints = output.split('\n').filter((l) => l.trim() !== '');
    const allowed = [
      `${prefix}_request_count counter metrics should have "_total" suffix`,
      `${prefix}_request_count non-histogram and non-summary metrics should not have "_count" suffix`,
      `${prefix}_request_latency_microseconds use base unit "seconds" instead of "microseconds"`,
    ];
    assert.ok(complaints.length > 0, 'promtool ran and saw the legacy names');
    for (const c of complaints)
      assert.ok(allowed.includes(c), `unexpected promtool complaint: ${c}`);
  });

  it('serves the same routes through the Fetch face', async () => {
    const up = await app.handler.fetch(
      new Request('http://x/uppercase', { method: 'POST', body: '{"s":"fetch"}' }),
    );
    assert.equal(await up.text(), '{"v":"FETCH"}\n');
    const metrics = await app.handler.fetch(new Request('http://x/metrics'));
    assert.equal(metrics.status, 200);
    const text = await metrics.text();
    assert.equal(sample(text, `${prefix}_request_count{error="false",method="uppercase"}`), 3);
    const missing = await app.handler.fetch(new Request('http://x/nope'));
    assert.equal(missing.status, 404);
  });

  it(
    "serves Go kit's HTTP client (the real one), and counts its calls",
    { skip: goKitSkip() },
    async () => {
      const addr = new URL(base).host;
      const up = await runGoKitPeer('stringcli', [`-addr=${addr}`, 'go kit', '']);
      assert.deepEqual(
        [up.code, up.stderr, up.stdout],
        [0, '', 'uppercase("go kit") = "GO KIT"\nuppercase("") error: empty string\n'],
      );
      const count = await runGoKitPeer('stringcli', [`-addr=${addr}`, '-method=count', 'héllo']);
      assert.equal(count.stdout, 'count("héllo") = 6\n');
      const text = await (await fetch(`${base}/metrics`)).text();
      assert.equal(sample(text, `${prefix}_request_count{error="false",method="uppercase"}`), 4);
      assert.equal(lines.at(-1)?.replace(/took=\S+/, ''), 'method=count input=héllo n=6 \n');
    },
  );
});

describe('stringsvc2 main (npm start)', () => {
  it('listens on --listen, serves the API and /metrics, stops on SIGTERM', async () => {
    const port = await freePort();
    const main = fileURLToPath(new URL('./main.js', import.meta.url));
    const proc = await startProcess(process.execPath, [main, '--listen', `127.0.0.1:${port}`]);
    try {
      await waitForPort('127.0.0.1', port, 15_000);
      const base = `http://127.0.0.1:${port}`;
      assert.equal((await call(base, '/uppercase', '{"s":"go kit"}')).body, '{"v":"GO KIT"}\n');
      const text = await (await fetch(`${base}/metrics`)).text();
      assert.equal(sample(text, `${prefix}_request_count{error="false",method="uppercase"}`), 1);
      assert.match(proc.output(), new RegExp(`msg=HTTP addr=127\\.0\\.0\\.1:${port}`));
      assert.match(proc.output(), /method=uppercase input="go kit" output="GO KIT" err=null/);
    } finally {
      await proc.stop();
    }
    const exit = await proc.exited;
    assert.equal(exit.code, 0, proc.output());
  });
});

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { testCounter, testGauge, testHistogram } from '../teststat/index.js';
import { createInflux, formatPoint, formatTimestamp, influxProvider } from './index.js';
import type { Influx } from './index.js';

/** reporting creates a client of database d at url that flushes on demand and keeps its errors. */
function reporting(url: string): { i: Influx; errors: Error[] } {
  const errors: Error[] = [];
  const i = createInflux({
    url,
    database: 'd',
    flushIntervalMs: 0,
    onError: (e) => errors.push(e),
  });
  return { i, errors };
}

interface Recorded {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/** A real node:http listener speaking the InfluxDB write API: 204 unless told otherwise. */
async function fakeInflux(
  statuses: number[] = [],
): Promise<{ url: string; requests: Recorded[]; close(): Promise<void> }> {
  const requests: Recorded[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (d: string) => (body += d));
    req.on('end', () => {
      const status = statuses.shift() ?? 204;
      if (status === 204)
        requests.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(
        status === 204 ? undefined : JSON.stringify({ error: `unable to parse: status ${status}` }),
      );
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

const fieldsOf = (line: string): Record<string, number> =>
  Object.fromEntries(
    line
      .split(' ')[1]!
      .split(',')
      .map((kv) => kv.split('='))
      .map(([k, v]) => [k!, Number(v)]),
  );

describe('influx line protocol', () => {
  it('escapes measurement, tag and field keys per the spec, sorts tags, skips empty tags and NaN fields', () => {
    const line = formatPoint(
      {
        measurement: 'cpu load,x',
        tags: [
          ['z', '1'],
          ['host name', 'a,b=c'],
          ['empty', ''],
        ],
        fields: [
          ['va lue', 1.5],
          ['nan', NaN],
          ['n=2', -3],
        ],
        timeMs: 1_700_000_000_123,
      },
      'ms',
    );
    assert.equal(
      line,
      'cpu\\ load\\,x,host\\ name=a\\,b\\=c,z=1 va\\ lue=1.5,n\\=2=-3 1700000000123\n',
    );
    assert.equal(
      formatPoint({ measurement: 'm', tags: [], fields: [['f', NaN]], timeMs: 0 }, 's'),
      '',
    );
    assert.equal(
      formatPoint({ measurement: 'a\nb', tags: [], fields: [['f', 1]], timeMs: 0 }, 's'),
      'a\\ b f=1 0\n',
    );
  });

  it('renders timestamps in every precision without float rounding', () => {
    const t = 1_700_000_000_123.9;
    assert.equal(formatTimestamp(t, 's'), '1700000000');
    assert.equal(formatTimestamp(t, 'ms'), '1700000000123');
    assert.equal(formatTimestamp(t, 'us'), '1700000000123000');
    assert.equal(formatTimestamp(t, 'ns'), '1700000000123000000');
  });

  it('renders Go kit influx points: count, value, p50..p99, tags from with', () => {
    const i = createInflux({
      url: 'http://127.0.0.1:1',
      database: 'db',
      flushIntervalMs: 0,
      now: () => 5000,
      precision: 's',
      tags: ['env', 'prod'],
    });
    const c = i.newCounter('counter');
    c.with('a', 'b').add(2);
    c.with('a', 'b').add(3);
    i.newGauge('gauge').with('odd').set(7);
    i.newHistogram('hist').observe(4);
    assert.equal(
      i.drain(),
      'counter,a=b,env=prod count=5 5\ngauge,env=prod,odd=unknown value=7 5\nhist,env=prod p50=4,p90=4,p95=4,p99=4 5\n',
    );
    assert.equal(i.drain(), '', 'only series touched since the last flush are written');
    assert.throws(
      () => createInflux({ url: 'http://x' }),
      /give database \(1\.x\) or org and bucket \(2\.x\)/,
    );
    assert.throws(() => createInflux({ url: 'nope', database: 'd' }), /invalid url/);
  });
});

describe('influx over HTTP', () => {
  it('passes teststat against a real HTTP listener acting as the 1.x write API', async (t) => {
    const server = await fakeInflux();
    t.after(() => server.close());
    const i = createInflux({
      url: server.url,
      database: 'metrics',
      retentionPolicy: 'week',
      username: 'u',
      password: 'p',
      precision: 'us',
      flushIntervalMs: 0,
    });
    t.after(() => i.stop());
    const lines = async (measurement: string): Promise<string[]> => {
      await i.flush();
      return server.requests
        .flatMap((r) => r.body.split('\n'))
        .filter((l) => l.startsWith(`${measurement},`) || l.startsWith(`${measurement} `));
    };
    await testCounter(i.newCounter('c').with('k', 'v'), async () =>
      (await lines('c')).reduce((sum, l) => sum + fieldsOf(l).count!, 0),
    );
    await testGauge(i.newGauge('g'), async () => fieldsOf((await lines('g')).at(-1)!).value!);
    await testHistogram(
      i.newHistogram('h').with('k', 'v'),
      async () => {
        const f = fieldsOf((await lines('h')).at(-1)!);
        return { p50: f.p50!, p90: f.p90!, p95: f.p95!, p99: f.p99! };
      },
      1,
    );
    const r = server.requests[0]!;
    assert.equal(r.method, 'POST');
    assert.equal(r.url, '/write?db=metrics&rp=week&precision=u');
    assert.equal(r.headers.authorization, `Basic ${Buffer.from('u:p').toString('base64')}`);
    assert.match(r.headers['content-type'] ?? '', /^text\/plain/);
    assert.match(r.body, /^c,k=v count=\d+ \d{16}\n$/);
  });

  it('writes to the 2.x API with a token, in batches, and flushes on stop', async (t) => {
    const server = await fakeInflux();
    t.after(() => server.close());
    const i = createInflux({
      url: `${server.url}/`,
      org: 'acme',
      bucket: 'b1',
      token: 's3cret',
      maxBatchPoints: 2,
      flushIntervalMs: 0,
    });
    const p = influxProvider(i);
    const c = p.newCounter('c');
    for (const k of ['a', 'b', 'c', 'd', 'e']) c.with('k', k).add(1);
    await p.stop();
    assert.equal(server.requests.length, 3);
    assert.deepEqual(
      server.requests.map((r) => r.body.split('\n').length - 1),
      [2, 2, 1],
    );
    assert.equal(server.requests[0]!.url, '/api/v2/write?org=acme&bucket=b1&precision=ms');
    assert.equal(server.requests[0]!.headers.authorization, 'Token s3cret');
  });

  it('retries what a 5xx refused, drops and reports what a 400 refused', async (t) => {
    const server = await fakeInflux([503, 400]);
    t.after(() => server.close());
    const { i, errors } = reporting(server.url);
    const c = i.newCounter('c');
    c.add(1);
    await i.flush(); // 503: kept
    assert.equal(errors.length, 0);
    c.add(2);
    await i.flush(); // 400: the whole body is refused and dropped
    assert.equal(errors.length, 1);
    assert.match(errors[0]!.message, /write refused: 400 .*unable to parse/);
    c.add(4);
    await i.stop();
    assert.equal(server.requests.length, 1);
    assert.match(server.requests[0]!.body, /^c count=4 \d+\n$/);
  });

  it('reports a server that is not there, with the address', async () => {
    const server = await fakeInflux();
    await server.close();
    const { i, errors } = reporting(server.url);
    i.newGauge('g').set(1);
    await i.stop();
    assert.equal(errors.length, 1);
    assert.match(
      errors[0]!.message,
      /dropped \d+ bytes at stop: influx: write to http:\/\/127\.0\.0\.1:\d+ failed: fetch failed/,
    );
  });
});

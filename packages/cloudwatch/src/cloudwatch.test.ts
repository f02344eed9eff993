import { after, before, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, createHmac } from 'node:crypto';
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { background, withCancel } from '@svckit/core/context';
import { testCounter, testGauge, testHistogram } from '@svckit/core/metrics/teststat';
import { cloudwatchProvider, newCloudWatch } from './index.js';

// ---------------------------------------------------------------------------------------------
// A protocol-faithful double of CloudWatch's PutMetricData, as the SDK version in use speaks it:
// AWS JSON 1.0 (`Content-Type: application/x-amz-json-1.0`, `X-Amz-Target:
// GraniteServiceVersion20100801.PutMetricData`), SigV4-signed for service `monitoring`. It
// verifies the signature against the fake credentials, validates the request as the API
// documents (namespace, 1..1000 datums, names, dimensions, finite values) and answers `{}` or an
// AWS JSON error. There is no AWS here.
// ---------------------------------------------------------------------------------------------

const credentials = { accessKeyId: 'AKIDSVCKITTEST', secretAccessKey: 'svckit-test-secret' };
const region = 'eu-west-1';

interface Datum {
  MetricName: string;
  Value?: number;
  Timestamp?: number;
  Unit?: string;
  Dimensions?: { Name: string; Value: string }[];
}
interface Received {
  namespace: string;
  datums: Datum[];
}

interface Double {
  url: string;
  received: Received[];
  /** failNext makes the next n calls answer a 500 InternalServiceError. */
  failNext(n: number): void;
  close(): Promise<void>;
}

function hmac(key: Buffer | string, data: string): Buffer {
  return createHmac('sha256', key).update(data).digest();
}
const sha256 = (data: Buffer | string): string => createHash('sha256').update(data).digest('hex');

/** checkSigV4 returns a problem with the request's AWS Signature Version 4, or undefined. */
function checkSigV4(req: IncomingMessage, body: Buffer): string | undefined {
  const auth = req.headers.authorization ?? '';
  const m =
    /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request, SignedHeaders=([^,]+), Signature=([0-9a-f]{64})$/.exec(
      auth,
    );
  if (!m) return 'missing or malformed Authorization';
  const [, akid, date, reg, service, signedHeaders, signature] = m as unknown as string[];
  if (akid !== credentials.accessKeyId) return 'unknown access key';
  if (reg !== region || service !== 'monitoring') return `wrong scope ${reg}/${service}`;
  const amzDate = String(req.headers['x-amz-date'] ?? '');
  if (!amzDate.startsWith(date as string)) return 'x-amz-date does not match the scope';
  const payloadHash = sha256(body);
  const declared = req.headers['x-amz-content-sha256'];
  if (declared !== undefined && declared !== payloadHash) return 'payload hash mismatch';
  const names = (signedHeaders as string).split(';');
  for (const required of ['host', 'x-amz-date', 'content-type', 'x-amz-target']) {
    if (!names.includes(required)) return `header ${required} not signed`;
  }
  const canonicalHeaders = names
    .map(
      (n) =>
        `${n}:${String(req.headers[n] ?? '')
          .trim()
          .replace(/\s+/g, ' ')}\n`,
    )
    .join('');
  const [path = '/', query = ''] = (req.url ?? '/').split('?');
  const canonical = [req.method, path, query, canonicalHeaders, signedHeaders, payloadHash].join(
    '\n',
  );
  const scope = `${date}/${reg}/${service}/aws4_request`;
  const toSign = ['AWS4-HMAC-SHA256', amzDate, scope, sha256(canonical)].join('\n');
  let key = hmac(`AWS4${credentials.secretAccessKey}`, date as string);
  for (const part of [reg as string, service as string, 'aws4_request']) key = hmac(key, part);
  const want = hmac(key, toSign).toString('hex');
  return want === signature ? undefined : 'signature does not match';
}

/** validate returns an InvalidParameterValue message for a bad PutMetricData input. */
function validate(input: { Namespace?: unknown; MetricData?: unknown }): string | undefined {
  const ns = input.Namespace;
  if (typeof ns !== 'string' || ns.length < 1 || ns.length > 255) return 'Namespace is invalid';
  if (ns.startsWith('AWS/')) return 'The value AWS/ for parameter Namespace is invalid.';
  const data = input.MetricData;
  if (!Array.isArray(data) || data.length < 1 || data.length > 1000) {
    return 'The collection MetricData must not be empty and must have at most 1000 members.';
  }
  for (const d of data as Datum[]) {
    if (typeof d.MetricName !== 'string' || d.MetricName.length < 1 || d.MetricName.length > 255) {
      return 'MetricName is invalid';
    }
    if (typeof d.Value !== 'number' || !Number.isFinite(d.Value)) {
      return `The value for parameter MetricData.member.Value is invalid: ${String(d.Value)}`;
    }
    if (d.Timestamp !== undefined && typeof d.Timestamp !== 'number') return 'Timestamp invalid';
    const dims = d.Dimensions ?? [];
    if (dims.length > 30) return 'The collection Dimensions must have at most 30 members.';
    for (const dim of dims) {
      if (!dim.Name || dim.Name.length > 255 || !dim.Value || dim.Value.length > 1024) {
        return `Dimension ${JSON.stringify(dim)} is invalid`;
      }
    }
  }
  return undefined;
}

function reply(res: ServerResponse, status: number, body: object, queryError?: string): void {
  const headers: Record<string, string> = { 'content-type': 'application/x-amz-json-1.0' };
  if (queryError !== undefined) headers['x-amzn-query-error'] = queryError;
  res.writeHead(status, headers).end(JSON.stringify(body));
}

async function startDouble(): Promise<Double> {
  const received: Received[] = [];
  let failures = 0;
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const error = (status: number, type: string, message: string): void =>
        reply(res, status, { __type: type, message }, `${type.replace(/Exception$/, '')};Sender`);
      if (req.method !== 'POST') return error(405, 'InvalidAction', 'POST only');
      if (req.headers['content-type'] !== 'application/x-amz-json-1.0') {
        return error(400, 'SerializationException', 'unexpected content type');
      }
      if (req.headers['x-amz-target'] !== 'GraniteServiceVersion20100801.PutMetricData') {
        return error(400, 'UnknownOperationException', 'unknown operation');
      }
      const sig = checkSigV4(req, body);
      if (sig !== undefined) return error(403, 'InvalidSignatureException', sig);
      let input: { Namespace?: unknown; MetricData?: unknown };
      try {
        input = JSON.parse(body.toString('utf8')) as typeof input;
      } catch {
        return error(400, 'SerializationException', 'body is not JSON');
      }
      const problem = validate(input);
      if (problem !== undefined) return error(400, 'InvalidParameterValueException', problem);
      if (failures > 0) {
        failures--;
        return reply(res, 500, { __type: 'InternalServiceError', message: 'try again' });
      }
      received.push({ namespace: input.Namespace as string, datums: input.MetricData as Datum[] });
      reply(res, 200, {});
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    received,
    failNext: (n) => void (failures = n),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function clientFor(double: Double, secret = credentials.secretAccessKey): CloudWatchClient {
  return new CloudWatchClient({
    region,
    endpoint: double.url,
    credentials: { ...credentials, secretAccessKey: secret },
    maxAttempts: 1,
  });
}

// Deterministic pseudo-random numbers so a failure reproduces.
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

function all(double: Double): Datum[] {
  return double.received.flatMap((r) => r.datums);
}

function byName(double: Double, name: string): Datum[] {
  return all(double).filter((d) => d.MetricName === name);
}

// One double and client for the whole file, emptied before each test.
let double: Double;
let client: CloudWatchClient;
before(async () => {
  double = await startDouble();
  client = clientFor(double);
});
after(async () => {
  client.destroy();
  await double.close();
});
beforeEach(() => {
  double.received.length = 0;
});

describe('cloudwatch against a PutMetricData double', () => {
  it('sends counter sums since the last send, then nothing when idle', async () => {
    const cw = newCloudWatch({ namespace: 'Svckit/Test', client });
    const requests = cw.newCounter('requests');
    const rand = rng(1);
    let want = 0;
    for (let i = 0; i < 1000; i++) {
      const d = Math.floor(rand() * 10);
      want += d;
      requests.add(d);
    }
    const before = Date.now();
    await cw.send();
    assert.equal(double.received.length, 1);
    assert.equal(double.received[0]?.namespace, 'Svckit/Test');
    const [datum] = byName(double, 'requests');
    assert.equal(datum?.Value, want);
    assert.equal(datum?.Dimensions, undefined);
    // The timestamp travels as epoch seconds.
    assert.ok(Math.abs((datum?.Timestamp ?? 0) * 1000 - before) < 5000);

    requests.add(3);
    await cw.send();
    assert.equal(byName(double, 'requests')[1]?.Value, 3, 'a counter reports deltas');

    await cw.send();
    assert.equal(double.received.length, 2, 'no call when nothing was recorded');
  });

  it("sends a gauge's last value when it changed, and keeps it for later adds", async () => {
    const cw = newCloudWatch({ namespace: 'Svckit/Test', client });
    const depth = cw.newGauge('queue_depth').with('queue', 'jobs');
    depth.set(10);
    depth.add(-3);
    depth.add(1.5);
    await cw.send();
    assert.deepEqual(
      byName(double, 'queue_depth').map((d) => d.Value),
      [8.5],
    );
    await cw.send();
    assert.equal(byName(double, 'queue_depth').length, 1, 'an untouched gauge is not re-sent');
    depth.add(1);
    await cw.send();
    assert.deepEqual(
      byName(double, 'queue_depth').map((d) => d.Value),
      [8.5, 9.5],
    );
  });

  it('sends histogram percentiles as name_50, name_90, name_95, name_99', async () => {
    const cw = newCloudWatch({ namespace: 'Svckit/Test', client });
    const latency = cw.newHistogram('latency').with('method', 'uppercase');
    const rand = rng(2);
    const values: number[] = [];
    for (let i = 0; i < 5000; i++) {
      // Normal(100, 15) by Box-Muller.
      const v =
        100 +
        15 * Math.sqrt(-2 * Math.log(Math.max(rand(), 1e-12))) * Math.cos(2 * Math.PI * rand());
      values.push(v);
      latency.observe(v);
    }
    await cw.send();
    values.sort((a, b) => a - b);
    const names = all(double)
      .map((d) => d.MetricName)
      .sort();
    assert.deepEqual(names, ['latency_50', 'latency_90', 'latency_95', 'latency_99']);
    for (const [suffix, q] of [
      ['50', 0.5],
      ['90', 0.9],
      ['95', 0.95],
      ['99', 0.99],
    ] as const) {
      const got = byName(double, `latency_${suffix}`)[0];
      const want = values[Math.round(q * (values.length - 1))] ?? 0;
      assert.ok(
        got?.Value !== undefined && Math.abs(got.Value - want) < 0.5,
        `p${suffix}: ${got?.Value} vs ${want}`,
      );
      assert.deepEqual(got.Dimensions, [{ Name: 'method', Value: 'uppercase' }]);
    }
  });

  it('takes configurable percentiles, validated', async () => {
    const cw = newCloudWatch({ namespace: 'Svckit/Test', client, percentiles: [0.001, 0.999] });
    const h = cw.newHistogram('size');
    for (let i = 1; i <= 1001; i++) h.observe(i);
    await cw.send();
    assert.equal(byName(double, 'size_0.1')[0]?.Value, 2);
    assert.equal(byName(double, 'size_99.9')[0]?.Value, 1000);
    assert.throws(() => newCloudWatch({ namespace: 'X', client, percentiles: [1.5] }), /1.5/);
  });

  it('sends batches of 20 datums per PutMetricData call', async () => {
    const cw = newCloudWatch({ namespace: 'Svckit/Test', client });
    const c = cw.newCounter('hits');
    for (let i = 0; i < 45; i++) c.with('shard', String(i)).add(i + 1);
    await cw.send();
    assert.deepEqual(
      double.received.map((r) => r.datums.length),
      [20, 20, 5],
    );
    const shards = all(double).map((d) => Number(d.Dimensions?.[0]?.Value));
    assert.deepEqual(
      shards.sort((a, b) => a - b),
      Array.from({ length: 45 }, (_, i) => i),
    );
    const sum = all(double).reduce((s, d) => s + (d.Value ?? 0), 0);
    assert.equal(sum, (45 * 46) / 2);
  });

  it('honours batchSize', async () => {
    const cw = newCloudWatch({ namespace: 'Svckit/Test', client, batchSize: 7, concurrency: 2 });
    const c = cw.newCounter('hits');
    for (let i = 0; i < 15; i++) c.with('shard', String(i)).add(1);
    await cw.send();
    assert.deepEqual(
      double.received.map((r) => r.datums.length).sort((a, b) => a - b),
      [1, 7, 7],
    );
    assert.throws(() => newCloudWatch({ namespace: 'X', client, batchSize: 1001 }), /batchSize/);
  });

  it('turns labels into dimensions; with never mutates; odd labels get "unknown"', async () => {
    const cw = newCloudWatch({ namespace: 'Svckit/Test', client });
    const base = cw.newCounter('calls');
    const get = base.with('method', 'GET');
    get.with('code', '200').add(1);
    get.with('code', '500').add(2);
    get.add(4);
    base.with('region').add(8);
    await cw.send();
    const dims = byName(double, 'calls')
      .map((d) => [JSON.stringify(d.Dimensions ?? []), d.Value] as const)
      .sort();
    assert.deepEqual(dims, [
      ['[{"Name":"method","Value":"GET"},{"Name":"code","Value":"200"}]', 1],
      ['[{"Name":"method","Value":"GET"},{"Name":"code","Value":"500"}]', 2],
      ['[{"Name":"method","Value":"GET"}]', 4],
      ['[{"Name":"region","Value":"unknown"}]', 8],
    ]);
  });

  it('rejects with an AggregateError when calls fail, and the double saw the failure', async () => {
    const cw = newCloudWatch({ namespace: 'Svckit/Test', client, concurrency: 1 });
    const c = cw.newCounter('hits');
    for (let i = 0; i < 30; i++) c.with('shard', String(i)).add(1);
    double.failNext(1);
    await assert.rejects(cw.send(), (err: unknown) => {
      assert.ok(err instanceof AggregateError);
      assert.match(err.message, /1 of 2 PutMetricData calls failed: try again/);
      assert.equal(err.errors.length, 1);
      return true;
    });
    assert.equal(double.received.length, 1, 'the other batch went through');
  });

  it('surfaces CloudWatch validation errors (an empty dimension value)', async () => {
    const cw = newCloudWatch({ namespace: 'Svckit/Test', client });
    cw.newCounter('hits').with('method', '').add(1);
    await assert.rejects(cw.send(), (err: unknown) => {
      assert.ok(err instanceof AggregateError);
      const cause = err.errors[0] as { name?: string; message?: string };
      assert.match(String(cause.name), /InvalidParameterValue/);
      assert.match(String(cause.message), /Dimension/);
      return true;
    });
  });

  it('signs requests: a wrong secret is refused by the double', async () => {
    const bad = clientFor(double, 'not-the-secret');
    try {
      const cw = newCloudWatch({ namespace: 'Svckit/Test', client: bad });
      cw.newCounter('hits').add(1);
      await assert.rejects(cw.send(), /signature does not match/);
      assert.equal(double.received.length, 0);
    } finally {
      bad.destroy();
    }
  });

  it('cloudwatchProvider creates metrics by name and stop sends them', async () => {
    const p = cloudwatchProvider(newCloudWatch({ namespace: 'Svckit/Test', client }));
    p.newCounter('p_counter').add(2);
    p.newGauge('p_gauge').set(7);
    p.newHistogram('p_hist', 50).observe(1);
    await p.stop();
    assert.equal(byName(double, 'p_counter')[0]?.Value, 2);
    assert.equal(byName(double, 'p_gauge')[0]?.Value, 7);
    assert.equal(byName(double, 'p_hist_99')[0]?.Value, 1);
  });

  it('rejects bad values and options early', () => {
    const cw = newCloudWatch({ namespace: 'Svckit/Test', client });
    assert.throws(() => cw.newCounter('c').add(-1), RangeError);
    assert.throws(() => cw.newGauge('g').set(Number.NaN), RangeError);
    assert.throws(() => cw.newHistogram('h').observe(Number.POSITIVE_INFINITY), RangeError);
    assert.throws(() => newCloudWatch({ namespace: 'AWS/EC2', client }), /namespace/);
  });

  it('writeLoop sends on each tick and once more when the context ends', async () => {
    const logged: unknown[][] = [];
    const cw = newCloudWatch({
      namespace: 'Svckit/Test',
      client,
      logger: { log: (...kv: unknown[]) => void logged.push(kv) },
    });
    const c = cw.newCounter('ticks');
    const [ctx, cancel] = withCancel(background());
    const loop = cw.writeLoop(ctx, 30);
    c.add(1);
    const deadline = Date.now() + 5000;
    while (byName(double, 'ticks').length === 0 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 10));
    }
    assert.equal(byName(double, 'ticks')[0]?.Value, 1);
    double.failNext(1);
    c.add(1);
    while (logged.length === 0 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 10));
    }
    assert.equal(logged[0]?.[1], 'cloudwatch send failed');
    c.add(5);
    cancel();
    await loop;
    assert.equal(byName(double, 'ticks').at(-1)?.Value, 5, 'the final send flushed');
  });
});

describe('cloudwatch passes teststat (values read back from the double)', () => {
  const only = (name: string): number => {
    const found = byName(double, name);
    assert.equal(found.length, 1, `one datum named ${name}`);
    return found[0]?.Value ?? Number.NaN;
  };

  it('counter: the datum is the exact sum', async () => {
    const cw = newCloudWatch({ namespace: 'Svckit/Teststat', client });
    await testCounter(cw.newCounter('ts_counter').with('k', 'v'), async () => {
      await cw.send();
      return only('ts_counter');
    });
  });

  it('gauge: the datum is the last value', async () => {
    const cw = newCloudWatch({ namespace: 'Svckit/Teststat', client });
    await testGauge(cw.newGauge('ts_gauge').with('k', 'v'), async () => {
      await cw.send();
      return only('ts_gauge');
    });
  });

  it('histogram: name_50..name_99 within 1 %', async () => {
    const cw = newCloudWatch({ namespace: 'Svckit/Teststat', client });
    await testHistogram(
      cw.newHistogram('ts_histogram').with('k', 'v'),
      async () => {
        await cw.send();
        return {
          p50: only('ts_histogram_50'),
          p90: only('ts_histogram_90'),
          p95: only('ts_histogram_95'),
          p99: only('ts_histogram_99'),
        };
      },
      1,
    );
  });
});

// addcli's -zipkin-url and -otlp-url: the client spans of one call reach the collectors, and
// the request carries the trace (W3C traceparent) to the server. The server here is a stand-in
// speaking addsvc's HTTP wire (POST /sum → {"v":3}) that records the headers it got.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { IncomingHttpHeaders, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { context, propagation, trace } from '@opentelemetry/api';
import { newAddsvc, parseFlags, addsvcFlags } from '@svckit/example-addsvc';
import { nopLogger } from '@svckit/core/log';
import { addcliFlags, run } from './addcli.js';

async function listen(handler: Parameters<typeof createServer>[1]): Promise<[Server, string]> {
  const server = createServer(handler);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return [server, `127.0.0.1:${(server.address() as AddressInfo).port}`];
}

describe('addcli tracing flags', () => {
  const posted: { url: string; body: unknown }[] = [];
  const seen: IncomingHttpHeaders[] = [];
  let collector: Server;
  let collectorAddr: string;
  let addsvc: Server;
  let addsvcAddr: string;
  before(async () => {
    [collector, collectorAddr] = await listen((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        posted.push({ url: req.url ?? '', body: JSON.parse(Buffer.concat(chunks).toString()) });
        res.writeHead(202, { 'content-type': 'application/json' }).end('{}');
      });
    });
    [addsvc, addsvcAddr] = await listen((req, res) => {
      seen.push(req.headers);
      req.resume();
      req.on('end', () =>
        res.writeHead(200, { 'content-type': 'application/json' }).end('{"v":3}\n'),
      );
    });
  });
  after(async () => {
    trace.disable();
    for (const s of [collector, addsvc]) {
      s.closeAllConnections();
      await new Promise((r) => s.close(r));
    }
  });

  it('are off by default', () => {
    assert.equal(addcliFlags['zipkin-url'].default, '');
    assert.equal(addcliFlags['otlp-url'].default, '');
  });

  it('export the client spans and propagate the trace', async () => {
    let stdout = '';
    const code = await run(
      [
        `-zipkin-url=http://${collectorAddr}/api/v2/spans`,
        `-otlp-url=http://${collectorAddr}/v1/traces`,
        `-http-addr=${addsvcAddr}`,
        '1',
        '2',
      ],
      { stdout: { write: (s: string) => (stdout += s) }, stderr: { write: () => true } },
    );
    assert.equal(code, 0);
    assert.equal(stdout, '1 + 2 = 3\n');
    const traceparent = String(seen[0]?.['traceparent'] ?? '');
    const [, traceId] = /^00-([0-9a-f]{32})-[0-9a-f]{16}-01$/.exec(traceparent) ?? [];
    assert.ok(traceId, `traceparent ${traceparent}`);
    const zipkin = posted
      .filter((p) => p.url === '/api/v2/spans')
      .flatMap((p) => p.body as { name: string; traceId: string; kind?: string }[]);
    assert.deepEqual(zipkin.map((s) => `${s.kind ?? 'INTERNAL'} ${s.name}`).sort(), [
      'CLIENT POST',
      'INTERNAL Sum',
    ]);
    for (const s of zipkin) assert.equal(s.traceId, traceId);
    assert.ok(
      posted.some((p) => p.url === '/v1/traces'),
      'OTLP got the spans too',
    );
  });

  it('over gRPC too: the endpoint and the gRPC client span', async () => {
    // A second run in this process: clear the globals the first one registered.
    trace.disable();
    context.disable();
    propagation.disable();
    posted.length = 0;
    const flags = parseFlags(addsvcFlags, [
      '-http-addr=',
      '-grpc-addr=127.0.0.1:0',
      '-debug.addr=',
    ]);
    const svc = newAddsvc(flags.values, { logger: nopLogger, signals: [] });
    let started!: () => void;
    const up = new Promise<void>((r) => (started = r));
    const exit = svc.run(started);
    await up;
    try {
      let stdout = '';
      const code = await run(
        [
          `-zipkin-url=http://${collectorAddr}/api/v2/spans`,
          `-grpc-addr=${svc.addresses.get('gRPC')}`,
          '-method=concat',
          'ab',
          'cd',
        ],
        { stdout: { write: (s: string) => (stdout += s) }, stderr: { write: () => true } },
      );
      assert.equal(code, 0);
      assert.equal(stdout, '"ab" + "cd" = "abcd"\n');
    } finally {
      svc.stop();
      await exit;
    }
    const zipkin = posted.flatMap((p) => p.body as { name: string; kind?: string }[]);
    assert.deepEqual(zipkin.map((s) => `${s.kind ?? 'INTERNAL'} ${s.name}`).sort(), [
      'CLIENT pb.Add/Concat',
      'INTERNAL Concat',
    ]);
  });
});

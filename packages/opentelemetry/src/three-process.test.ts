// One trace across three real processes, each with the SDK's in-memory exporter:
// HTTP → A → NATS → B → gRPC → C, joined by trace id, parent links and span kinds checked.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { SpanKind } from '@opentelemetry/api';
import { requireService } from '@svckit/testing';

const hop = fileURLToPath(new URL('./testdata/hop.js', import.meta.url));

interface Exported {
  name: string;
  kind: SpanKind;
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  process: string;
}

interface Hop {
  readonly child: ChildProcess;
  readonly port: number;
  spans(): Promise<Exported[]>;
  stop(): Promise<void>;
}

async function start(role: string, config: object): Promise<Hop> {
  const child = spawn(process.execPath, [hop, role, JSON.stringify(config)], {
    stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
  });
  const stop = async (): Promise<void> => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(timer);
  };
  const port = await new Promise<number>((resolve, reject) => {
    let out = '';
    child.stdout?.setEncoding('utf8');
    child.stdout?.on('data', (d: string) => {
      out += d;
      const m = /ready (\d+)/.exec(out);
      if (m) resolve(Number(m[1]));
    });
    child.once('exit', (code) => reject(new Error(`${role} exited with ${code}`)));
    setTimeout(() => reject(new Error(`${role} did not start`)), 15_000).unref();
  }).catch(async (err: unknown) => {
    await stop();
    throw err;
  });
  const spans = () =>
    new Promise<Exported[]>((resolve) => {
      child.once('message', (m) => resolve(m as Exported[]));
      child.send('spans');
    });
  return { child, port, spans, stop };
}

describe('one trace across three processes: HTTP → A → NATS → B → gRPC → C', () => {
  const hops: Hop[] = [];
  let entry: Hop | undefined;
  let natsURL: string | undefined;
  before(async (t) => {
    natsURL = requireService(t as never, 'nats');
    if (natsURL === undefined) return;
    const subject = `svckit.otel.three.${process.pid}`;
    const c = await start('c', {});
    hops.push(c);
    hops.push(await start('b', { natsURL, subject, grpcTarget: `127.0.0.1:${c.port}` }));
    entry = await start('a', { natsURL, subject });
    hops.push(entry);
  });
  after(async () => {
    for (const h of hops.reverse()) await h.stop();
  });

  it('parent/child links and span kinds are right', async (t) => {
    if (natsURL === undefined) return t.skip('no nats');
    const res = await fetch(`http://127.0.0.1:${entry?.port}/sum`, {
      method: 'POST',
      body: '{"a":20,"b":22}',
    });
    assert.deepEqual(await res.json(), { v: 42 });
    const all = (await Promise.all(hops.map((h) => h.spans()))).flat();
    const traceIds = new Set(all.map((s) => s.traceId));
    assert.equal(traceIds.size, 1, 'every span of the three processes is in one trace');
    const find = (process: string, name: string, kind: SpanKind): Exported => {
      const found = all.filter((s) => s.process === process && s.name === name && s.kind === kind);
      assert.equal(
        found.length,
        1,
        `${process} ${name} ${SpanKind[kind]}: ${JSON.stringify(all.map((s) => [s.process, s.name, s.kind]))}`,
      );
      return found[0] as Exported;
    };
    const chain = [
      find('a', 'POST', SpanKind.SERVER),
      find('a', 'A.Sum', SpanKind.INTERNAL),
      find('a', `send svckit.otel.three.${process.pid}`, SpanKind.PRODUCER),
      find('b', `process svckit.otel.three.${process.pid}`, SpanKind.CONSUMER),
      find('b', 'B.Sum', SpanKind.INTERNAL),
      find('b', 'pb.Add/Sum', SpanKind.CLIENT),
      find('c', 'pb.Add/Sum', SpanKind.SERVER),
      find('c', 'C.Sum', SpanKind.INTERNAL),
    ];
    assert.equal(chain[0]?.parentSpanId, undefined, 'the HTTP server span is the root');
    for (let i = 1; i < chain.length; i++) {
      const child = chain[i] as Exported;
      const parent = chain[i - 1] as Exported;
      assert.equal(
        child.parentSpanId,
        parent.spanId,
        `${child.process} ${child.name} is the child of ${parent.process} ${parent.name}`,
      );
    }
    assert.equal(all.length, chain.length);
  });
});

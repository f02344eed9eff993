/**
 * One side of the `nats` and `amqp` bench suites, in its own process: `node msg-pair.js <kind>
 * <broker url>` serves uppercase (`{"s"}` → `{"v"}`, JSON decoded and encoded on both sides) on
 * one broker connection and calls it from another, with svckit or with the raw client or a
 * peer. On each `run` message it keeps the given calls in flight for the given seconds and
 * answers with the calls done and the process's CPU time.
 */
import { connect as natsConnect } from '@nats-io/transport-node';
import { connect as amqpConnect } from 'amqplib';
import { background } from '@svckit/core/context';
import * as nats from '@svckit/nats';
import * as amqp from '@svckit/amqp';

type Call = (s: string) => Promise<string>;
interface Pair {
  readonly call: Call;
  stop(): Promise<void>;
}

const subject = 'bench.uppercase';
const td = new TextDecoder();
const upper = (r: { s: string }) => ({ v: r.s.toUpperCase() });

async function natsSvckit(url: string, replies: 'shared' | 'inbox'): Promise<Pair> {
  const a = await natsConnect({ servers: url });
  const b = await natsConnect({ servers: url });
  const server = nats.createServer(
    async (_ctx, r: { s: string }) => upper(r),
    nats.decodeJSONRequest<{ s: string }>,
    nats.encodeJSONResponse,
  );
  server.subscribe(a, subject);
  await a.flush();
  const client = nats.createClient(
    b,
    subject,
    nats.encodeJSONRequest,
    nats.decodeJSONResponse<{ v: string }>,
    {
      replies,
    },
  );
  return {
    call: async (s) => (await client(background(), { s })).v,
    stop: async () => {
      await server.close();
      await Promise.all([a.close(), b.close()]);
    },
  };
}

async function natsRaw(url: string): Promise<Pair> {
  const a = await natsConnect({ servers: url });
  const b = await natsConnect({ servers: url });
  a.subscribe(subject, {
    callback: (err, m) => {
      if (err !== null) return;
      m.respond(JSON.stringify(upper(JSON.parse(td.decode(m.data)) as { s: string })));
    },
  });
  await a.flush();
  return {
    call: async (s) => {
      const m = await b.request(subject, JSON.stringify({ s }), { timeout: 10_000 });
      return (JSON.parse(td.decode(m.data)) as { v: string }).v;
    },
    stop: async () => {
      await Promise.all([a.close(), b.close()]);
    },
  };
}

async function natsMoleculer(url: string): Promise<Pair> {
  const { ServiceBroker } = (await import('moleculer')).default;
  const options = { transporter: url, logger: false, serializer: 'JSON' } as const;
  const server = new ServiceBroker({ ...options, nodeID: `bench-server-${process.pid}` });
  const client = new ServiceBroker({ ...options, nodeID: `bench-client-${process.pid}` });
  server.createService({
    name: 'str',
    actions: { upper: (ctx: { params: { s: string } }) => upper(ctx.params) },
  });
  await server.start();
  await client.start();
  await client.waitForServices('str');
  return {
    call: async (s) => ((await client.call('str.upper', { s })) as { v: string }).v,
    stop: async () => {
      await client.stop();
      await server.stop();
    },
  };
}

async function amqpSvckit(url: string, replies: 'queue' | 'direct'): Promise<Pair> {
  const a = await amqp.createConnection(url);
  const b = await amqp.createConnection(url);
  const queue = `bench.uppercase.${process.pid}`;
  const server = amqp.createServer(
    async (_ctx, r: { s: string }) => upper(r),
    amqp.decodeJSONRequest<{ s: string }>,
    amqp.encodeJSONResponse,
  );
  await server.consume(a, queue, { declare: { autoDelete: true } });
  const client = amqp.createClient(
    b,
    queue,
    amqp.encodeJSONRequest,
    amqp.decodeJSONResponse<{ v: string }>,
    {
      replies,
    },
  );
  return {
    call: async (s) => (await client(background(), { s })).v,
    stop: async () => {
      await server.close();
      await Promise.all([a.close(), b.close()]);
    },
  };
}

/** amqpRaw is a hand-written amqplib RPC: a reply queue, a correlation map, a timer per call. */
async function amqpRaw(url: string): Promise<Pair> {
  const a = await amqpConnect(url);
  const b = await amqpConnect(url);
  const sch = await a.createChannel();
  const cch = await b.createChannel();
  const queue = `bench.uppercase.raw.${process.pid}`;
  await sch.assertQueue(queue, { autoDelete: true });
  await sch.consume(
    queue,
    (d) => {
      if (d === null) return;
      const body = JSON.stringify(upper(JSON.parse(d.content.toString()) as { s: string }));
      sch.publish('', String(d.properties.replyTo), Buffer.from(body), {
        correlationId: d.properties.correlationId as string,
        contentType: 'application/json',
      });
    },
    { noAck: true },
  );
  const { queue: replyTo } = await cch.assertQueue('', { exclusive: true, autoDelete: true });
  const pending = new Map<string, { resolve: (v: string) => void; timer: NodeJS.Timeout }>();
  await cch.consume(
    replyTo,
    (d) => {
      if (d === null) return;
      const id = d.properties.correlationId as string;
      const p = pending.get(id);
      if (p === undefined) return;
      pending.delete(id);
      clearTimeout(p.timer);
      p.resolve((JSON.parse(d.content.toString()) as { v: string }).v);
    },
    { noAck: true },
  );
  let next = 0;
  return {
    call: (s) =>
      new Promise((resolve, reject) => {
        const id = String(next++);
        const timer = setTimeout(() => {
          pending.delete(id);
          reject(new Error('timeout'));
        }, 10_000);
        pending.set(id, { resolve, timer });
        cch.publish('', queue, Buffer.from(JSON.stringify({ s })), {
          replyTo,
          correlationId: id,
          contentType: 'application/json',
        });
      }),
    stop: async () => {
      await Promise.all([a.close(), b.close()]);
    },
  };
}

const kind = process.argv[2] ?? '';
const url = process.argv[3] ?? '';
const makers: Record<string, () => Promise<Pair>> = {
  svckit: () => natsSvckit(url, 'shared'),
  'svckit-inbox': () => natsSvckit(url, 'inbox'),
  'nats-request': () => natsRaw(url),
  moleculer: () => natsMoleculer(url),
  'amqp-svckit': () => amqpSvckit(url, 'queue'),
  'amqp-svckit-direct': () => amqpSvckit(url, 'direct'),
  'amqplib-rpc': () => amqpRaw(url),
};
const make = makers[kind];
if (make === undefined) throw new Error(`unknown pair ${kind}`);
const pair = await make();
if ((await pair.call('ok')) !== 'OK') throw new Error(`${kind}: wrong answer`);

async function load(seconds: number, inFlight: number): Promise<{ calls: number; errors: number }> {
  const end = Date.now() + seconds * 1000;
  let calls = 0;
  let errors = 0;
  const worker = async (): Promise<void> => {
    while (Date.now() < end) {
      try {
        if ((await pair.call('hello world')) !== 'HELLO WORLD') errors++;
        calls++;
      } catch {
        errors++;
      }
    }
  };
  await Promise.all(Array.from({ length: inFlight }, worker));
  return { calls, errors };
}

process.send?.('ready');
process.on('message', (m: { seconds: number; inFlight: number } | 'stop') => {
  if (m === 'stop') {
    void pair.stop().finally(() => process.exit(0));
    return;
  }
  void (async () => {
    const before = process.cpuUsage();
    const t0 = process.hrtime.bigint();
    const r = await load(m.seconds, m.inFlight);
    const wall = Number(process.hrtime.bigint() - t0) / 1e9;
    const cpu = process.cpuUsage(before);
    process.send?.({ ...r, wall, cpu: (cpu.user + cpu.system) / 1e6 });
  })();
});

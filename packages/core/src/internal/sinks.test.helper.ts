// Real listeners on 127.0.0.1 that collect what metric backends send, for the tests only.
import { createSocket } from 'node:dgram';
import { createServer } from 'node:net';
import type { AddressInfo, Socket } from 'node:net';

/** UdpSink collects datagrams. */
export interface UdpSink {
  port: number;
  packets: Buffer[];
  lines(): string[];
  close(): Promise<void>;
}

/** udpSink binds a UDP socket on a free 127.0.0.1 port and keeps every datagram it gets. */
export async function udpSink(): Promise<UdpSink> {
  const socket = createSocket('udp4');
  const packets: Buffer[] = [];
  socket.on('message', (msg) => packets.push(msg));
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  return {
    port: (socket.address() as AddressInfo).port,
    packets,
    lines: () =>
      packets.flatMap((p) =>
        p
          .toString('utf8')
          .split('\n')
          .filter((l) => l !== ''),
      ),
    close: () => new Promise<void>((resolve) => socket.close(() => resolve())),
  };
}

/** TcpSink collects a byte stream from any number of connections. */
export interface TcpSink {
  port: number;
  text(): string;
  lines(): string[];
  connections(): number;
  close(): Promise<void>;
}

/** tcpSink listens on 127.0.0.1 (a free port unless given) and keeps everything it reads. */
export async function tcpSink(port = 0): Promise<TcpSink> {
  let data = '';
  let count = 0;
  const sockets = new Set<Socket>();
  const server = createServer((s) => {
    count++;
    sockets.add(s);
    s.setEncoding('utf8');
    s.on('data', (d: string) => (data += d));
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', resolve);
  });
  return {
    port: (server.address() as AddressInfo).port,
    text: () => data,
    lines: () => data.split('\n').filter((l) => l !== ''),
    connections: () => count,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

/** waitFor polls cond every 5 ms until it holds or ms pass. */
export async function waitFor(cond: () => boolean, ms = 3000, what = 'condition'): Promise<void> {
  const deadline = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error(`waitFor: timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

/** StatsdLine is one parsed StatsD / DogStatsD / Influx-StatsD line. */
export interface StatsdLine {
  head: string;
  value: string;
  type: string;
  rate: number;
  tags: string;
}

/** parseStatsd splits `head:value|type[|@rate][|#tags]`. */
export function parseStatsd(line: string): StatsdLine {
  const colon = line.lastIndexOf(':', line.indexOf('|'));
  const head = line.slice(0, colon);
  const fields = line.slice(colon + 1).split('|');
  const out: StatsdLine = { head, value: fields[0]!, type: fields[1]!, rate: 1, tags: '' };
  for (const f of fields.slice(2)) {
    if (f.startsWith('@')) out.rate = Number(f.slice(1));
    else if (f.startsWith('#')) out.tags = f.slice(1);
  }
  return out;
}

/**
 * statsdState replays lines with StatsD server semantics: counters sum (scaled by 1/rate),
 * gauges keep the last value (`+d`/`-d` adjust it), timings and histograms keep every sample.
 * Series are keyed by head plus tags.
 */
export function statsdState(lines: readonly string[]): {
  counters: Map<string, number>;
  gauges: Map<string, number>;
  samples: Map<string, number[]>;
} {
  const counters = new Map<string, number>();
  const gauges = new Map<string, number>();
  const samples = new Map<string, number[]>();
  for (const raw of lines) {
    const l = parseStatsd(raw);
    const key = l.tags === '' ? l.head : `${l.head}|#${l.tags}`;
    const v = Number(l.value);
    if (l.type === 'c') counters.set(key, (counters.get(key) ?? 0) + v / l.rate);
    else if (l.type === 'g') {
      const relative = l.value.startsWith('+') || l.value.startsWith('-');
      gauges.set(key, relative ? (gauges.get(key) ?? 0) + v : v);
    } else {
      const list = samples.get(key) ?? [];
      list.push(v);
      samples.set(key, list);
    }
  }
  return { counters, gauges, samples };
}

import { createSocket } from 'node:dgram';
import type { Socket as UdpSocket } from 'node:dgram';
import { isIPv6 } from 'node:net';
import { createManager } from '../../util/conn/index.js';
import type { Manager } from '../../util/conn/index.js';
import type { Logger } from '../../log/index.js';

/** Writer is a custom destination for rendered metric lines (Go kit's `io.Writer` target). */
export interface Writer {
  /** write receives newline-terminated lines; a rejection is reported, the lines dropped. */
  write(lines: string): void | Promise<void>;
}

/** Transport carries rendered lines to a collector. */
export interface Transport {
  /** send delivers newline-terminated lines. */
  send(lines: string): Promise<void>;
  /** close releases the socket after pending sends. */
  close(): Promise<void>;
  /** ready waits, bounded, for a connection (TCP only); resolves whether there is one. */
  ready?: () => Promise<boolean>;
}

/** TransportOptions are the flat network options every line-based backend accepts. */
export interface TransportOptions {
  /** protocol: 'udp' or 'tcp' (TCP goes through the reconnecting `util/conn` manager). */
  protocol?: 'udp' | 'tcp';
  /** host of the collector; default 127.0.0.1. */
  host?: string;
  /** port of the collector. */
  port?: number;
  /** maxPacketSize bounds one UDP datagram, in bytes; default 1432 (fits a 1500 MTU). */
  maxPacketSize?: number;
  /** writer replaces the network: lines go to it instead (for tests or custom sinks). */
  writer?: Writer;
  /** initialBackoffMs / maxBackoffMs tune TCP reconnects (defaults 1000 / 60000). */
  initialBackoffMs?: number;
  /** maxBackoffMs caps the TCP reconnect back-off. */
  maxBackoffMs?: number;
  /** logger receives connection errors. */
  logger?: Logger;
}

/** defaultMaxPacketSize keeps a StatsD datagram inside a 1500-byte Ethernet MTU. */
export const defaultMaxPacketSize = 1432;

/** createTransport returns the transport the options describe. */
export function createTransport(options: TransportOptions, defaultPort: number): Transport {
  if (options.writer !== undefined) return writerTransport(options.writer);
  const host = options.host ?? '127.0.0.1';
  const port = options.port ?? defaultPort;
  if (!Number.isInteger(port) || port <= 0 || port > 65535) {
    throw new RangeError(`invalid port ${port}`);
  }
  if ((options.protocol ?? 'udp') === 'tcp') {
    const managerOptions: Parameters<typeof createManager>[0] = { host, port };
    if (options.initialBackoffMs !== undefined)
      managerOptions.initialBackoffMs = options.initialBackoffMs;
    if (options.maxBackoffMs !== undefined) managerOptions.maxBackoffMs = options.maxBackoffMs;
    if (options.logger !== undefined) managerOptions.logger = options.logger;
    return tcpTransport(createManager(managerOptions));
  }
  const max = options.maxPacketSize ?? defaultMaxPacketSize;
  if (!Number.isInteger(max) || max < 64 || max > 65507) {
    throw new RangeError(`maxPacketSize must be an integer in [64, 65507], got ${max}`);
  }
  return udpTransport(host, port, max);
}

function writerTransport(writer: Writer): Transport {
  return {
    send: async (lines) => {
      await writer.write(lines);
    },
    close: () => Promise.resolve(),
  };
}

function tcpTransport(manager: Manager): Transport {
  return {
    send: (lines) => manager.write(lines),
    close: () => manager.close(),
    ready: () => manager.whenConnected(1000),
  };
}

function udpTransport(host: string, port: number, maxPacketSize: number): Transport {
  let socket: UdpSocket | undefined;
  const open = (): UdpSocket => {
    if (socket === undefined) {
      socket = createSocket(isIPv6(host) ? 'udp6' : 'udp4');
      socket.on('error', () => {}); // send callbacks carry the errors
      socket.unref();
    }
    return socket;
  };
  return {
    async send(lines) {
      const s = open();
      const packets = splitPackets(lines, maxPacketSize);
      await Promise.all(
        packets.map(
          (p) =>
            new Promise<void>((resolve, reject) =>
              s.send(p, port, host, (err) => (err ? reject(err) : resolve())),
            ),
        ),
      );
    },
    close() {
      const s = socket;
      socket = undefined;
      if (s === undefined) return Promise.resolve();
      return new Promise<void>((resolve) => s.close(() => resolve()));
    },
  };
}

/**
 * splitPackets cuts newline-terminated lines into datagrams of at most maxBytes, only between
 * lines, without the final newline of each datagram. A single line longer than maxBytes goes
 * alone in its own datagram.
 */
export function splitPackets(lines: string, maxBytes: number): Buffer[] {
  const buf = Buffer.from(lines, 'utf8');
  const out: Buffer[] = [];
  let start = 0;
  let end = buf.length;
  while (end > 0 && buf[end - 1] === 0x0a) end--;
  while (start < end) {
    if (end - start <= maxBytes) {
      out.push(buf.subarray(start, end));
      break;
    }
    let cut = buf.lastIndexOf(0x0a, start + maxBytes);
    if (cut < start) {
      cut = buf.indexOf(0x0a, start);
      if (cut === -1 || cut > end) cut = end;
    }
    if (cut > start) out.push(buf.subarray(start, cut));
    start = cut + 1;
  }
  return out;
}

// Test support: addsvc in-process on free ports, its log lines captured, and raw HTTP/1.1
// exchanges over a socket (to see exactly what goes on the wire).
import { connect } from 'node:net';
import type { Logger } from '@svckit/core/log';
import { newAddsvc } from './addsvc.js';
import type { Addsvc, AddsvcFlags } from './addsvc.js';
import { parseFlags } from './flags.js';
import { addsvcFlags } from './addsvc.js';
import type { Exit } from './run-group.js';

/** Running is an in-process addsvc with its addresses and captured log lines. */
export interface Running {
  readonly svc: Addsvc;
  readonly http: string;
  readonly grpc: string;
  readonly debug: string;
  readonly logs: string[][];
  readonly exit: Promise<Exit>;
  stop(): Promise<Exit>;
}

/** recordingLogger keeps each call's keyvals as strings. */
export function recordingLogger(lines: string[][]): Logger {
  return {
    log(...keyvals: unknown[]) {
      lines.push(keyvals.map((v) => (v instanceof Error ? v.message : String(v))));
    },
  };
}

/**
 * startAddsvc runs addsvc in-process with args after defaults that pick free ports on
 * 127.0.0.1 and turn the JSON-RPC address off; it resolves once every listener is up.
 */
export async function startAddsvc(args: readonly string[] = []): Promise<Running> {
  const logs: string[][] = [];
  const flags: AddsvcFlags = parseFlags(addsvcFlags, [
    '-http-addr=127.0.0.1:0',
    '-grpc-addr=127.0.0.1:0',
    '-debug.addr=127.0.0.1:0',
    '-jsonrpc-addr=',
    '-shutdown-timeout=2s',
    ...args,
  ]).values;
  const svc = newAddsvc(flags, { logger: recordingLogger(logs), signals: [] });
  let started!: () => void;
  const up = new Promise<void>((resolve) => (started = resolve));
  const exit = svc.run(started);
  await Promise.race([
    up,
    exit.then((e) => Promise.reject(new Error(`addsvc exited: ${e.reason}`))),
  ]);
  return {
    svc,
    http: svc.addresses.get('HTTP') ?? '',
    grpc: svc.addresses.get('gRPC') ?? '',
    debug: svc.addresses.get('debug/HTTP') ?? '',
    logs,
    exit,
    stop: () => {
      svc.stop();
      return exit;
    },
  };
}

/** RawResponse is an HTTP/1.1 response as it came over the socket. */
export interface RawResponse {
  /** statusLine is the first line, e.g. `HTTP/1.1 200 OK`. */
  readonly statusLine: string;
  readonly status: number;
  /** headers by lower-cased name (the last value of a repeated header). */
  readonly headers: Readonly<Record<string, string>>;
  /** body is the body's bytes as text (Content-Length framed; chunked is decoded). */
  readonly body: string;
}

/**
 * raw sends request bytes on a fresh connection to address and reads one response
 * (`Connection: close` is the caller's to send, or the server's to decide).
 */
export function raw(address: string, request: string | Buffer): Promise<RawResponse> {
  const colon = address.lastIndexOf(':');
  return new Promise((resolve, reject) => {
    const socket = connect(Number(address.slice(colon + 1)), address.slice(0, colon));
    const chunks: Buffer[] = [];
    const timer = setTimeout(() => socket.destroy(new Error('raw: no response in 5 s')), 5000);
    const tryParse = (final: boolean): boolean => {
      const all = Buffer.concat(chunks);
      const end = all.indexOf('\r\n\r\n');
      if (end < 0) return false;
      const head = all.subarray(0, end).toString('latin1').split('\r\n');
      const headers: Record<string, string> = {};
      for (const line of head.slice(1)) {
        const c = line.indexOf(':');
        headers[line.slice(0, c).toLowerCase()] = line.slice(c + 1).trim();
      }
      let rest = all.subarray(end + 4);
      let body: Buffer | undefined;
      if (headers['content-length'] !== undefined) {
        const n = Number(headers['content-length']);
        if (rest.length >= n) body = rest.subarray(0, n);
      } else if (headers['transfer-encoding'] === 'chunked') {
        const parts: Buffer[] = [];
        for (;;) {
          const eol = rest.indexOf('\r\n');
          if (eol < 0) break;
          const size = parseInt(rest.subarray(0, eol).toString(), 16);
          if (size === 0) {
            body = Buffer.concat(parts);
            break;
          }
          if (rest.length < eol + 2 + size + 2) break;
          parts.push(rest.subarray(eol + 2, eol + 2 + size));
          rest = rest.subarray(eol + 2 + size + 2);
        }
      } else if (final) body = rest;
      if (body === undefined) return false;
      clearTimeout(timer);
      socket.destroy();
      const statusLine = head[0] ?? '';
      resolve({
        statusLine,
        status: Number(statusLine.split(' ')[1]),
        headers,
        body: body.toString('utf8'),
      });
      return true;
    };
    socket.on('data', (d: Buffer) => {
      chunks.push(d);
      tryParse(false);
    });
    socket.on('end', () => {
      if (!tryParse(true))
        reject(new Error(`raw: incomplete response: ${Buffer.concat(chunks).toString()}`));
    });
    socket.on('error', reject);
    socket.write(request);
  });
}

/** post is a raw `METHOD path` request with body (Content-Length framed, no Content-Type). */
export function post(
  address: string,
  path: string,
  body: string,
  method = 'POST',
): Promise<RawResponse> {
  const bytes = Buffer.from(body);
  return raw(
    address,
    Buffer.concat([
      Buffer.from(
        `${method} ${path} HTTP/1.1\r\nHost: ${address}\r\nContent-Length: ${bytes.length}\r\nConnection: close\r\n\r\n`,
      ),
      bytes,
    ]),
  );
}

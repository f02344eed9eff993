/**
 * Internal: the Fetch face of a server (Bun, Deno, edge runtimes), adapting a Web `Request` to
 * an {@link Exchange} and the written response to a Web `Response`. Only Web APIs are used.
 */
import { grpcTimeoutHeader, parseGrpcTimeout, parseTimeout, timeoutHeader } from '../headers.js';
import { utf8Text } from './codec.js';
import { BodyTooLargeError, ClientGoneError } from './errors.js';
import type { Exchange } from './exchange.js';
import { ExchangeBase, checkBody } from './exchange-base.js';

const empty = new Uint8Array(0);
const encoder = new TextEncoder();

/** PeerInfo is what Bun (`server.requestIP`) and Deno (`info.remoteAddr`) pass beside a request. */
interface PeerInfo {
  requestIP?: (request: Request) => { address: string; port: number } | null;
  remoteAddr?: { hostname?: string; port?: number };
}

/** FetchExchange adapts one Web request and collects the response to return. */
export class FetchExchange extends ExchangeBase implements Exchange {
  readonly raw: Request;
  readonly limit: number;
  private readonly info: unknown;
  private bodyRead: Promise<Uint8Array> | undefined = undefined;

  constructor(request: Request, info: unknown, limit: number) {
    super();
    this.raw = request;
    this.info = info;
    this.limit = limit;
  }

  get method(): string {
    return this.raw.method;
  }
  get url(): string {
    const href = this.raw.url;
    const slash = href.indexOf('/', href.indexOf('//') + 2);
    if (slash < 0) return '/';
    const hash = href.indexOf('#', slash);
    return hash < 0 ? href.slice(slash) : href.slice(slash, hash);
  }
  get protocol(): string {
    return 'HTTP/1.1';
  }
  get remoteAddress(): string {
    const info = this.info as PeerInfo | undefined;
    if (info === undefined || info === null) return '';
    if (typeof info.requestIP === 'function') {
      const peer = info.requestIP(this.raw);
      if (peer) return join(peer.address, peer.port);
    }
    const addr = info.remoteAddr;
    if (addr?.hostname !== undefined) return join(addr.hostname, addr.port ?? 0);
    return '';
  }
  header(name: string): string | undefined {
    return this.raw.headers.get(name) ?? undefined;
  }
  body(): Promise<Uint8Array> {
    return (this.bodyRead ??= this.readBody());
  }
  async text(): Promise<string> {
    return utf8Text(await this.body());
  }

  private async readBody(): Promise<Uint8Array> {
    const limit = this.limit;
    const declared = this.raw.headers.get('content-length');
    if (declared !== null && Number(declared) > limit) throw new BodyTooLargeError(limit);
    const stream = this.raw.body;
    if (stream === null) return empty;
    const reader = stream.getReader();
    const chunks: Uint8Array[] = [];
    let size = 0;
    for (;;) {
      let step: ReadableStreamReadResult<Uint8Array>;
      try {
        step = await reader.read();
      } catch {
        throw new ClientGoneError();
      }
      if (step.done) break;
      size += step.value.byteLength;
      if (size > limit) {
        reader.cancel().catch(() => {});
        throw new BodyTooLargeError(limit);
      }
      chunks.push(step.value);
    }
    if (chunks.length === 1) return chunks[0] as Uint8Array;
    const body = new Uint8Array(size);
    let at = 0;
    for (const c of chunks) {
      body.set(c, at);
      at += c.byteLength;
    }
    return body;
  }

  protected textBytes(text: string): number {
    return encoder.encode(text).byteLength;
  }
  end(body?: string | Uint8Array): void {
    if (this.ended) return;
    checkBody(body);
    this.ended = true;
    this.out = body;
  }

  abortSignal(): AbortSignal {
    return this.raw.signal;
  }
  fatal(): void {
    this.ended = true;
    this.dropHeaders();
    this.statusCode = 500;
    this.out = 'internal server error';
  }
  clientGone(): boolean {
    return this.raw.signal.aborted;
  }
  requestTimeout(): number | undefined {
    const headers = this.raw.headers;
    const connect = parseTimeout(headers.get(timeoutHeader) ?? undefined);
    const grpc = parseGrpcTimeout(headers.get(grpcTimeoutHeader) ?? undefined);
    if (connect === undefined) return grpc;
    return grpc === undefined || connect < grpc ? connect : grpc;
  }

  /** response builds the Web Response from what was written. */
  response(): Response {
    let status = this.statusCode;
    if (!Number.isInteger(status) || status < 200 || status > 599) status = 500;
    const nullBody = status === 204 || status === 205 || status === 304;
    const body = nullBody || this.out === undefined ? null : (this.out as BodyInit);
    const map = this.hdrs.map;
    let headers: HeadersInit | undefined;
    if (map !== undefined) {
      if (!this.hdrs.multi) headers = map as Record<string, string>;
      else {
        const h = new Headers();
        for (const name in map) {
          const v = map[name] as string | string[];
          if (typeof v === 'string') h.append(name, v);
          else for (const one of v) h.append(name, one);
        }
        headers = h;
      }
    }
    try {
      return new Response(body, headers === undefined ? { status } : { status, headers });
    } catch {
      // An invalid header name or value: answer a bare 500 rather than reject.
      return new Response('internal server error', {
        status: 500,
        headers: { 'content-type': 'text/plain; charset=utf-8' },
      });
    }
  }
}

function join(ip: string, port: number): string {
  return ip.includes(':') ? `[${ip}]:${port}` : `${ip}:${port}`;
}

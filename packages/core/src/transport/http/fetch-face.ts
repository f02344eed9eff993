/**
 * Internal: the Fetch face of a server (Bun, Deno, edge runtimes), adapting a Web `Request` to
 * an {@link Exchange} and the written response to a Web `Response`. Only Web APIs are used.
 */
import { CanceledError } from '../../context/index.js';
import { grpcTimeoutHeader, parseGrpcTimeout, parseTimeout, timeoutHeader } from '../headers.js';
import { utf8Text } from './codec.js';
import { headerOf } from './fetch-headers.js';
import type { BodyBudget } from './body-budget.js';
import { BodyBudgetError } from './body-budget.js';
import { BodyTooLargeError, ClientGoneError } from './errors.js';
import type { Exchange } from './exchange.js';
import { ExchangeBase, checkBody } from './exchange-base.js';
import { declaredLengthOf, fetchUnreadMustClose, isPlainTarget, targetOfURL } from './target.js';

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
  /** href is the runtime's `request.url`, read once. */
  private readonly href: string;
  /** targetRead is the request target once computed; null until something asks. */
  private targetRead: string | undefined | null = null;
  /** started is the one read of the body, once begun (unchecked: the runtime's own promise). */
  private started: Promise<Uint8Array> | undefined = undefined;
  private unchecked = false;
  /** bodyRead is what {@link FetchExchange.body} gives, checked. */
  private bodyRead: Promise<Uint8Array> | undefined = undefined;
  private bodyDone = false;
  private mustClose = false;
  private controller: AbortController | undefined = undefined;
  private readonly budget: BodyBudget | null;
  /** held is what this request took of the budget, given back when the response is built. */
  private held = 0;

  constructor(request: Request, info: unknown, limit: number, budget: BodyBudget | null) {
    super();
    this.raw = request;
    this.info = info;
    this.limit = limit;
    this.budget = budget;
    this.href = request.url;
  }

  /**
   * target is the request target, or undefined when the URL is not one (answered 400),
   * computed when first asked: a server whose flow never reads the URL does not slice it.
   */
  get target(): string | undefined {
    const read = this.targetRead;
    return read === null ? (this.targetRead = targetOfURL(this.href)) : read;
  }

  /** hasTarget tells whether the URL is a request target, without building it when it is plain. */
  hasTarget(): boolean {
    return isPlainTarget(this.href) || this.target !== undefined;
  }

  get method(): string {
    return this.raw.method;
  }
  get url(): string {
    return this.target ?? '/';
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
    return headerOf(this.raw.headers, name.toLowerCase()) ?? undefined;
  }
  body(): Promise<Uint8Array> {
    let read = this.bodyRead;
    if (read === undefined) {
      const started = this.start();
      read = this.bodyRead = this.unchecked
        ? started.then((b) => this.whole(b), clientGone)
        : started;
    }
    return read;
  }

  /**
   * bodyThen reads the body and hands it to `then` in the same promise step (a decoder's
   * parse runs in the step that takes the runtime's bytes); the body is still read once, and
   * {@link FetchExchange.body} gives the same bytes afterwards.
   */
  bodyThen<T>(then: (body: Uint8Array) => T): Promise<T> {
    if (this.bodyRead !== undefined) return this.bodyRead.then(then);
    const started = this.start();
    if (!this.unchecked) return started.then(then);
    return started.then((b) => then(this.whole(b)), clientGone);
  }
  text(): Promise<string> {
    return this.bodyThen(utf8Text);
  }

  /** start begins the one read of the body, or returns the read already begun. */
  private start(): Promise<Uint8Array> {
    let started = this.started;
    if (started === undefined) {
      try {
        started = this.readBody();
      } catch (err) {
        // What the runtime throws (a request already closed) rejects, as a read that failed.
        started = Promise.reject(err as Error);
      }
      this.started = started;
    }
    return started;
  }

  /**
   * readBody begins reading the body the way the runtime makes fast: a declared length within
   * the limit (the runtime reads no more than it) is one `bytes()`/`arrayBuffer()` call, whose
   * promise is returned unchecked (`unchecked`: the caller's one step checks it, see
   * {@link FetchExchange.whole}); only a body of unknown length (chunked) goes through the
   * stream reader, which counts as it reads. It is not an async function: no async frame.
   */
  private readBody(): Promise<Uint8Array> {
    const limit = this.limit;
    const declared = declaredLengthOf(headerOf(this.raw.headers, 'content-length'));
    if (declared > limit) {
      this.mustClose = true;
      return Promise.reject(new BodyTooLargeError(limit));
    }
    if (declared === 0) {
      this.bodyDone = true;
      return Promise.resolve(empty);
    }
    if (declared < 0) return this.readStream(limit);
    if (!this.hold(declared)) return Promise.reject(this.busy());
    let read: Promise<Uint8Array>;
    try {
      const raw = this.raw as Request & { bytes?: () => Promise<Uint8Array> };
      read = typeof raw.bytes === 'function' ? raw.bytes() : raw.arrayBuffer().then(bytesOfBuffer);
    } catch {
      return Promise.reject(new ClientGoneError());
    }
    this.unchecked = true;
    return read;
  }

  /** whole takes a body read in one call: within the limit, the body is done. */
  private whole(body: Uint8Array): Uint8Array {
    if (body.byteLength > this.limit) {
      this.mustClose = true;
      throw new BodyTooLargeError(this.limit);
    }
    this.bodyDone = true;
    return body;
  }

  /** readStream reads a body of unknown length chunk by chunk, counting against the limit. */
  private async readStream(limit: number): Promise<Uint8Array> {
    const stream = this.raw.body;
    if (stream === null) {
      this.bodyDone = true;
      return empty;
    }
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
        this.mustClose = true;
        reader.cancel().catch(() => {});
        throw new BodyTooLargeError(limit);
      }
      if (!this.hold(step.value.byteLength)) {
        reader.cancel().catch(() => {});
        throw this.busy();
      }
      chunks.push(step.value);
    }
    this.bodyDone = true;
    if (chunks.length === 1) return chunks[0] as Uint8Array;
    const body = new Uint8Array(size);
    let at = 0;
    for (const c of chunks) {
      body.set(c, at);
      at += c.byteLength;
    }
    return body;
  }

  /** hold takes n bytes of the budget for this request (always true without a budget). */
  private hold(n: number): boolean {
    const budget = this.budget;
    if (budget === null || this.ended) return true;
    if (!budget.take(n)) return false;
    this.held += n;
    return true;
  }

  private busy(): BodyBudgetError {
    this.mustClose = true;
    return new BodyBudgetError();
  }

  private release(): void {
    if (this.held !== 0) {
      (this.budget as BodyBudget).give(this.held);
      this.held = 0;
    }
  }

  protected textBytes(text: string): number {
    return encoder.encode(text).byteLength;
  }
  end(body?: string | Uint8Array): void {
    if (this.ended) return;
    checkBody(body);
    this.ended = true;
    this.release();
    this.out = body;
  }

  abortSignal(): AbortSignal {
    let c = this.controller;
    if (c === undefined) {
      // The runtime's signal aborts with a DOMException; the request context's signal aborts
      // with the same CanceledError as under the Node face.
      const controller = (c = this.controller = new AbortController());
      const source = this.raw.signal;
      const onAbort = (): void => {
        if (!controller.signal.aborted)
          controller.abort(new CanceledError('context canceled: client closed the connection'));
      };
      if (source.aborted) onAbort();
      else source.addEventListener('abort', onAbort, { once: true });
    }
    return c.signal;
  }

  /**
   * done aborts the request's signal, if someone made it, once the response is built (Go
   * cancels a request's context when `ServeHTTP` returns; the Node face does the same).
   */
  done(): void {
    const c = this.controller;
    if (c !== undefined && !c.signal.aborted) c.abort(new CanceledError());
  }
  fatal(): void {
    this.ended = true;
    this.release();
    this.dropHeaders();
    this.statusCode = 500;
    this.out = 'internal server error';
  }
  clientGone(): boolean {
    return this.raw.signal.aborted;
  }
  requestTimeout(): number | undefined {
    const headers = this.raw.headers;
    const connect = parseTimeout(headerOf(headers, timeoutHeader) ?? undefined);
    const grpc = parseGrpcTimeout(headerOf(headers, grpcTimeoutHeader) ?? undefined);
    if (connect === undefined) return grpc;
    return grpc === undefined || connect < grpc ? connect : grpc;
  }

  /**
   * settle builds the Web Response from what was written, then ends the deadline's timer and
   * the request's signal.
   */
  settle(): Response {
    const response = this.response();
    this.endDeadline();
    this.done();
    return response;
  }

  /** response builds the Web Response from what was written. */
  response(): Response {
    let status = this.statusCode;
    if (!Number.isInteger(status) || status < 200 || status > 599) status = 500;
    const nullBody = status === 204 || status === 205 || status === 304;
    const body = nullBody || this.out === undefined ? null : (this.out as BodyInit);
    if (this.mustClose || (!this.bodyDone && fetchUnreadMustClose(this.raw)))
      this.hdrs.set('connection', 'close');
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

function bytesOfBuffer(buffer: ArrayBuffer): Uint8Array {
  return new Uint8Array(buffer);
}

/** clientGone is what a failed read means under the Fetch face: the client went away. */
function clientGone(): never {
  throw new ClientGoneError();
}

function join(ip: string, port: number): string {
  return ip.includes(':') ? `[${ip}]:${port}` : `${ip}:${port}`;
}

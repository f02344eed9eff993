/**
 * Internal: the Node face of a server, adapting `IncomingMessage`/`ServerResponse` to an
 * {@link Exchange}. The flow itself lives in flow.ts and is shared with the Fetch face.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { CanceledError } from '../../context/index.js';
import { grpcTimeoutHeader, parseGrpcTimeout, parseTimeout, timeoutHeader } from '../headers.js';
import type { BodyBudget } from './body-budget.js';
import { BodyBudgetError } from './body-budget.js';
import { BodyTooLargeError, ClientGoneError } from './errors.js';
import type { Exchange } from './exchange.js';
import { ExchangeBase, checkBody } from './exchange-base.js';
import { nodeUnreadMustClose } from './target.js';

const empty = Buffer.alloc(0);
const settledTick = Promise.resolve();

/** NodeExchange adapts one Node request/response pair. */
export class NodeExchange extends ExchangeBase implements Exchange {
  readonly raw: IncomingMessage;
  readonly res: ServerResponse;
  readonly limit: number;
  private readonly budget: BodyBudget | null;
  /** held is what this request took of the budget, given back when the response is done. */
  private held = 0;
  private bodyRead: Promise<Buffer> | undefined = undefined;
  private controller: AbortController | undefined = undefined;
  private mustClose = false;
  private bodyDone = false;
  private goneAtEnd = false;

  constructor(req: IncomingMessage, res: ServerResponse, limit: number, budget: BodyBudget | null) {
    super();
    this.raw = req;
    this.res = res;
    this.limit = limit;
    this.budget = budget;
  }

  get method(): string {
    return this.raw.method ?? 'GET';
  }
  get url(): string {
    return this.raw.url ?? '/';
  }
  get protocol(): string {
    return `HTTP/${this.raw.httpVersion}`;
  }
  get remoteAddress(): string {
    const s = this.raw.socket;
    const ip = s.remoteAddress;
    if (ip === undefined) return '';
    return ip.includes(':') ? `[${ip}]:${s.remotePort}` : `${ip}:${s.remotePort}`;
  }
  header(name: string): string | undefined {
    const v = this.raw.headers[name.toLowerCase()];
    return Array.isArray(v) ? v.join(', ') : v;
  }
  body(): Promise<Uint8Array> {
    return (this.bodyRead ??= this.readBody());
  }
  async text(): Promise<string> {
    return (await (this.bodyRead ??= this.readBody())).toString('utf8');
  }

  private readBody(): Promise<Buffer> {
    const req = this.raw;
    const limit = this.limit;
    const declared = declaredLength(req.rawHeaders);
    if (declared > limit) {
      // Refuse before reading a byte; the connection is closed after the 413.
      this.mustClose = true;
      return Promise.reject(new BodyTooLargeError(limit));
    }
    if (declared > 0 && !this.hold(declared)) return Promise.reject(this.busy());
    // A small body usually arrives with the headers: one microtask later the parser has
    // buffered all of it and it is taken in one read(), without flowing-mode events.
    return settledTick.then(() => this.takeBody(declared));
  }

  private takeBody(declared: number): Buffer | Promise<Buffer> {
    const req = this.raw;
    const limit = this.limit;
    // Everything is buffered when the parser says so, or when the declared length is there
    // (the parser flags completion a little later than it buffers the last bytes).
    if (req.complete || (declared >= 0 && req.readableLength >= declared)) {
      if (req.readableLength > limit) {
        this.mustClose = true;
        throw new BodyTooLargeError(limit);
      }
      if (declared < 0 && req.readableLength > 0 && !this.hold(req.readableLength))
        throw this.busy();
      const all = toBuffer(req.read() as Buffer | string | null);
      // All bytes are taken. The stream's own 'end'/'close' bookkeeping costs ~10% of a small
      // request, so it is only driven when someone listens for it (Node itself does not need
      // it: the parser moves on to the next request on its own).
      if (!req.readableEnded && (req.listenerCount('end') > 0 || req.listenerCount('close') > 0))
        req.resume();
      this.bodyDone = true;
      return all ?? empty;
    }
    return new Promise<Buffer>((resolve, reject) => {
      let first: Buffer | undefined;
      let list: Buffer[] | undefined;
      let size = 0;
      let settled = false;
      const onData = (data: Buffer | string): void => {
        const chunk = toBuffer(data) as Buffer; // strings if someone called req.setEncoding()
        size += chunk.length;
        const tooLarge = size > limit;
        if (tooLarge || (declared < 0 && !this.hold(chunk.length))) {
          settled = true;
          req.off('data', onData);
          req.pause();
          if (tooLarge) this.mustClose = true;
          reject(tooLarge ? new BodyTooLargeError(limit) : this.busy());
          return;
        }
        if (first === undefined) first = chunk;
        else (list ??= [first]).push(chunk);
      };
      // No 'error' listener: without one, Node does not emit the abort error (so none can go
      // unhandled), and 'close' tells us the client left. Nothing is removed on the hot path:
      // after 'end', the later 'close' finds the promise settled.
      req.on('data', onData);
      req.on('end', () => {
        settled = true;
        this.bodyDone = true;
        resolve(list !== undefined ? Buffer.concat(list, size) : (first ?? empty));
      });
      req.on('close', () => {
        if (!settled) reject(new ClientGoneError());
      });
    });
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
    return Buffer.byteLength(text);
  }
  end(body?: string | Uint8Array): void {
    if (this.ended) return;
    checkBody(body);
    const res = this.res;
    if (this.mustClose || (!this.bodyDone && !this.raw.complete && nodeUnreadMustClose(this.raw)))
      this.hdrs.set('connection', 'close');
    if (!res.headersSent) {
      // writeHead fixes the header block, so the length must be in it (else Node goes chunked).
      const map = (this.hdrs.map ??= {});
      const status = this.statusCode;
      if (map['content-length'] === undefined && status !== 204 && status !== 304 && status >= 200)
        map['content-length'] = String(
          body === undefined
            ? 0
            : typeof body === 'string'
              ? Buffer.byteLength(body)
              : body.byteLength,
        );
      try {
        res.writeHead(status, map);
      } catch (err) {
        // An invalid header or status: nothing was sent. Forget the headers so that the error
        // path can still answer, and let the flow treat it as an encoding error.
        this.dropHeaders();
        throw err;
      }
    }
    this.ended = true;
    this.release();
    this.out = body;
    this.goneAtEnd = this.raw.socket.destroyed;
    if (body === undefined) res.end();
    else res.end(body);
  }

  /** settle ends the deadline's timer; the response is written already. */
  settle(): undefined {
    this.endDeadline();
    return undefined;
  }
  fatal(): void {
    this.ended = true;
    this.release();
    this.res.destroy();
  }

  abortSignal(): AbortSignal {
    let controller = this.controller;
    if (controller === undefined) {
      const c = (controller = this.controller = new AbortController());
      const res = this.res;
      const onClose = (): void =>
        c.abort(
          res.writableFinished
            ? new CanceledError()
            : new CanceledError('context canceled: client closed the connection'),
        );
      if (res.closed || this.raw.socket.destroyed) onClose();
      else res.once('close', onClose);
    }
    return controller.signal;
  }
  clientGone(): boolean {
    return this.ended ? this.goneAtEnd : this.raw.socket.destroyed;
  }
  requestTimeout(): number | undefined {
    // From the raw header list: building `req.headers` costs more than the whole scan.
    const raw = this.raw.rawHeaders;
    let ms: number | undefined;
    for (let i = 0; i < raw.length; i += 2) {
      const name = raw[i] as string;
      const len = name.length;
      if (len !== 18 && len !== 12) continue;
      const lower = name.toLowerCase();
      let t: number | undefined;
      if (lower === timeoutHeader) t = parseTimeout(raw[i + 1]);
      else if (lower === grpcTimeoutHeader) t = parseGrpcTimeout(raw[i + 1]);
      if (t !== undefined && (ms === undefined || t < ms)) ms = t;
    }
    return ms;
  }
}

/**
 * declaredLength reads Content-Length from the raw header list (-1 when absent), which avoids
 * building `req.headers` on the hot path.
 */
function declaredLength(raw: readonly string[]): number {
  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i] as string;
    if (name.length === 14 && name.toLowerCase() === 'content-length') return Number(raw[i + 1]);
  }
  return -1;
}

function toBuffer(data: Buffer | string | null): Buffer | null {
  return typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
}

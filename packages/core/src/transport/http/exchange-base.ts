/**
 * Internal: the response-writing half both faces of a server share — status, headers, the body
 * written and its checks. Each face extends it with how it reads its request and how the
 * response leaves (Node writes it on `end`, Fetch builds a Web `Response` from it).
 */
import type { HeaderMap } from '../capabilities.js';
import { HeaderStore } from './exchange.js';
import type { HttpRequest } from './request.js';
import type { FinalizerInfo } from './server.js';

/** ExchangeBase holds what both faces' exchanges record of the response. */
export abstract class ExchangeBase {
  statusCode = 200;
  ended = false;
  protected readonly hdrs = new HeaderStore();
  protected out: string | Uint8Array | undefined = undefined;
  private finalInfo: FinalizerInfo | undefined = undefined;
  cancelDeadline: (() => void) | undefined = undefined;

  /** url is the request target, path and query. */
  abstract get url(): string;
  /** clientGone reports whether the client closed the connection before the response. */
  abstract clientGone(): boolean;
  /** textBytes is the UTF-8 length of a string body, measured with the face's own API. */
  protected abstract textBytes(text: string): number;

  get path(): string {
    const url = this.url;
    const q = url.indexOf('?');
    return q < 0 ? url : url.slice(0, q);
  }
  get bytesWritten(): number {
    const out = this.out;
    if (out === undefined) return 0;
    return typeof out === 'string' ? this.textBytes(out) : out.byteLength;
  }
  setHeader(name: string, value: string | readonly string[]): void {
    this.hdrs.set(name, value);
  }
  addHeader(name: string, value: string): void {
    this.hdrs.add(name, value);
  }
  getHeader(name: string): string | readonly string[] | undefined {
    return this.hdrs.get(name);
  }
  headers(): HeaderMap {
    return this.hdrs.snapshot();
  }
  writeHead(statusCode: number): void {
    if (!this.ended) this.statusCode = statusCode;
  }

  finalizerInfo(): FinalizerInfo {
    return (this.finalInfo ??= {
      statusCode: this.statusCode,
      headers: this.headers(),
      bytesWritten: this.bytesWritten,
      request: this as unknown as HttpRequest,
      clientGone: this.clientGone(),
    });
  }

  /** endDeadline ends the request deadline's timer, if there is one. */
  protected endDeadline(): void {
    const cancel = this.cancelDeadline;
    if (cancel !== undefined) {
      this.cancelDeadline = undefined;
      cancel();
    }
  }

  /** dropHeaders forgets every header set, so that an error path can still answer. */
  protected dropHeaders(): void {
    this.hdrs.map = undefined;
    this.hdrs.multi = false;
  }
}

/** checkBody throws the TypeError `end` gives a body that is neither a string nor bytes. */
export function checkBody(body: unknown): void {
  if (body !== undefined && typeof body !== 'string' && !(body instanceof Uint8Array))
    throw new TypeError(`response body must be a string or Uint8Array, got ${typeof body}`);
}

/**
 * Internal: the one object a server builds per request under either face. It is the
 * {@link HttpRequest} decoders read, the {@link ResponseWriter} encoders write, and the lazy
 * source of the request context's signal. Not exported from the entry point.
 */
import type { HeaderMap } from '../capabilities.js';
import type { HttpRequest } from './request.js';
import type { ResponseWriter } from './response-writer.js';
import type { FinalizerInfo } from './server.js';

/** Exchange is a request and its response writer, as both faces implement them. */
export interface Exchange extends HttpRequest, ResponseWriter {
  /** abortSignal returns the signal that aborts when the client goes away (created lazily). */
  abortSignal(): AbortSignal;
  /** clientGone reports whether the client closed the connection before the response. */
  clientGone(): boolean;
  /** fatal gives up on a response that cannot be written at all (drops the connection). */
  fatal(): void;
  /**
   * requestTimeout is the caller's budget from the deadline headers, in ms: the smaller of a
   * valid `Connect-Timeout-Ms` and `Grpc-Timeout`, undefined when neither is there or valid.
   */
  requestTimeout(): number | undefined;
  /** finalizerInfo is what the finalizers see, built once, at the first call. */
  finalizerInfo(): FinalizerInfo;
  /** cancelDeadline ends the request deadline's timer, if it has one; set by the server. */
  cancelDeadline: (() => void) | undefined;
  /**
   * settle runs when the flow is over: it ends the deadline's timer and, under the Fetch face,
   * builds the Web `Response` (undefined under the Node face, which has written it).
   */
  settle(): Response | undefined;
}

/** HeaderStore is the response-header bookkeeping both faces share (lower-cased names). */
export class HeaderStore {
  /** map is undefined until the first header is set. */
  map: Record<string, string | string[]> | undefined = undefined;
  /** multi is true once a header holds several values. */
  multi = false;

  set(name: string, value: string | readonly string[]): void {
    const map = (this.map ??= {});
    if (typeof value === 'string') map[name.toLowerCase()] = value;
    else {
      map[name.toLowerCase()] = [...value];
      this.multi = true;
    }
  }

  add(name: string, value: string): void {
    const map = (this.map ??= {});
    const lower = name.toLowerCase();
    const existing = map[lower];
    if (existing === undefined) map[lower] = value;
    else if (typeof existing === 'string') {
      map[lower] = [existing, value];
      this.multi = true;
    } else existing.push(value);
  }

  get(name: string): string | readonly string[] | undefined {
    return this.map?.[name.toLowerCase()];
  }

  snapshot(): HeaderMap {
    const out: Record<string, string | readonly string[]> = {};
    const map = this.map;
    if (map !== undefined)
      for (const name in map) {
        const v = map[name] as string | string[];
        out[name] = typeof v === 'string' ? v : v.slice();
      }
    return out;
  }
}

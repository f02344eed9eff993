import { ServiceError } from '@svckit/core/errors';

/** EurekaClientOptions configures {@link createEurekaClient}. */
export interface EurekaClientOptions {
  /** url is the Eureka service URL, with its base path (`http://127.0.0.1:8761/eureka`). */
  url: string;
  /** timeoutMs bounds one request. Default 10 000. */
  timeoutMs?: number;
  /** maxResponseBytes bounds an answer's body. Default 16 MiB. */
  maxResponseBytes?: number;
  /** headers are added to every request (e.g. `authorization`). */
  headers?: Readonly<Record<string, string>>;
  /** fetch replaces the global fetch. */
  fetch?: typeof fetch;
}

/** EurekaClient sends the few Eureka REST calls the instancer and registrar need (Go kit's fargo connection). */
export interface EurekaClient {
  /** url is the service URL without a trailing slash. */
  readonly url: string;
  /**
   * request sends `method path` under the service URL with an optional JSON body, and
   * resolves with the status and the decoded JSON (undefined when empty); statuses outside
   * 2xx and `accept` reject with a `ServiceError` (`not_found` for 404, `unavailable` for 5xx
   * and network failures).
   */
  request(
    method: 'GET' | 'POST' | 'PUT' | 'DELETE',
    path: string,
    options?: { body?: unknown; accept?: readonly number[]; signal?: AbortSignal },
  ): Promise<{ status: number; body: unknown }>;
}

/**
 * createEurekaClient returns a {@link EurekaClient} for the Eureka server at `url` (JSON, plain
 * `fetch`).
 *
 * @example
 * const eureka = createEurekaClient({ url: 'http://127.0.0.1:8761/eureka' });
 */
export function createEurekaClient(options: EurekaClientOptions): EurekaClient {
  const url = options.url.replace(/\/+$/, '');
  const timeoutMs = options.timeoutMs ?? 10_000;
  const maxBytes = options.maxResponseBytes ?? 16 << 20;
  const doFetch = options.fetch ?? fetch;
  const base = { accept: 'application/json', ...options.headers };
  return {
    url,
    async request(method, path, opts = {}) {
      const target = `${url}${path}`;
      const signal = opts.signal
        ? AbortSignal.any([opts.signal, AbortSignal.timeout(timeoutMs)])
        : AbortSignal.timeout(timeoutMs);
      const init: RequestInit = { method, headers: base, signal };
      if (opts.body !== undefined) {
        init.body = JSON.stringify(opts.body);
        init.headers = { ...base, 'content-type': 'application/json' };
      }
      let text: string;
      let res: Response;
      try {
        res = await doFetch(target, init);
        text = await readLimited(res, maxBytes);
      } catch (err) {
        if (err instanceof ServiceError) throw err;
        throw new ServiceError(
          'unavailable',
          `eureka: ${method} ${path}: ${(err as Error).message}`,
          {
            cause: err,
          },
        );
      }
      if (!(res.status >= 200 && res.status < 300) && !(opts.accept ?? []).includes(res.status)) {
        const code =
          res.status === 404 ? 'not_found' : res.status >= 500 ? 'unavailable' : 'invalid_argument';
        throw new ServiceError(
          code,
          `eureka: ${method} ${path}: ${res.status} ${text.slice(0, 200)}`,
        );
      }
      let body: unknown;
      if (text.trim() !== '') {
        try {
          body = JSON.parse(text);
        } catch (err) {
          throw new ServiceError('internal', `eureka: ${method} ${path}: the answer is not JSON`, {
            cause: err,
          });
        }
      }
      return { status: res.status, body };
    },
  };
}

/** readLimited reads a body as text, failing past `max` bytes (a misbehaving server). */
export async function readLimited(res: Response, max: number): Promise<string> {
  if (res.body === null) return '';
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > max) {
      await reader.cancel();
      throw new ServiceError('resource_exhausted', `the answer is larger than ${max} bytes`);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

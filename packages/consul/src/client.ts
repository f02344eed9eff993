import { ServiceError } from '@svckit/core/errors';

/** ConsulClientOptions configures {@link createConsulClient}. */
export interface ConsulClientOptions {
  /** address is the agent's HTTP address. Default `http://127.0.0.1:8500`. */
  address?: string;
  /** token is sent as `X-Consul-Token` (ACLs). */
  token?: string;
  /** datacenter is sent as `dc` on queries; default the agent's own. */
  datacenter?: string;
  /** timeoutMs bounds a non-blocking request (registration, heartbeat). Default 10 000. */
  timeoutMs?: number;
  /** maxResponseBytes bounds an answer's body (a misbehaving agent). Default 16 MiB. */
  maxResponseBytes?: number;
  /** fetch replaces the global fetch (for a proxy or custom TLS). */
  fetch?: typeof fetch;
}

/** ConsulResponse is a decoded agent answer with its blocking-query index. */
export interface ConsulResponse<T> {
  readonly status: number;
  readonly body: T;
  /** index is the `X-Consul-Index` header as a number, or undefined when absent or malformed. */
  readonly index: number | undefined;
}

/**
 * ConsulClient makes the few agent HTTP API calls the instancer and registrar need (Go kit's
 * `consul.Client`): plain `fetch`, no dependency.
 */
export interface ConsulClient {
  /** address is the agent's address, without a trailing slash. */
  readonly address: string;
  /**
   * request sends `method path` (path with its query) and decodes a JSON answer; a non-2xx
   * status rejects with a `ServiceError` unless listed in `accept`. `signal` aborts it.
   */
  request<T = unknown>(
    method: 'GET' | 'PUT',
    path: string,
    options?: {
      body?: unknown;
      signal?: AbortSignal;
      accept?: readonly number[];
      query?: Record<string, string>;
    },
  ): Promise<ConsulResponse<T>>;
}

/**
 * createConsulClient returns a {@link ConsulClient} for the agent at `address`.
 *
 * @example
 * const consul = createConsulClient({ address: 'http://127.0.0.1:8500' });
 */
export function createConsulClient(options: ConsulClientOptions = {}): ConsulClient {
  const address = (options.address ?? 'http://127.0.0.1:8500').replace(/\/+$/, '');
  const doFetch = options.fetch ?? fetch;
  const timeoutMs = options.timeoutMs ?? 10_000;
  const maxBytes = options.maxResponseBytes ?? 16 << 20;
  const headers: Record<string, string> = { accept: 'application/json' };
  if (options.token !== undefined) headers['x-consul-token'] = options.token;
  return {
    address,
    async request<T>(
      method: 'GET' | 'PUT',
      path: string,
      opts: {
        body?: unknown;
        signal?: AbortSignal;
        accept?: readonly number[];
        query?: Record<string, string>;
      } = {},
    ): Promise<ConsulResponse<T>> {
      const url = new URL(address + path);
      for (const [k, v] of Object.entries(opts.query ?? {})) url.searchParams.append(k, v);
      if (options.datacenter !== undefined && method === 'GET') {
        url.searchParams.set('dc', options.datacenter);
      }
      const signal = opts.signal ?? AbortSignal.timeout(timeoutMs);
      const init: RequestInit = { method, headers, signal };
      if (opts.body !== undefined) {
        init.body = JSON.stringify(opts.body);
        init.headers = { ...headers, 'content-type': 'application/json' };
      }
      let res: Response;
      try {
        res = await doFetch(url, init);
      } catch (err) {
        if (signal.aborted && opts.signal !== undefined) throw err;
        throw new ServiceError(
          'unavailable',
          `consul: ${method} ${url.pathname}: ${(err as Error).message}`,
          {
            cause: err,
          },
        );
      }
      const text = await readLimited(res, maxBytes).catch((err: unknown) => {
        if (err instanceof ServiceError) throw err;
        throw new ServiceError(
          'unavailable',
          `consul: ${method} ${url.pathname}: ${(err as Error).message}`,
          {
            cause: err,
          },
        );
      });
      if (!res.ok && !(opts.accept ?? []).includes(res.status)) {
        const code =
          res.status === 404 ? 'not_found' : res.status >= 500 ? 'unavailable' : 'invalid_argument';
        throw new ServiceError(
          code,
          `consul: ${method} ${url.pathname}: ${res.status} ${text.slice(0, 200)}`,
        );
      }
      let body: unknown = undefined;
      if (text !== '' && (res.headers.get('content-type') ?? '').includes('json')) {
        try {
          body = JSON.parse(text);
        } catch (err) {
          throw new ServiceError('internal', `consul: ${method} ${url.pathname}: bad JSON`, {
            cause: err,
          });
        }
      }
      return {
        status: res.status,
        body: body as T,
        index: parseIndex(res.headers.get('x-consul-index')),
      };
    },
  };
}

function parseIndex(header: string | null): number | undefined {
  if (header === null || !/^\d{1,16}$/.test(header)) return undefined;
  return Number(header);
}

/** readLimited reads a body as text, failing past `max` bytes. */
async function readLimited(res: Response, max: number): Promise<string> {
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
      throw new ServiceError('resource_exhausted', `consul: an answer larger than ${max} bytes`);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

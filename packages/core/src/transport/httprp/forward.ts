/**
 * Internal: what a reverse proxy does to headers (Go's `httputil.ReverseProxy`): drop the
 * hop-by-hop headers (RFC 9110 §7.6.1: `Connection` and those it names, `Keep-Alive`,
 * `Proxy-*`, `TE`, `Trailer`, `Transfer-Encoding`, `Upgrade`), and join the target's path and
 * query with the request's.
 */

const hopByHop = new Set([
  'connection',
  'proxy-connection',
  'keep-alive',
  'proxy-authenticate',
  'proxy-authorization',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
]);

/** hopHeaders returns the names to drop: the fixed list and those `Connection` names. */
export function hopHeaders(connection: string | readonly string[] | undefined): Set<string> {
  if (connection === undefined || connection.length === 0) return hopByHop;
  const names = new Set(hopByHop);
  for (const value of typeof connection === 'string' ? [connection] : connection) {
    for (const name of value.split(',')) {
      const n = name.trim().toLowerCase();
      if (n !== '') names.add(n);
    }
  }
  return names;
}

/**
 * joinTarget joins the target URL with a request target (path and query), as Go's
 * `singleJoiningSlash` and query merge do: `/base` + `/x?y=1` is `/base/x?y=1`. The request's
 * path goes on as sent (no re-encoding).
 */
export function joinTarget(base: URL, requestTarget: string): string {
  const q = requestTarget.indexOf('?');
  const path = q < 0 ? requestTarget : requestTarget.slice(0, q);
  const query = q < 0 ? '' : requestTarget.slice(q + 1);
  const basePath = base.pathname;
  const joined =
    basePath.endsWith('/') && path.startsWith('/')
      ? basePath + path.slice(1)
      : !basePath.endsWith('/') && !path.startsWith('/')
        ? `${basePath}/${path}`
        : basePath + path;
  const baseQuery = base.search.slice(1);
  const search = baseQuery === '' || query === '' ? baseQuery + query : `${baseQuery}&${query}`;
  return search === '' ? joined : `${joined}?${search}`;
}

/**
 * Outgoing is the {@link ProxyRequest} a proxy builds: its `url` is made only when a hook
 * reads it, so that a proxy without hooks parses no URL per request.
 */
export class Outgoing {
  method: string;
  headers: Record<string, string | string[]>;
  private readonly base: URL;
  private readonly target: string;
  private parsed: URL | undefined = undefined;

  constructor(
    method: string,
    base: URL,
    target: string,
    headers: Record<string, string | string[]>,
  ) {
    this.method = method;
    this.base = base;
    this.target = target;
    this.headers = headers;
  }
  get url(): URL {
    return (this.parsed ??= new URL(this.target, this.base));
  }
  set url(url: URL) {
    this.parsed = url;
  }
  /** hostname, port and path are where the request goes. */
  get hostname(): string {
    return (this.parsed ?? this.base).hostname;
  }
  get port(): string {
    return (this.parsed ?? this.base).port;
  }
  get path(): string {
    const p = this.parsed;
    return p === undefined ? this.target : p.pathname + p.search;
  }
  get href(): string {
    return this.parsed?.href ?? this.base.origin + this.target;
  }
}

/** appendForwardedFor is `X-Forwarded-For` with the client's IP appended (Go's behaviour). */
export function appendForwardedFor(prior: string | undefined, ip: string): string {
  if (ip === '') return prior ?? '';
  return prior === undefined || prior === '' ? ip : `${prior}, ${ip}`;
}

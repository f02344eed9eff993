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
 * targetOf joins the target URL with a request target (path and query), as Go's
 * `singleJoiningSlash` and query merge do: `/base` + `/x?y=1` is `/base/x?y=1`.
 */
export function targetOf(base: URL, requestTarget: string): URL {
  const q = requestTarget.indexOf('?');
  const path = q < 0 ? requestTarget : requestTarget.slice(0, q);
  const query = q < 0 ? '' : requestTarget.slice(q + 1);
  const url = new URL(base.href);
  const basePath = base.pathname;
  url.pathname =
    basePath.endsWith('/') && path.startsWith('/')
      ? basePath + path.slice(1)
      : !basePath.endsWith('/') && !path.startsWith('/')
        ? `${basePath}/${path}`
        : basePath + path;
  const baseQuery = base.search.slice(1);
  url.search = baseQuery === '' || query === '' ? baseQuery + query : `${baseQuery}&${query}`;
  return url;
}

/** appendForwardedFor is `X-Forwarded-For` with the client's IP appended (Go's behaviour). */
export function appendForwardedFor(prior: string | undefined, ip: string): string {
  if (ip === '') return prior ?? '';
  return prior === undefined || prior === '' ? ip : `${prior}, ${ip}`;
}

/** The methods the HTTP semantic conventions know; any other is reported as `_OTHER`. */
const knownMethods: ReadonlySet<string> = new Set([
  'CONNECT',
  'DELETE',
  'GET',
  'HEAD',
  'OPTIONS',
  'PATCH',
  'POST',
  'PUT',
  'TRACE',
  'QUERY',
]);

/**
 * knownMethod is `http.request.method` for `method`: the method if the conventions know it,
 * else `_OTHER` (bounding the cardinality a client could blow up with made-up methods).
 */
export function knownMethod(method: string): string {
  return knownMethods.has(method) ? method : '_OTHER';
}

/**
 * splitHostPort splits `host`, `host:port`, `[v6]` or `[v6]:port` into the address (no
 * brackets) and the port, when there is a valid one.
 */
export function splitHostPort(hostport: string): [string, number | undefined] {
  let host = hostport;
  let portText = '';
  if (hostport.startsWith('[')) {
    const end = hostport.indexOf(']');
    host = end < 0 ? hostport.slice(1) : hostport.slice(1, end);
    if (end >= 0 && hostport.charCodeAt(end + 1) === 58 /* : */) portText = hostport.slice(end + 2);
  } else {
    const colon = hostport.lastIndexOf(':');
    // More than one colon without brackets is a bare IPv6 address.
    if (colon >= 0 && hostport.indexOf(':') === colon) {
      host = hostport.slice(0, colon);
      portText = hostport.slice(colon + 1);
    }
  }
  const port = Number(portText);
  return [
    host,
    portText !== '' && Number.isInteger(port) && port > 0 && port < 65536 ? port : undefined,
  ];
}

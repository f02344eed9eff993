/**
 * Internal: the request target of a Web `Request`, and the rule both faces use to decide that
 * a body left unread must close the connection.
 *
 * A runtime does not always hand an absolute `request.url` over: Bun gives the bare target
 * (`/admin/users`, even `//a/b`) when the `Host` header is empty, invalid or missing (HTTP/1.0).
 * Reading such a URL as absolute would cut its first path segment (`/users`, host `admin`),
 * while the runtime routes the real path — a path-based auth check could be bypassed.
 */
import type { IncomingMessage } from 'node:http';
import { headerOf } from './fetch-headers.js';

/**
 * targetOfURL returns the request target (path and query, no fragment) of a Web `Request`'s
 * `url` in any shape a runtime hands over: absolute (`http://host/p?q` → `/p?q`, `http://host`
 * → `/`, `http://host?q` → `/?q`) or origin-form (`/p?q`, `//a/b` kept whole). Anything else
 * (`*`, `p`, `mailto:x`) gives undefined: the server answers 400 rather than guess.
 */
export function targetOfURL(href: string): string | undefined {
  let start: number;
  if (href.charCodeAt(0) === 0x2f /* / */) start = 0;
  else {
    const sep = href.indexOf('://');
    if (sep <= 0 || !isScheme(href, sep)) return undefined;
    // The authority ends at the first '/', '?' or '#' after the scheme.
    let end = sep + 3;
    for (; end < href.length; end++) {
      const c = href.charCodeAt(end);
      if (c === 0x2f || c === 0x3f || c === 0x23) break;
    }
    if (end === href.length || href.charCodeAt(end) === 0x23) return '/';
    if (href.charCodeAt(end) === 0x3f) {
      const hash = href.indexOf('#', end);
      return '/' + (hash < 0 ? href.slice(end) : href.slice(end, hash));
    }
    start = end;
  }
  const hash = href.indexOf('#', start);
  return hash < 0 ? (start === 0 ? href : href.slice(start)) : href.slice(start, hash);
}

/**
 * isPlainTarget tells, without slicing anything, that {@link targetOfURL} finds a target in
 * href: it is origin-form (`/…`) or an absolute `http://` or `https://` URL. False means only
 * that the quick look cannot tell.
 */
export function isPlainTarget(href: string): boolean {
  return (
    href.charCodeAt(0) === 0x2f /* / */ || href.startsWith('http://') || href.startsWith('https://')
  );
}

/** hostOfURL is the authority of an absolute URL, `''` for an origin-form one. */
export function hostOfURL(href: string): string {
  const sep = href.indexOf('://');
  if (href.charCodeAt(0) === 0x2f || sep <= 0 || !isScheme(href, sep)) return '';
  let end = sep + 3;
  for (; end < href.length; end++) {
    const c = href.charCodeAt(end);
    if (c === 0x2f || c === 0x3f || c === 0x23) break;
  }
  return href.slice(sep + 3, end);
}

/** isScheme: RFC 3986 `ALPHA *( ALPHA / DIGIT / "+" / "-" / "." )` before `end`. */
function isScheme(href: string, end: number): boolean {
  for (let i = 0; i < end; i++) {
    const c = href.charCodeAt(i);
    const alpha = (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);
    if (alpha) continue;
    if (i === 0 || !((c >= 0x30 && c <= 0x39) || c === 0x2b || c === 0x2d || c === 0x2e))
      return false;
  }
  return true;
}

/**
 * unreadAllowance is how much of a body left unread a server lets the runtime discard to keep
 * the connection alive: 256 KiB, as Go's server. A larger declared body, or a chunked one, is
 * not drained: the answer says `Connection: close` and the connection ends with it.
 */
export const unreadAllowance = 256 * 1024;

/**
 * mustCloseUnread decides, for a request whose body was not read to the end, whether the
 * connection must close: the declared length (-1 when none) is over {@link unreadAllowance},
 * or the body is chunked (unbounded).
 */
export function mustCloseUnread(declared: number, chunked: boolean): boolean {
  return declared > unreadAllowance || (declared < 0 && chunked);
}

/**
 * nodeUnreadMustClose: the body of a Node request is left unread (the decoder never read it, a
 * hook failed, the read stopped) and is too large or unbounded to drain, so the answer must
 * close the connection. Node would otherwise read and discard everything the client keeps
 * sending, until the request timeout.
 */
export function nodeUnreadMustClose(req: IncomingMessage): boolean {
  const raw = req.rawHeaders;
  let declared = -1;
  let chunked = false;
  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i] as string;
    if (name.length === 14 && name.toLowerCase() === 'content-length')
      declared = Number(raw[i + 1]);
    else if (name.length === 17 && name.toLowerCase() === 'transfer-encoding') chunked = true;
  }
  return mustCloseUnread(declared, chunked);
}

/**
 * declaredLengthOf reads a Web request's `Content-Length` as the runtime hands it over: -1
 * when absent or unreadable (the body is then read as a stream and counted, and an unread one
 * closes the connection), else the length. Bun accepts a header repeated with equal values and
 * `Headers.get` joins it (`5, 5`): equal values are that one length. Anything but digits (a
 * `NaN` would pass every comparison and poison a shared body budget) is unreadable.
 */
export function declaredLengthOf(value: string | null): number {
  if (value === null) return -1;
  const n = digits(value, 0, value.length);
  if (n >= 0) return n;
  const parts = value.split(',');
  const first = parts[0] as string;
  const length = digits(first, 0, first.length, true);
  if (length < 0) return -1;
  for (let i = 1; i < parts.length; i++) {
    const part = parts[i] as string;
    if (digits(part, 0, part.length, true) !== length) return -1;
  }
  return length;
}

/** digits is the value of s[from, to) when it is 1 to 15 ASCII digits (trimmed if asked), else -1. */
function digits(s: string, from: number, to: number, trim = false): number {
  if (trim) {
    while (from < to && (s.charCodeAt(from) === 0x20 || s.charCodeAt(from) === 0x09)) from++;
    while (to > from && (s.charCodeAt(to - 1) === 0x20 || s.charCodeAt(to - 1) === 0x09)) to--;
  }
  if (to <= from || to - from > 15) return -1;
  let n = 0;
  for (let i = from; i < to; i++) {
    const c = s.charCodeAt(i) - 0x30;
    if (c < 0 || c > 9) return -1;
    n = n * 10 + c;
  }
  return n;
}

/**
 * fetchUnreadMustClose is {@link nodeUnreadMustClose} for a Web request whose body was not
 * read to the end (Bun drains it all otherwise).
 */
export function fetchUnreadMustClose(request: Request): boolean {
  if (request.body === null) return false;
  const declared = declaredLengthOf(headerOf(request.headers, 'content-length'));
  return mustCloseUnread(declared, declared < 0);
}

/**
 * unreadMustClose tells a hand-written `Server` that answers without reading the body
 * whether its answer must say `Connection: close`: the body is not complete and too large or
 * unbounded to drain (more than 256 KiB declared, or chunked). `createServer`'s servers and
 * the router's own answers do this themselves.
 *
 * @example
 * res.writeHead(200, unreadMustClose(req) ? { connection: 'close' } : {});
 */
export function unreadMustClose(request: IncomingMessage | Request): boolean {
  if (typeof (request as IncomingMessage).socket === 'object') {
    const req = request as IncomingMessage;
    return !req.complete && nodeUnreadMustClose(req);
  }
  return fetchUnreadMustClose(request as Request);
}

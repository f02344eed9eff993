import type { IncomingMessage, ServerResponse } from 'node:http';
import { pendingOf, record, recordPending } from './route-match.js';
import { createRouteTree } from './route-tree.js';
import type { Route } from './route-tree.js';
import type { Server } from './server.js';
import { fetchUnreadMustClose, nodeUnreadMustClose, targetOfURL } from './target.js';

/** RouterOptions are the answers and limits of {@link createRouter}, all optional. */
export interface RouterOptions {
  /**
   * notFound answers requests no route matches. Default: Go's `ServeMux` answer, 404,
   * `text/plain; charset=utf-8`, `X-Content-Type-Options: nosniff`, `404 page not found\n`.
   */
  readonly notFound?: Server;
  /**
   * methodNotAllowed answers requests whose path matches only routes of other methods; the
   * router sets `Allow` (those methods, sorted, HEAD beside GET) before calling it. Default:
   * Go 1.22's `ServeMux` answer, 405, `text/plain; charset=utf-8`, `Method Not Allowed\n`.
   */
  readonly methodNotAllowed?: Server;
  /** maxPathLength is the longest path routed, in bytes; longer ones are answered 414. Default 8192. */
  readonly maxPathLength?: number;
}

/**
 * Router is a {@link Server} that hands each request to the server of the route it matches.
 * The registering methods return the router, for chaining.
 */
export interface Router extends Server {
  /** handle routes method (or each of several methods) and pattern to server. */
  handle(method: string | readonly string[], pattern: string, server: Server): Router;
  /** get routes GET (and HEAD, unless routed apart) and pattern to server. */
  get(pattern: string, server: Server): Router;
  /** post routes POST and pattern to server. */
  post(pattern: string, server: Server): Router;
  /** put routes PUT and pattern to server. */
  put(pattern: string, server: Server): Router;
  /** patch routes PATCH and pattern to server. */
  patch(pattern: string, server: Server): Router;
  /** delete routes DELETE and pattern to server. */
  delete(pattern: string, server: Server): Router;
  /** all routes every method of pattern to server (as Go's `ServeMux.Handle` does). */
  all(pattern: string, server: Server): Router;
  /**
   * mount hands every request whose path is prefix, or starts with prefix and `/`, to server,
   * any method. A mounted router routes the rest of the path (`/v1/profiles/7` → `/profiles/7`),
   * its parameters added to the outer ones; any other server sees the request unchanged.
   */
  mount(prefix: string, server: Server): Router;
}

/** defaultMaxPathLength is the longest path a router routes unless told otherwise: 8 KiB. */
export const defaultMaxPathLength = 8192;

/** BadPath is why a path is refused before routing: [status, reason]. */
type BadPath = readonly [status: 400 | 414, reason: string];

const NOT_FOUND = 404;
const METHOD_NOT_ALLOWED = 405;

/** Each router's way to learn that it was mounted inside another one. */
const nesting = new WeakMap<Server, () => void>();

/**
 * createRouter returns an empty {@link Router}: method + path patterns (`/profiles/:id`,
 * `/static/*path`) with their parameters readable through `routeOf(ctx)` in decoders, routes
 * for any method, mounted servers and sub-routers, Go's answers for 404 and 405 (with
 * `Allow`), both replaceable. The router is itself a `Server`, with the `node` and `fetch`
 * faces of every svckit handler.
 *
 * Paths are matched as sent, case-sensitively: `/sum/` is not `/sum`. A path that is not
 * canonical — a dot segment (`/a/../b`, `/%2e%2e/`), an empty segment (`//`), an encoded `/`,
 * `\` or control character, a malformed `%` escape — is refused with 400 and a text saying
 * why, before any route sees it; one longer than `maxPathLength` with 414. Parameters are
 * percent-decoded. The query string is ignored.
 *
 * @example
 * const router = createRouter()
 *   .post('/profiles', createServer(postProfile, decodePost, encodeJSONResponse))
 *   .get('/profiles/:id', createServer(getProfile, decodeGet, encodeJSONResponse))
 *   .all('/metrics', metricsHandler(registry));
 * await listen(router.node, { port: 8080 });
 */
export function createRouter(options: RouterOptions = {}): Router {
  const tree = createRouteTree();
  const notFound = options.notFound ?? goNotFound;
  const methodNotAllowed = options.methodNotAllowed ?? goMethodNotAllowed;
  const maxPath = options.maxPathLength ?? defaultMaxPathLength;
  if (!(maxPath >= 1)) throw new RangeError(`createRouter: maxPathLength must be >= 1`);
  let nested = false;
  let allow = '';
  let bad: BadPath | undefined;

  /** resolve finds the route of a request and records its match; else a status to answer. */
  const resolve = (raw: object, method: string, target: string): Route | number => {
    const outer = nested ? pendingOf(raw) : undefined;
    let path: string;
    if (outer?.rest !== undefined) path = outer.rest;
    else {
      const checked = checkPath(target, maxPath);
      if (typeof checked !== 'string') {
        bad = checked;
        return checked[0];
      }
      path = checked;
    }
    const route = tree.find(method, path);
    if (route === undefined) {
      if (tree.allowed.size === 0) return NOT_FOUND;
      allow = [...tree.allowed].sort().join(', ');
      return METHOD_NOT_ALLOWED;
    }
    const values = tree.values;
    const names = route.names;
    let params = noParams;
    if (names.length > 0 || outer !== undefined) {
      params = {};
      // Copied key by key, not `{ ...outer.params }` then extended: Node 20 gives each such
      // object a map of its own, and every read of it goes slow.
      if (outer !== undefined) for (const k in outer.params) params[k] = outer.params[k] as string;
      for (let k = 0; k < names.length; k++) params[names[k] as string] = values[k] as string;
    }
    const prefix = outer?.prefix ?? '';
    const pattern = prefix + (route.mount && route.pattern === '/' ? '' : route.pattern);
    record(raw, { pattern: pattern === '' ? '/' : pattern, params });
    if (route.mount) {
      recordPending(raw, { params, prefix: pattern, rest: route.rest ? '/' + values[0] : '/' });
    }
    return route;
  };

  const router: Router = {
    node(req: IncomingMessage, res: ServerResponse): Promise<void> {
      const hit = resolve(req, req.method ?? 'GET', req.url ?? '/');
      if (typeof hit !== 'number') return hit.server.node(req, res);
      if (hit === NOT_FOUND) return notFound.node(req, res);
      if (hit === METHOD_NOT_ALLOWED) {
        res.setHeader('allow', allow);
        return methodNotAllowed.node(req, res);
      }
      return refuse(bad as BadPath).node(req, res);
    },
    async fetch(request: Request, info?: unknown): Promise<Response> {
      const target = targetOfURL(request.url);
      if (target === undefined) return badURL.fetch(request, info);
      const hit = resolve(request, request.method, target);
      if (typeof hit !== 'number') return hit.server.fetch(request, info);
      if (hit === NOT_FOUND) return notFound.fetch(request, info);
      if (hit !== METHOD_NOT_ALLOWED) return refuse(bad as BadPath).fetch(request, info);
      const allowed = allow;
      return withHeader(await methodNotAllowed.fetch(request, info), 'allow', allowed);
    },
    handle(method, pattern, server) {
      for (const m of typeof method === 'string' ? [method] : method) {
        tree.add(m, pattern, server);
      }
      return router;
    },
    get: (pattern, server) => router.handle('GET', pattern, server),
    post: (pattern, server) => router.handle('POST', pattern, server),
    put: (pattern, server) => router.handle('PUT', pattern, server),
    patch: (pattern, server) => router.handle('PATCH', pattern, server),
    delete: (pattern, server) => router.handle('DELETE', pattern, server),
    all(pattern, server) {
      tree.add(undefined, pattern, server);
      return router;
    },
    mount(prefix, server) {
      const trimmed = prefix.length > 1 && prefix.endsWith('/') ? prefix.slice(0, -1) : prefix;
      tree.add(undefined, trimmed, server, true);
      nesting.get(server)?.();
      return router;
    },
  };
  nesting.set(router, () => {
    nested = true;
  });
  return router;
}

const noParams: Record<string, string> = Object.freeze({}) as Record<string, string>;

/** unsafeEscape finds an encoded `/`, `\` or control character (C0 or DEL) in a path. */
const unsafeEscape = /%(?:2f|5c|[01][0-9a-f]|7f)/i;
/** dotSegment finds a `.` or `..` segment in a decoded path. */
const dotSegment = /\/\.\.?(?:\/|$)/;

/**
 * checkPath returns the path of a request target (the query dropped, absolute-form reduced to
 * its path), percent-decoded, or why it is refused. One pass over the characters finds the
 * end of the path and whether a closer look is needed.
 */
function checkPath(target: string, maxPath: number): string | BadPath {
  if (target.charCodeAt(0) !== 47 /* / */) return absoluteForm(target, maxPath);
  const length = target.length;
  let end = length;
  let escapes = false;
  let dots = false;
  let previous = 0;
  for (let i = 0; i < length; i++) {
    const c = target.charCodeAt(i);
    if (c === 63 /* ? */) {
      end = i;
      break;
    }
    if (previous === 47) {
      if (c === 47) return [400, 'the path has an empty segment (//)'];
      if (c === 46 /* . */) dots = true;
    }
    if (c === 37 /* % */) escapes = true;
    previous = c;
  }
  if (end > maxPath) return [414, `the path is longer than ${maxPath} bytes`];
  let path = end === length ? target : target.slice(0, end);
  if (escapes) {
    if (unsafeEscape.test(path)) return [400, 'the path has an encoded /, \\ or control character'];
    try {
      path = decodeURIComponent(path);
    } catch {
      return [400, 'the path has a malformed % escape'];
    }
    dots = path.includes('/.');
  }
  if (dots && dotSegment.test(path)) return [400, 'the path has a dot segment (. or ..)'];
  return path;
}

/** absoluteForm routes a proxy's `http://host/path` target on its path; else it is refused. */
function absoluteForm(target: string, maxPath: number): string | BadPath {
  const scheme = target.indexOf('://');
  const slash = scheme < 0 ? -1 : target.indexOf('/', scheme + 3);
  if (slash < 0) return [400, 'the request target is not a path'];
  return checkPath(target.slice(slash), maxPath);
}

/** withHeader sets a header on a Response, copying it when its headers are immutable. */
function withHeader(response: Response, name: string, value: string): Response {
  try {
    response.headers.set(name, value);
    return response;
  } catch {
    const copy = new Response(response.body, response);
    copy.headers.set(name, value);
    return copy;
  }
}

/**
 * textAnswer is a {@link Server} answering every request with status and a plain-text body
 * (`text/plain; charset=utf-8`, `X-Content-Type-Options: nosniff`, as Go's `http.Error`): the
 * router's own answers, and a quick replacement for them.
 *
 * @example
 * createRouter({ notFound: textAnswer(404, 'no such page\n') });
 */
export function textAnswer(status: number, body: string): Server {
  const headers = {
    'content-type': 'text/plain; charset=utf-8',
    'x-content-type-options': 'nosniff',
  };
  const nodeHeaders = {
    ...headers,
    'content-length': String(new TextEncoder().encode(body).byteLength),
  };
  const closeHeaders = { ...nodeHeaders, connection: 'close' };
  const fetchCloseHeaders = { ...headers, connection: 'close' };
  return {
    node(req, res) {
      // The body is never read: close rather than drain a large or chunked one.
      res.writeHead(status, !req.complete && nodeUnreadMustClose(req) ? closeHeaders : nodeHeaders);
      res.end(body);
      return Promise.resolve();
    },
    fetch(request) {
      const close = fetchUnreadMustClose(request);
      return Promise.resolve(
        new Response(body, { status, headers: close ? fetchCloseHeaders : headers }),
      );
    },
  };
}

const goNotFound = textAnswer(404, '404 page not found\n');
const badURL = textAnswer(400, '400 Bad Request: the request URL is not a path\n');
const goMethodNotAllowed = textAnswer(405, 'Method Not Allowed\n');
const refusals = new Map<string, Server>();

/** refuse answers a path refused before routing: its status and why, as plain text. */
function refuse([status, reason]: BadPath): Server {
  const key = `${status} ${reason}`;
  let server = refusals.get(key);
  if (server === undefined) {
    const title = status === 414 ? 'URI Too Long' : 'Bad Request';
    refusals.set(key, (server = textAnswer(status, `${status} ${title}: ${reason}\n`)));
  }
  return server;
}

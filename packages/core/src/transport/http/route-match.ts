/**
 * What a router found for a request — its pattern and parameters — kept on the runtime's
 * request object under a private symbol (a WeakMap costs about a microsecond per request in
 * GC work, measured by the `router` bench), so that any server it hands the request to can
 * read it: {@link routeOf} from a context, {@link routeOfRequest} from the request.
 */
import type { IncomingMessage } from 'node:http';
import type { Context } from '../../context/index.js';
import { requestKey } from './request.js';

/** RouteMatch is the route a router chose for a request. */
export interface RouteMatch {
  /**
   * pattern is the route's pattern, mounts' prefixes included (`/v1/profiles/:id`): a
   * bounded label for metrics and logs, unlike the path.
   */
  readonly pattern: string;
  /** params are the values of the pattern's `:name` and `*name` segments, percent-decoded. */
  readonly params: Readonly<Record<string, string>>;
}

/** Pending is what a mount hands to the router mounted under it. */
export interface Pending {
  /** params are the outer routers' parameters. */
  readonly params: Readonly<Record<string, string>>;
  /** prefix is the mounts' prefix so far (`/t/acme/v1`). */
  readonly prefix: string;
  /** rest is the path the mounted router routes (`/profiles/7`). */
  readonly rest: string;
}

const matchKey = Symbol('svckit.route');
const pendingKey = Symbol('svckit.route.pending');

/** Marked is a request object carrying what routers found. */
interface Marked {
  [matchKey]?: RouteMatch;
  [pendingKey]?: Pending;
}

/** record remembers match on the runtime's request object raw. */
export function record(raw: object, match: RouteMatch): void {
  (raw as Marked)[matchKey] = match;
}

/** recordPending remembers what a mount hands on, for a router mounted under it. */
export function recordPending(raw: object, pending: Pending): void {
  (raw as Marked)[pendingKey] = pending;
}

/** pendingOf returns what an outer router's mount handed on for raw, if anything. */
export function pendingOf(raw: object): Pending | undefined {
  return (raw as Marked)[pendingKey];
}

/**
 * routeOfRequest returns the route a router chose for a request, given the runtime's request
 * object (`IncomingMessage` or Web `Request`), else undefined. For servers written by hand;
 * decoders and endpoints use {@link routeOf}.
 */
export function routeOfRequest(raw: IncomingMessage | Request): RouteMatch | undefined {
  return (raw as Marked)[matchKey];
}

/**
 * routeOf returns the route a router chose for the request being served — its pattern and
 * parameters — from the context of an HTTP server (or one derived from it), else undefined.
 *
 * @example
 * const decode: DecodeRequestFunc<{ id: string }> = (ctx) => ({ id: routeOf(ctx)?.params.id ?? '' });
 * router.get('/profiles/:id', createServer(getProfile, decode, encodeJSONResponse));
 */
export function routeOf(ctx: Context): RouteMatch | undefined {
  const request = ctx.value(requestKey);
  return request === undefined ? undefined : (request.raw as Marked)[matchKey];
}

/**
 * Internal: the router's table — patterns parsed into a tree of path segments, and the lookup
 * of a method and a path in it. Precedence at every segment: a static segment, then a
 * parameter (`:id`, one non-empty segment), then a wildcard (`*rest`, the rest of the path);
 * at a route: its exact method, then GET for HEAD, then an any-method route. A path that
 * matches routes of other methods only is a 405 with their methods in `Allow`.
 */
import type { Server } from './server.js';

/** Route is one registered route. */
export interface Route {
  /** pattern is the route as registered, `/profiles/:id` (a mount: its prefix). */
  readonly pattern: string;
  /** server answers the route's requests. */
  readonly server: Server;
  /** names are the parameter names, in path order (a wildcard's last). */
  readonly names: readonly string[];
  /** mount is true for a mounted server. */
  readonly mount: boolean;
  /** rest is true for a mount's route under its prefix: the value after the names is the rest. */
  readonly rest: boolean;
}

/** Methods are the routes of one path pattern, by method. */
interface Methods {
  readonly byMethod: Map<string, Route>;
  any: Route | undefined;
}

/** Node is one segment position of the tree. */
interface Node {
  statics: Map<string, Node> | undefined;
  param: { readonly name: string; readonly node: Node } | undefined;
  wildcard: { readonly name: string; readonly methods: Methods } | undefined;
  methods: Methods | undefined;
}

const newNode = (): Node => ({
  statics: undefined,
  param: undefined,
  wildcard: undefined,
  methods: undefined,
});
const newMethods = (): Methods => ({ byMethod: new Map(), any: undefined });

const token = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
const paramName = /^[A-Za-z_$][\w$]*$/;

/**
 * RouteTree holds routes and finds them. `find` is synchronous and not re-entrant: it leaves
 * the parameter values of its hit in `values` (the first `names.length` of them, a mount's
 * rest after them) and, on a miss, the methods the path has in `allowed`, for the caller to
 * read before the next call.
 */
export interface RouteTree {
  add(method: string | undefined, pattern: string, server: Server, mount?: boolean): void;
  find(method: string, path: string): Route | undefined;
  readonly values: string[];
  readonly allowed: Set<string>;
}

/** createRouteTree returns an empty {@link RouteTree}. */
export function createRouteTree(): RouteTree {
  const root = newNode();
  // Static patterns by full path: most lookups are one Map read.
  const statics = new Map<string, Methods>();
  const values: string[] = [];
  const allowed = new Set<string>();

  const add = (method: string | undefined, pattern: string, server: Server, mount = false) => {
    if (method !== undefined && !token.test(method))
      throw new TypeError(`router: invalid method ${JSON.stringify(method)}`);
    const { node, names, wildcard } = insert(root, pattern, mount);
    const route: Route = { pattern, server, names, mount, rest: false };
    if (wildcard === undefined || mount) put((node.methods ??= newMethods()), method, route);
    if (wildcard !== undefined) {
      if (node.wildcard === undefined) node.wildcard = { name: wildcard, methods: newMethods() };
      else if (node.wildcard.name !== wildcard) {
        throw new TypeError(
          `router: ${pattern} conflicts with a route that takes the rest of the path as *${node.wildcard.name}`,
        );
      }
      put(node.wildcard.methods, method, mount ? { ...route, rest: true } : route);
    }
    if (names.length === 0 && !mount) statics.set(pattern, node.methods as Methods);
  };

  /** pick chooses the route of method in methods, or records the methods it has. */
  const pick = (methods: Methods | undefined, method: string): Route | undefined => {
    if (methods === undefined) return undefined;
    const byMethod = methods.byMethod;
    const hit =
      byMethod.get(method) ?? (method === 'HEAD' ? byMethod.get('GET') : undefined) ?? methods.any;
    if (hit !== undefined) return hit;
    for (const m of byMethod.keys()) allowed.add(m);
    if (byMethod.has('GET')) allowed.add('HEAD');
    return undefined;
  };

  /**
   * walk matches the segment of path starting at i under node, depth first by precedence;
   * depth is how many values the segments before it took.
   */
  const walk = (
    node: Node,
    path: string,
    i: number,
    method: string,
    depth: number,
  ): Route | undefined => {
    const slash = path.indexOf('/', i);
    const end = slash < 0 ? path.length : slash;
    const segment = path.slice(i, end);
    const child = node.statics?.get(segment);
    if (child !== undefined) {
      const hit =
        slash < 0 ? pick(child.methods, method) : walk(child, path, end + 1, method, depth);
      if (hit !== undefined) return hit;
    }
    const param = node.param;
    if (param !== undefined && segment !== '') {
      values[depth] = segment;
      const next = param.node;
      const hit =
        slash < 0 ? pick(next.methods, method) : walk(next, path, end + 1, method, depth + 1);
      if (hit !== undefined) return hit;
    }
    const wildcard = node.wildcard;
    if (wildcard === undefined) return undefined;
    values[depth] = path.slice(i);
    return pick(wildcard.methods, method);
  };

  const find = (method: string, path: string): Route | undefined => {
    if (allowed.size > 0) allowed.clear();
    const fixed = statics.get(path);
    if (fixed !== undefined) {
      const hit = pick(fixed, method);
      if (hit !== undefined) return hit;
    }
    if (path.length > 1) return walk(root, path, 1, method, 0);
    const hit = pick(root.methods, method);
    if (hit !== undefined || root.wildcard === undefined) return hit;
    values[0] = '';
    return pick(root.wildcard.methods, method);
  };

  return { add, find, values, allowed };
}

/** put adds route to methods under method (undefined: any method), once. */
function put(methods: Methods, method: string | undefined, route: Route): void {
  const taken = method === undefined ? methods.any : methods.byMethod.get(method);
  if (taken !== undefined) {
    throw new TypeError(
      `router: ${method ?? 'any method'} ${route.pattern} is already routed (${taken.pattern})`,
    );
  }
  if (method === undefined) methods.any = route;
  else methods.byMethod.set(method, route);
}

/**
 * insert walks pattern into the tree, creating nodes, and returns the node of its last
 * segment (of the segment before a wildcard), its parameter names and its wildcard's name (a
 * mount: `''`, its prefix node answering both the prefix and the rest).
 */
function insert(
  root: Node,
  pattern: string,
  mount: boolean,
): { node: Node; names: string[]; wildcard: string | undefined } {
  if (!pattern.startsWith('/'))
    throw new TypeError(`router: pattern ${JSON.stringify(pattern)} must start with /`);
  const segments = pattern === '/' ? [] : pattern.slice(1).split('/');
  const names: string[] = [];
  let node = root;
  for (let k = 0; k < segments.length; k++) {
    const segment = segments[k] as string;
    const last = k === segments.length - 1;
    if (segment === '' && !last)
      throw new TypeError(`router: pattern ${pattern} has an empty segment`);
    if (segment === '.' || segment === '..')
      throw new TypeError(`router: pattern ${pattern} has a dot segment`);
    const head = segment.charAt(0);
    if (head === ':' || head === '*') {
      const name = segment.slice(1);
      if (!paramName.test(name) || name === '__proto__')
        throw new TypeError(`router: pattern ${pattern}: bad parameter name ${segment}`);
      if (mount) throw new TypeError(`router: mount prefix ${pattern} must be a static path`);
      if (names.includes(name))
        throw new TypeError(`router: pattern ${pattern} repeats parameter ${name}`);
      names.push(name);
      if (head === '*') {
        if (!last) throw new TypeError(`router: pattern ${pattern}: *${name} must come last`);
        return { node, names, wildcard: name };
      }
      if (node.param === undefined) node.param = { name, node: newNode() };
      else if (node.param.name !== name) {
        throw new TypeError(
          `router: ${pattern} names a parameter :${name} where another route has :${node.param.name}`,
        );
      }
      node = node.param.node;
    } else {
      if (segment.includes('%'))
        throw new TypeError(`router: pattern ${pattern}: write segments decoded, without %`);
      const statics = (node.statics ??= new Map());
      let next = statics.get(segment);
      if (next === undefined) statics.set(segment, (next = newNode()));
      node = next;
    }
  }
  return { node, names, wildcard: mount ? '' : undefined };
}

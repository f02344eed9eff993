/**
 * The `router` suite: what routing costs per request among 20 routes (static, parameters and a
 * wildcard, as a small REST API has), svckit's `createRouter` against find-my-way (Fastify's
 * router) dispatching the same routes to the same no-op handler, on the Node face. Each task
 * routes a mix of paths in turn: static, one parameter, two parameters, a wildcard, a 404.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import FindMyWay from 'find-my-way';
import { createRouter } from '@svckit/core/transport/http';
import type { Server } from '@svckit/core/transport/http';
import { compare, micro } from '../report.js';

/** routes20 is the route table of both routers: [method, pattern] (find-my-way writes `*` alone). */
export const routes20: ReadonlyArray<readonly [string, string]> = [
  ['GET', '/health'],
  ['GET', '/metrics'],
  ['POST', '/uppercase'],
  ['POST', '/count'],
  ['GET', '/users'],
  ['POST', '/users'],
  ['GET', '/users/:id'],
  ['PUT', '/users/:id'],
  ['DELETE', '/users/:id'],
  ['GET', '/users/:id/orders'],
  ['GET', '/users/:id/orders/:orderID'],
  ['GET', '/orders'],
  ['POST', '/orders'],
  ['GET', '/orders/:id'],
  ['GET', '/products'],
  ['GET', '/products/:id'],
  ['GET', '/products/:id/reviews'],
  ['POST', '/login'],
  ['POST', '/logout'],
  ['GET', '/static/*path'],
];

const requests: ReadonlyArray<readonly [string, string]> = [
  ['POST', '/uppercase'],
  ['GET', '/users/42'],
  ['GET', '/users/42/orders/7?expand=items'],
  ['GET', '/static/css/site.css'],
  ['GET', '/nothing/here'],
];

/** run executes the suite and prints `router: svckit/find-my-way = <ratio>`. */
export async function run(): Promise<void> {
  let served = 0;
  const done = Promise.resolve();
  const leaf: Server = {
    node() {
      served++;
      return done;
    },
    fetch: () => Promise.resolve(new Response(null)),
  };
  const fallback: Server = {
    node() {
      served--;
      return done;
    },
    fetch: () => Promise.resolve(new Response(null, { status: 404 })),
  };
  const svckit = createRouter({ notFound: fallback });
  const fmw = FindMyWay({ defaultRoute: () => void served-- });
  for (const [method, path] of routes20) {
    svckit.handle(method, path, leaf);
    fmw.on(method as 'GET', path.replace('/*path', '/*'), () => void served++);
  }
  const res = {} as ServerResponse;
  let i = 0;
  const next = (): IncomingMessage => {
    const [method, url] = requests[i++ % requests.length] as readonly [string, string];
    return { method, url, headers: {} } as IncomingMessage;
  };
  const results = await micro({
    'find-my-way': () => fmw.lookup(next(), res),
    svckit: () => svckit.node(next(), res),
  });
  const subject = results['svckit'];
  const peer = results['find-my-way'];
  if (!subject || !peer || served === 0) throw new Error('router suite: missing results');
  console.log(
    `router: ${subject.nsPerOp.toFixed(0)} ns (svckit) vs ${peer.nsPerOp.toFixed(0)} ns (find-my-way) per request, 20 routes`,
  );
  compare('router', subject, peer);
}

/**
 * Go's `http.ServeMux` as the stringsvc examples use it: exact paths, any method, and Go's
 * `404 page not found` for everything else, on both faces (Node and Fetch).
 */
import type { Server } from '@svckit/core/transport/http';

/** Routes maps exact request paths (`/uppercase`) to the servers that answer them. */
export type Routes = Readonly<Record<string, Server>>;

const notFoundBody = '404 page not found\n';
const notFoundHeaders = {
  'content-type': 'text/plain; charset=utf-8',
  'x-content-type-options': 'nosniff',
};
const notFoundNodeHeaders = { ...notFoundHeaders, 'content-length': String(notFoundBody.length) };

/**
 * serveMux routes each request by its exact path (the query ignored) to one of routes, any
 * method, as Go's `ServeMux` does for the paths Go kit's examples register; every other path
 * (`/uppercase/` included) is `404`, `text/plain; charset=utf-8`, `404 page not found\n`.
 *
 * @example
 * const handler = serveMux({ ...stringRoutes(endpoints), '/metrics': metrics });
 */
export function serveMux(routes: Routes): Server {
  const table = new Map(Object.entries(routes));
  return {
    node(req, res) {
      const url = req.url ?? '/';
      const q = url.indexOf('?');
      const route = table.get(q < 0 ? url : url.slice(0, q));
      if (route !== undefined) return route.node(req, res);
      res.writeHead(404, notFoundNodeHeaders);
      res.end(notFoundBody);
      return Promise.resolve();
    },
    fetch(request, info) {
      const route = table.get(new URL(request.url).pathname);
      if (route !== undefined) return route.fetch(request, info);
      return Promise.resolve(new Response(notFoundBody, { status: 404, headers: notFoundHeaders }));
    },
  };
}

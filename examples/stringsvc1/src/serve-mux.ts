/**
 * Go's `http.ServeMux` as the stringsvc examples use it: exact paths, any method, and Go's
 * `404 page not found` for everything else, on both faces (Node and Fetch).
 */
import { targetOfURL, textAnswer } from '@svckit/core/transport/http';
import type { Server } from '@svckit/core/transport/http';

/** Routes maps exact request paths (`/uppercase`) to the servers that answer them. */
export type Routes = Readonly<Record<string, Server>>;

// Go's http.NotFound; core's textAnswer also closes a connection whose large body is unread.
const notFound = textAnswer(404, '404 page not found\n');

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
      return notFound.node(req, res);
    },
    fetch(request, info) {
      // Any shape of Request.url (Bun hands a bare path over when Host is missing or bad).
      const target = targetOfURL(request.url) ?? '';
      const q = target.indexOf('?');
      const route = table.get(q < 0 ? target : target.slice(0, q));
      if (route !== undefined) return route.fetch(request, info);
      return notFound.fetch(request, info);
    },
  };
}

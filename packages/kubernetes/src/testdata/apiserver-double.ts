import { createServer as createHttpServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { Socket } from 'node:net';
import type { EndpointSlice } from '../endpoints.js';

// A double of the Kubernetes API server's list/watch protocol for EndpointSlices
// (discovery.k8s.io/v1), as the instancer uses it: list with labelSelector
// `kubernetes.io/service-name=<svc>` (a List with metadata.resourceVersion), and watch=1 from a
// resourceVersion, streaming one JSON event a line (ADDED, MODIFIED, DELETED, BOOKMARK with
// allowWatchBookmarks, ERROR with a Status of code 410 for a resourceVersion older than the
// kept history), ending after timeoutSeconds. One resourceVersion counter for all objects. A
// bearer token is required when set (401 otherwise). It can drop every watch, compact its
// history, and serve HTTPS with a given key and certificate.

export interface ApiServerDouble {
  readonly url: string;
  /** requests lists `list` and `watch rv=...` in order. */
  readonly requests: string[];
  /** apply creates or replaces a slice of service `svc` in namespace `ns`. */
  apply(ns: string, svc: string, slice: EndpointSlice & { metadata: { name: string } }): void;
  remove(ns: string, name: string): void;
  /** setReady makes the slice `name` hold these ready addresses on port 8080 (named http). */
  setEndpoints(
    ns: string,
    svc: string,
    name: string,
    ready: readonly string[],
    notReady?: readonly string[],
  ): void;
  /** setSlices makes these the slices of `svc` (by name), their events sent together. */
  setSlices(
    ns: string,
    svc: string,
    slices: (EndpointSlice & { metadata: { name: string } })[],
  ): void;
  /** dropWatches destroys every open watch connection. */
  dropWatches(): void;
  /** compact forgets the history: older resourceVersions get 410 Gone. */
  compact(): void;
  /** bookmark sends a BOOKMARK with the current resourceVersion to every watch. */
  bookmark(): void;
  failing(status: number | undefined): void;
  close(): Promise<void>;
}

interface Stored {
  ns: string;
  svc: string;
  slice: EndpointSlice & { metadata: { name: string; resourceVersion?: string } };
}

interface Watch {
  ns: string;
  svc: string;
  res: ServerResponse;
  bookmarks: boolean;
}

export async function startApiServerDouble(
  options: { token?: string; tls?: { key: string; cert: string } } = {},
): Promise<ApiServerDouble> {
  const objects = new Map<string, Stored>();
  const history: { rv: number; type: string; stored: Stored }[] = [];
  const watches = new Set<Watch>();
  const sockets = new Set<Socket>();
  const requests: string[] = [];
  let rv = 100;
  let oldest = rv; // history holds every change after this resourceVersion
  let failStatus: number | undefined;

  const key = (ns: string, name: string) => `${ns}/${name}`;
  const line = (res: ServerResponse, event: unknown) => res.write(`${JSON.stringify(event)}\n`);
  let batch: Map<Watch, string> | undefined;
  const emit = (type: string, stored: Stored): void => {
    history.push({ rv, type, stored });
    for (const w of watches) {
      if (w.ns !== stored.ns || w.svc !== stored.svc) continue;
      const text = `${JSON.stringify({ type, object: stored.slice })}\n`;
      if (batch !== undefined) batch.set(w, (batch.get(w) ?? '') + text);
      else w.res.write(text);
    }
  };
  /** together sends the events of fn's changes in one write per watch (as one chunk). */
  const together = (fn: () => void): void => {
    batch = new Map();
    try {
      fn();
    } finally {
      const b = batch;
      batch = undefined;
      for (const [w, text] of b) w.res.write(text);
    }
  };

  const status = (res: ServerResponse, code: number, message: string): void =>
    void res
      .writeHead(code, { 'content-type': 'application/json' })
      .end(JSON.stringify({ kind: 'Status', apiVersion: 'v1', status: 'Failure', message, code }));

  const handle = (req: IncomingMessage, res: ServerResponse): void => {
    const url = new URL(req.url ?? '/', 'https://apiserver');
    if (options.token !== undefined && req.headers.authorization !== `Bearer ${options.token}`) {
      return status(res, 401, 'Unauthorized');
    }
    if (failStatus !== undefined) return status(res, failStatus, 'failing');
    const m = /^\/apis\/discovery\.k8s\.io\/v1\/namespaces\/([^/]+)\/endpointslices$/.exec(
      url.pathname,
    );
    if (req.method !== 'GET' || m === null)
      return status(res, 404, 'the server could not find the requested resource');
    const ns = decodeURIComponent(m[1] as string);
    const selector = url.searchParams.get('labelSelector') ?? '';
    const sm = /^kubernetes\.io\/service-name=([a-z0-9-]+)$/.exec(selector);
    if (sm === null) return status(res, 400, `unable to parse requirement: ${selector}`);
    const svc = sm[1] as string;
    const watch = url.searchParams.get('watch');
    if (watch !== '1' && watch !== 'true') {
      requests.push('list');
      const items = [...objects.values()]
        .filter((o) => o.ns === ns && o.svc === svc)
        .map((o) => o.slice);
      res.writeHead(200, { 'content-type': 'application/json' });
      return void res.end(
        JSON.stringify({
          kind: 'EndpointSliceList',
          apiVersion: 'discovery.k8s.io/v1',
          metadata: { resourceVersion: String(rv) },
          items,
        }),
      );
    }
    const from = Number(url.searchParams.get('resourceVersion') ?? '0');
    requests.push(`watch rv=${from}`);
    res.writeHead(200, { 'content-type': 'application/json', 'transfer-encoding': 'chunked' });
    if (!Number.isInteger(from) || from < oldest) {
      line(res, {
        type: 'ERROR',
        object: {
          kind: 'Status',
          apiVersion: 'v1',
          status: 'Failure',
          message: `too old resource version: ${from} (${oldest})`,
          reason: 'Expired',
          code: 410,
        },
      });
      return void res.end();
    }
    const w: Watch = {
      ns,
      svc,
      res,
      bookmarks: url.searchParams.get('allowWatchBookmarks') === 'true',
    };
    for (const h of history) {
      if (h.rv > from && h.stored.ns === ns && h.stored.svc === svc)
        line(res, { type: h.type, object: h.stored.slice });
    }
    watches.add(w);
    const timeout = Number(url.searchParams.get('timeoutSeconds') ?? '1800');
    const timer = setTimeout(() => res.end(), timeout * 1000);
    res.on('close', () => {
      clearTimeout(timer);
      watches.delete(w);
    });
  };

  const server: Server =
    options.tls !== undefined ? createHttpsServer(options.tls, handle) : createHttpServer(handle);
  server.on(options.tls !== undefined ? 'secureConnection' : 'connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const port = (server.address() as { port: number }).port;

  const apply: ApiServerDouble['apply'] = (ns, svc, slice) => {
    rv++;
    const existed = objects.has(key(ns, slice.metadata.name));
    const stored: Stored = {
      ns,
      svc,
      slice: { ...slice, metadata: { ...slice.metadata, resourceVersion: String(rv) } },
    };
    objects.set(key(ns, slice.metadata.name), stored);
    emit(existed ? 'MODIFIED' : 'ADDED', stored);
  };

  const remove = (ns: string, name: string): void => {
    const stored = objects.get(key(ns, name));
    if (stored === undefined) return;
    objects.delete(key(ns, name));
    rv++;
    emit('DELETED', {
      ...stored,
      slice: {
        ...stored.slice,
        metadata: { ...stored.slice.metadata, resourceVersion: String(rv) },
      },
    });
  };

  return {
    url: `${options.tls !== undefined ? 'https' : 'http'}://127.0.0.1:${port}`,
    requests,
    apply,
    remove,
    setSlices(ns, svc, slices) {
      together(() => {
        const names = new Set(slices.map((x) => x.metadata.name));
        for (const o of [...objects.values()]) {
          if (o.ns === ns && o.svc === svc && !names.has(o.slice.metadata.name))
            remove(ns, o.slice.metadata.name);
        }
        for (const slice of slices) {
          const old = objects.get(key(ns, slice.metadata.name));
          const { resourceVersion: _, ...meta } = old?.slice.metadata ?? { name: '' };
          if (
            old !== undefined &&
            JSON.stringify({ ...old.slice, metadata: meta }) === JSON.stringify(slice)
          )
            continue;
          apply(ns, svc, slice);
        }
      });
    },
    setEndpoints(ns, svc, name, ready, notReady = []) {
      apply(ns, svc, {
        metadata: { name },
        addressType: 'IPv4',
        ports: [{ name: 'http', port: 8080, protocol: 'TCP' }],
        endpoints: [
          ...ready.map((a) => ({ addresses: [a], conditions: { ready: true } })),
          ...notReady.map((a) => ({ addresses: [a], conditions: { ready: false } })),
        ],
      });
    },
    dropWatches() {
      for (const w of watches) w.res.socket?.destroy();
    },
    compact() {
      history.length = 0;
      oldest = rv;
    },
    bookmark() {
      for (const w of watches) {
        if (w.bookmarks)
          line(w.res, {
            type: 'BOOKMARK',
            object: { kind: 'EndpointSlice', metadata: { resourceVersion: String(rv) } },
          });
      }
    },
    failing(code) {
      failStatus = code;
      if (code !== undefined) for (const w of watches) w.res.socket?.destroy();
    },
    async close() {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';

// A protocol-faithful double of Eureka's REST API (JSON), for the parts svckit uses: under
// /eureka, POST /apps/:app {instance} (204; 400 without hostName, app, ipAddr or
// dataCenterInfo), PUT /apps/:app/:id heartbeat (200; 404 when unknown), DELETE
// /apps/:app/:id (200; 404), GET /apps/:app ({application:{name,instance:[...]}}; 404 for an
// app without instances, as Eureka drops it). Leases lapse after leaseInfo.durationInSecs
// without a heartbeat; its evictor runs every 50 ms (Eureka's every 60 s, and pauses under
// "self-preservation": a real server can keep a dead instance far longer). It can write a lone
// instance as an object (Eureka's legacy JSON), answer 500, and be taken down and up.

interface Entry {
  instance: Record<string, unknown>;
  lastRenew: number;
  durationMs: number;
}

export interface EurekaDouble {
  readonly url: string;
  /** requests counts requests by `METHOD /path`. */
  readonly requests: string[];
  setInstances(app: string, instances: readonly string[]): void;
  ids(app: string): string[];
  /** forget drops an instance without a word (a restarted server). */
  forget(app: string, id: string): void;
  failing(on: boolean): void;
  legacyJson(on: boolean): void;
  down(): Promise<void>;
  up(): Promise<void>;
  close(): Promise<void>;
}

export async function startEurekaDouble(): Promise<EurekaDouble> {
  const apps = new Map<string, Map<string, Entry>>();
  const requests: string[] = [];
  const sockets = new Set<Socket>();
  let fail = false;
  let legacy = false;

  const ticker = setInterval(() => {
    const now = Date.now();
    for (const [name, instances] of apps) {
      for (const [id, e] of instances) if (now - e.lastRenew > e.durationMs) instances.delete(id);
      if (instances.size === 0) apps.delete(name);
    }
  }, 50);
  ticker.unref();

  const send = (res: ServerResponse, status: number, body?: unknown): void => {
    if (body === undefined) return void res.writeHead(status).end();
    res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  };
  const readBody = (req: IncomingMessage): Promise<string | undefined> =>
    new Promise((resolve) => {
      const chunks: Buffer[] = [];
      let size = 0;
      req.on('data', (c: Buffer) => {
        size += c.length;
        if (size > 1 << 20) {
          resolve(undefined);
          req.destroy();
        } else chunks.push(c);
      });
      req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    });

  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://eureka');
    requests.push(`${req.method} ${url.pathname}`);
    if (fail) return send(res, 500, { error: 'Internal Server Error' });
    const m = /^\/eureka\/apps\/([^/]+)(?:\/([^/]+))?$/.exec(url.pathname);
    if (m === null) return send(res, 404);
    const app = decodeURIComponent(m[1] as string).toUpperCase();
    const id = m[2] === undefined ? undefined : decodeURIComponent(m[2]);
    const instances = apps.get(app);
    void (async () => {
      if (req.method === 'GET' && id === undefined) {
        if (instances === undefined || instances.size === 0) return send(res, 404);
        const list = [...instances.values()].map((e) => e.instance);
        const instance = legacy && list.length === 1 ? list[0] : list;
        return send(res, 200, { application: { name: app, instance } });
      }
      if (req.method === 'POST' && id === undefined) {
        const text = await readBody(req);
        if (text === undefined) return send(res, 413);
        let inst: Record<string, unknown>;
        try {
          inst = (JSON.parse(text) as { instance: Record<string, unknown> }).instance;
        } catch {
          return send(res, 400);
        }
        if (typeof inst !== 'object' || inst === null) return send(res, 400);
        for (const k of ['hostName', 'app', 'ipAddr', 'dataCenterInfo']) {
          if (inst[k] === undefined || inst[k] === '') return send(res, 400);
        }
        const lease = inst['leaseInfo'] as { durationInSecs?: number } | undefined;
        const key = String(inst['instanceId'] ?? inst['hostName']);
        const map = apps.get(app) ?? new Map<string, Entry>();
        apps.set(app, map);
        map.set(key, {
          instance: inst,
          lastRenew: Date.now(),
          durationMs: (lease?.durationInSecs ?? 90) * 1000,
        });
        return send(res, 204);
      }
      const entry = id === undefined ? undefined : instances?.get(id);
      if (req.method === 'PUT' && id !== undefined) {
        if (entry === undefined) return send(res, 404);
        entry.lastRenew = Date.now();
        return send(res, 200);
      }
      if (req.method === 'DELETE' && id !== undefined) {
        if (entry === undefined) return send(res, 404);
        instances?.delete(id);
        if (instances?.size === 0) apps.delete(app);
        return send(res, 200);
      }
      return send(res, 405);
    })();
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  const listen = (port: number) =>
    new Promise<void>((resolve) => server.listen(port, '127.0.0.1', () => resolve()));
  await listen(0);
  const port = (server.address() as { port: number }).port;
  const down = async () => {
    if (!server.listening) return;
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    for (const s of sockets) s.destroy();
    await closed;
  };
  return {
    url: `http://127.0.0.1:${port}/eureka`,
    requests,
    setInstances(app, list) {
      const name = app.toUpperCase();
      const map = new Map<string, Entry>();
      for (const i of list) {
        const at = i.lastIndexOf(':');
        const id = `${i}:${name}`;
        map.set(id, {
          instance: {
            instanceId: id,
            hostName: i.slice(0, at),
            app: name,
            ipAddr: i.slice(0, at),
            status: 'UP',
            port: { $: Number(i.slice(at + 1)), '@enabled': 'true' },
            dataCenterInfo: {
              '@class': 'com.netflix.appinfo.InstanceInfo$DefaultDataCenterInfo',
              name: 'MyOwn',
            },
          },
          lastRenew: Date.now(),
          durationMs: 3_600_000,
        });
      }
      if (map.size === 0) apps.delete(name);
      else apps.set(name, map);
    },
    ids: (app) => [...(apps.get(app.toUpperCase())?.keys() ?? [])],
    forget(app, id) {
      apps.get(app.toUpperCase())?.delete(id);
    },
    failing(on) {
      fail = on;
    },
    legacyJson(on) {
      legacy = on;
    },
    down,
    up: () => listen(port),
    async close() {
      clearInterval(ticker);
      await down();
    },
  };
}

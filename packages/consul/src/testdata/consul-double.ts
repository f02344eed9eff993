import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';

// A protocol-faithful double of the Consul agent's HTTP API, for the parts svckit uses (no
// Consul server exists in Debian): /v1/health/service/:name with blocking queries (index,
// wait capped at 10 min, default 5 min, plus up to wait/16 of jitter; a query blocks while the
// service's index is <= the one asked; passing, tag), /v1/agent/service/register and
// /deregister/:id, /v1/agent/check/pass/:id, TTL checks that go critical, HTTP checks it polls,
// and DeregisterCriticalServiceAfter. Indexes are one Raft-like counter; a service's index is
// the index of its last change (an unknown name answers with the catalog's index). It counts
// requests, can be taken down and up on its port, and can misbehave as agents have.

/** Misbehaviour is how the double's health answers go wrong, as agents' have. */
export type Misbehaviour =
  | 'none'
  /** every health answer carries an index lower than the one asked (an agent that restarted) */
  | 'backwards'
  /** health answers carry X-Consul-Index: 0 */
  | 'zero'
  /** health queries return at once, without blocking, with the same index */
  | 'immediate'
  /** health queries answer 500 (no cluster leader) */
  | 'error';

/** DoubleInstance is one service instance held by the double. */
export interface DoubleInstance {
  id: string;
  name: string;
  address: string;
  port: number;
  tags?: string[];
  node?: string;
  status?: 'passing' | 'warning' | 'critical';
}

interface Entry {
  def: DoubleInstance;
  modifyIndex: number;
  ttlMs: number | undefined;
  http: { url: string; intervalMs: number; timeoutMs: number; next: number } | undefined;
  lastPass: number;
  criticalSince: number | undefined;
  deregisterAfterMs: number | undefined;
}

/** ConsulDouble is a running agent double (see {@link startConsulDouble}). */
export interface ConsulDouble {
  /** url is the agent's address, `http://127.0.0.1:<port>`. */
  readonly url: string;
  /** port is its port (kept across down and up). */
  readonly port: number;
  /** requests are the health queries received (time and query), for rate checks. */
  readonly healthRequests: { at: number; query: URLSearchParams }[];
  /** index is the current catalog index. */
  index(): number;
  /** setInstances makes `name` have exactly these instances (ids `name-host:port`), all passing. */
  setInstances(name: string, instances: readonly string[], nodeAddress?: string): void;
  /** add adds or replaces one instance. */
  add(instance: DoubleInstance): void;
  /** instances lists the ids of the registered instances of `name`. */
  ids(name: string): string[];
  /** misbehave makes the health answers misbehave (`none` restores them). */
  misbehave(mode: Misbehaviour): void;
  /** down closes the listener and every connection (the agent died); up listens again. */
  down(): Promise<void>;
  up(): Promise<void>;
  /** close stops the double. */
  close(): Promise<void>;
}

const NODE = 'node-1';
const NODE_ADDRESS = '127.0.0.1';
const MAX_BODY = 1 << 20;

/**
 * startConsulDouble starts an agent double on 127.0.0.1 (`port`, default a free one): see the
 * module comment for what it honours.
 *
 * @example
 * const consul = await startConsulDouble();
 * consul.setInstances('users', ['10.0.0.1:8080']);
 */
export async function startConsulDouble(port = 0): Promise<ConsulDouble> {
  const entries = new Map<string, Entry>();
  const nameIndex = new Map<string, number>();
  const waiters = new Set<() => void>();
  const healthRequests: { at: number; query: URLSearchParams }[] = [];
  const sockets = new Set<Socket>();
  let raft = 10;
  let catalogIndex = raft;
  let mode: Misbehaviour = 'none';
  let nodeAddress = NODE_ADDRESS;

  const bump = (name: string): number => {
    raft++;
    catalogIndex = raft;
    nameIndex.set(name, raft);
    for (const wake of [...waiters]) wake();
    return raft;
  };
  const serviceIndex = (name: string): number => nameIndex.get(name) ?? catalogIndex;

  const healthOf = (name: string, passingOnly: boolean, tags: string[]) =>
    [...entries.values()]
      .filter((e) => e.def.name === name)
      .filter((e) => tags.every((t) => (e.def.tags ?? []).includes(t)))
      .filter((e) => !passingOnly || (e.def.status ?? 'passing') === 'passing')
      .sort((a, b) => a.def.id.localeCompare(b.def.id))
      .map((e) => ({
        Node: { ID: NODE, Node: e.def.node ?? NODE, Address: nodeAddress, Datacenter: 'dc1' },
        Service: {
          ID: e.def.id,
          Service: e.def.name,
          Tags: e.def.tags ?? [],
          Address: e.def.address,
          Port: e.def.port,
          Meta: {},
        },
        Checks: [
          { Node: NODE, CheckID: 'serfHealth', Name: 'Serf Health Status', Status: 'passing' },
          {
            Node: NODE,
            CheckID: `service:${e.def.id}`,
            Name: `Service '${e.def.name}' check`,
            Status: e.def.status ?? 'passing',
            ServiceID: e.def.id,
            ServiceName: e.def.name,
          },
        ],
      }));

  const setStatus = (e: Entry, status: 'passing' | 'critical'): void => {
    if ((e.def.status ?? 'passing') === status) return;
    e.def.status = status;
    e.criticalSince = status === 'critical' ? Date.now() : undefined;
    e.modifyIndex = bump(e.def.name);
  };

  // TTL expiry, HTTP polls and the critical-service reaper.
  const ticker = setInterval(() => {
    const now = Date.now();
    for (const e of [...entries.values()]) {
      if (e.ttlMs !== undefined && now - e.lastPass > e.ttlMs) setStatus(e, 'critical');
      if (e.http !== undefined && now >= e.http.next) {
        const h = e.http;
        h.next = now + h.intervalMs;
        fetch(h.url, { signal: AbortSignal.timeout(h.timeoutMs) })
          .then((r) => setStatus(e, r.ok ? 'passing' : 'critical'))
          .catch(() => setStatus(e, 'critical'));
      }
      if (
        e.criticalSince !== undefined &&
        e.deregisterAfterMs !== undefined &&
        now - e.criticalSince > e.deregisterAfterMs
      ) {
        entries.delete(e.def.id);
        bump(e.def.name);
      }
    }
  }, 50);
  ticker.unref();

  const send = (res: ServerResponse, status: number, body: unknown, index?: number): void => {
    const text = typeof body === 'string' ? body : JSON.stringify(body);
    const headers: Record<string, string> = {
      'content-type': typeof body === 'string' ? 'text/plain; charset=utf-8' : 'application/json',
    };
    if (index !== undefined) headers['x-consul-index'] = String(index);
    res.writeHead(status, headers).end(text);
  };

  const readBody = (req: IncomingMessage): Promise<string | undefined> =>
    new Promise((resolve, reject) => {
      let size = 0;
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => {
        size += c.length;
        if (size > MAX_BODY) {
          resolve(undefined);
          req.destroy();
          return;
        }
        chunks.push(c);
      });
      req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
      req.on('error', reject);
    });

  const parseDuration = (text: string | null): number | undefined => {
    if (text === null) return undefined;
    const m = /^(\d+(?:\.\d+)?)(ns|us|ms|s|m|h)$/.exec(text);
    if (m === null) return NaN;
    const unit = { ns: 1e-6, us: 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[m[2] as 'ms'];
    return Number(m[1]) * unit;
  };

  const health = async (
    req: IncomingMessage,
    res: ServerResponse,
    name: string,
    q: URLSearchParams,
  ) => {
    healthRequests.push({ at: Date.now(), query: q });
    if (mode === 'error') return send(res, 500, 'No cluster leader');
    const index = Number(q.get('index') ?? '0');
    const wait = parseDuration(q.get('wait'));
    if (!Number.isFinite(index) || index < 0 || (wait !== undefined && !Number.isFinite(wait))) {
      return send(res, 400, 'Invalid index or wait');
    }
    const passing = q.has('passing') && q.get('passing') !== 'false' && q.get('passing') !== '0';
    const tags = q.getAll('tag');
    if (index > 0 && mode !== 'immediate' && serviceIndex(name) <= index) {
      const waitMs = Math.min(wait ?? 300_000, 600_000);
      const deadline = waitMs + Math.random() * (waitMs / 16);
      await new Promise<void>((resolve) => {
        const done = (): void => {
          clearTimeout(timer);
          waiters.delete(check);
          req.off('close', done);
          resolve();
        };
        const check = (): void => {
          if (serviceIndex(name) > index || mode === 'error') done();
        };
        const timer = setTimeout(done, deadline);
        waiters.add(check);
        req.on('close', done);
      });
      if (res.destroyed) return;
      if ((mode as Misbehaviour) === 'error') return send(res, 500, 'No cluster leader');
    }
    let answer = serviceIndex(name);
    if (mode === 'backwards') answer = Math.max(1, index - 5);
    if (mode === 'zero') answer = 0;
    if (mode === 'immediate') answer = Math.max(index, answer);
    return send(res, 200, healthOf(name, passing, tags), answer);
  };

  const register = async (req: IncomingMessage, res: ServerResponse) => {
    const text = await readBody(req);
    if (text === undefined) return send(res, 413, 'Request body too large');
    let def: Record<string, unknown>;
    try {
      def = JSON.parse(text) as Record<string, unknown>;
    } catch {
      return send(res, 400, 'Request decode failed');
    }
    const name = def['Name'];
    const port = def['Port'] ?? 0;
    if (typeof name !== 'string' || name === '') return send(res, 400, 'Missing service name');
    if (typeof port !== 'number' || !Number.isInteger(port) || port < 0 || port > 65535) {
      return send(res, 400, 'Invalid port');
    }
    const id = typeof def['ID'] === 'string' && def['ID'] !== '' ? def['ID'] : name;
    const check = (def['Check'] ?? {}) as Record<string, unknown>;
    const ttlMs = parseDuration(typeof check['TTL'] === 'string' ? check['TTL'] : null);
    const intervalMs = parseDuration(
      typeof check['Interval'] === 'string' ? check['Interval'] : null,
    );
    const timeoutMs = parseDuration(typeof check['Timeout'] === 'string' ? check['Timeout'] : null);
    const after = parseDuration(
      typeof check['DeregisterCriticalServiceAfter'] === 'string'
        ? check['DeregisterCriticalServiceAfter']
        : null,
    );
    if ([ttlMs, intervalMs, timeoutMs, after].some((d) => d !== undefined && !(d >= 0))) {
      return send(res, 400, 'Invalid check duration');
    }
    const http = typeof check['HTTP'] === 'string' ? check['HTTP'] : undefined;
    const status: 'passing' | 'critical' =
      check['Status'] === 'passing' || (ttlMs === undefined && http === undefined)
        ? 'passing'
        : 'critical';
    const instance: DoubleInstance = {
      id,
      name,
      address: typeof def['Address'] === 'string' ? def['Address'] : '',
      port,
      tags: Array.isArray(def['Tags']) ? (def['Tags'] as unknown[]).map(String) : [],
      status,
    };
    const old = entries.get(id);
    const same =
      old !== undefined &&
      JSON.stringify({ ...old.def, status: undefined }) ===
        JSON.stringify({ ...instance, status: undefined });
    const entry: Entry = {
      def: same && old !== undefined ? old.def : instance,
      modifyIndex: same && old !== undefined ? old.modifyIndex : 0,
      ttlMs,
      http:
        http === undefined
          ? undefined
          : {
              url: http,
              intervalMs: intervalMs ?? 10_000,
              timeoutMs: timeoutMs ?? 10_000,
              next: Date.now(),
            },
      lastPass: Date.now(),
      criticalSince: old?.criticalSince,
      deregisterAfterMs: after,
    };
    entries.set(id, entry);
    if (!same) entry.modifyIndex = bump(name);
    return send(res, 200, '');
  };

  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://agent');
    const parts = url.pathname.split('/').map(decodeURIComponent);
    const route = `${req.method} /${parts.slice(1, 4).join('/')}`;
    const arg = parts.slice(4).join('/');
    void (async () => {
      switch (route) {
        case 'GET /v1/health/service':
          return health(req, res, arg, url.searchParams);
        case 'PUT /v1/agent/service':
          if (arg === 'register') return register(req, res);
          if (arg.startsWith('deregister/')) {
            const e = entries.get(arg.slice('deregister/'.length));
            if (e === undefined) return send(res, 404, `Unknown service ID "${arg.slice(11)}"`);
            entries.delete(e.def.id);
            bump(e.def.name);
            return send(res, 200, '');
          }
          return send(res, 404, 'Not found');
        case 'PUT /v1/agent/check': {
          const [verb, ...rest] = arg.split('/');
          const checkId = rest.join('/');
          const e = [...entries.values()].find((x) => `service:${x.def.id}` === checkId);
          if (verb !== 'pass') return send(res, 404, 'Not found');
          if (e === undefined) return send(res, 404, `Unknown check ID "${checkId}"`);
          if (e.ttlMs === undefined)
            return send(res, 500, `CheckID "${checkId}" does not have associated TTL`);
          e.lastPass = Date.now();
          setStatus(e, 'passing');
          return send(res, 200, '');
        }
        default:
          return send(res, 404, 'Not found');
      }
    })().catch((err: unknown) => {
      if (!res.headersSent) send(res, 500, String(err));
    });
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  const listen = (p: number) =>
    new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(p, '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
  await listen(port);
  const actual = (server.address() as { port: number }).port;
  const down = async (): Promise<void> => {
    if (!server.listening) return;
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    for (const s of sockets) s.destroy();
    await closed;
  };

  return {
    url: `http://127.0.0.1:${actual}`,
    port: actual,
    healthRequests,
    index: () => raft,
    setInstances(name, instances, addr) {
      if (addr !== undefined) nodeAddress = addr;
      const want = new Set(instances.map((i) => `${name}-${i}`));
      let changed = false;
      for (const e of [...entries.values()]) {
        if (e.def.name === name && !want.has(e.def.id)) {
          entries.delete(e.def.id);
          changed = true;
        }
      }
      for (const i of instances) {
        const id = `${name}-${i}`;
        if (entries.has(id)) continue;
        const at = i.lastIndexOf(':');
        entries.set(id, {
          def: {
            id,
            name,
            address: i.slice(0, at).replace(/^\[|\]$/g, ''),
            port: Number(i.slice(at + 1)),
          },
          modifyIndex: 0,
          ttlMs: undefined,
          http: undefined,
          lastPass: Date.now(),
          criticalSince: undefined,
          deregisterAfterMs: undefined,
        });
        changed = true;
      }
      if (changed) bump(name);
    },
    add(instance) {
      entries.set(instance.id, {
        def: { ...instance },
        modifyIndex: 0,
        ttlMs: undefined,
        http: undefined,
        lastPass: Date.now(),
        criticalSince: instance.status === 'critical' ? Date.now() : undefined,
        deregisterAfterMs: undefined,
      });
      bump(instance.name);
    },
    ids: (name) => [...entries.values()].filter((e) => e.def.name === name).map((e) => e.def.id),
    misbehave(next) {
      mode = next;
      for (const wake of [...waiters]) wake();
    },
    down,
    up: () => listen(actual),
    async close() {
      clearInterval(ticker);
      for (const wake of [...waiters]) wake();
      await down();
    },
  };
}

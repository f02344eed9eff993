/** EurekaInstance is the part of Eureka's InstanceInfo svckit reads and writes. */
export interface EurekaInstance {
  instanceId?: string;
  hostName: string;
  app: string;
  ipAddr: string;
  status: 'UP' | 'DOWN' | 'STARTING' | 'OUT_OF_SERVICE' | 'UNKNOWN';
  port: { $: number; '@enabled': 'true' | 'false' };
  securePort?: { $: number; '@enabled': 'true' | 'false' };
  vipAddress?: string;
  dataCenterInfo: { '@class': string; name: string };
  leaseInfo?: { renewalIntervalInSecs: number; durationInSecs: number };
  metadata?: Record<string, string>;
}

/**
 * instancesOf reads the instances of an application answer (`{ application: { instance } }`),
 * where Eureka writes a lone instance as an object rather than an array, ports as numbers or
 * strings; malformed entries are skipped.
 */
export function instancesOf(body: unknown, upOnly: boolean): string[] {
  const app = (body as { application?: { instance?: unknown } } | undefined)?.application;
  const raw = app?.instance;
  const list = Array.isArray(raw) ? raw : raw !== undefined && raw !== null ? [raw] : [];
  const out: string[] = [];
  for (const item of list) {
    if (typeof item !== 'object' || item === null) continue;
    const inst = item as { ipAddr?: unknown; status?: unknown; port?: unknown };
    if (upOnly && inst.status !== 'UP') continue;
    const port = Number(
      typeof inst.port === 'object' && inst.port !== null
        ? (inst.port as { $?: unknown }).$
        : inst.port,
    );
    if (typeof inst.ipAddr !== 'string' || inst.ipAddr === '') continue;
    if (!(Number.isInteger(port) && port > 0 && port < 65536)) continue;
    out.push(inst.ipAddr.includes(':') ? `[${inst.ipAddr}]:${port}` : `${inst.ipAddr}:${port}`);
  }
  return out;
}

// A protocol-faithful double of a Zipkin collector's POST /api/v2/spans (zipkin2-api.yaml,
// JSON v2): it validates every span strictly and answers 202, or 400 with the reason, as a
// real collector refuses a malformed list. Used by the export tests; 127.0.0.1 only.
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ZipkinSpan {
  traceId: string;
  id: string;
  parentId?: string;
  name?: string;
  kind?: 'CLIENT' | 'SERVER' | 'PRODUCER' | 'CONSUMER';
  timestamp?: number;
  duration?: number;
  localEndpoint?: Endpoint;
  remoteEndpoint?: Endpoint;
  annotations?: { timestamp: number; value: string }[];
  tags?: Record<string, string>;
  debug?: boolean;
  shared?: boolean;
}

interface Endpoint {
  serviceName?: string;
  ipv4?: string;
  ipv6?: string;
  port?: number;
}

export interface ZipkinCollector {
  readonly url: string;
  readonly spans: ZipkinSpan[];
  readonly rejected: string[];
  close(): Promise<void>;
}

const hex16 = /^[0-9a-f]{16}$/;
const hex32 = /^[0-9a-f]{32}$/;
const spanFields = new Set([
  'traceId',
  'id',
  'parentId',
  'name',
  'kind',
  'timestamp',
  'duration',
  'localEndpoint',
  'remoteEndpoint',
  'annotations',
  'tags',
  'debug',
  'shared',
]);

function isMicros(v: unknown): boolean {
  return typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;
}

function checkEndpoint(where: string, e: unknown): string | undefined {
  if (typeof e !== 'object' || e === null || Array.isArray(e)) return `${where}: not an object`;
  for (const [k, v] of Object.entries(e)) {
    if (k === 'serviceName' || k === 'ipv4' || k === 'ipv6') {
      if (typeof v !== 'string') return `${where}.${k}: not a string`;
    } else if (k === 'port') {
      if (!(Number.isInteger(v) && (v as number) > 0 && (v as number) < 65536))
        return `${where}.port`;
    } else return `${where}: unknown field ${k}`;
  }
  return undefined;
}

/** validate returns why span is not a valid Zipkin v2 span, or undefined. */
export function validate(span: unknown): string | undefined {
  if (typeof span !== 'object' || span === null || Array.isArray(span))
    return 'span: not an object';
  const s = span as Record<string, unknown>;
  for (const k of Object.keys(s)) if (!spanFields.has(k)) return `unknown field ${k}`;
  const traceId = s['traceId'];
  if (
    typeof traceId !== 'string' ||
    !(hex16.test(traceId) || hex32.test(traceId)) ||
    /^0+$/.test(traceId)
  ) {
    return `traceId ${String(traceId)}`;
  }
  if (typeof s['id'] !== 'string' || !hex16.test(s['id']) || /^0+$/.test(s['id']))
    return `id ${String(s['id'])}`;
  if (
    s['parentId'] !== undefined &&
    (typeof s['parentId'] !== 'string' || !hex16.test(s['parentId']))
  ) {
    return `parentId ${String(s['parentId'])}`;
  }
  if (s['name'] !== undefined && typeof s['name'] !== 'string') return 'name';
  if (
    s['kind'] !== undefined &&
    !['CLIENT', 'SERVER', 'PRODUCER', 'CONSUMER'].includes(s['kind'] as string)
  ) {
    return `kind ${String(s['kind'])}`;
  }
  if (s['timestamp'] !== undefined && !isMicros(s['timestamp'])) return 'timestamp';
  if (s['duration'] !== undefined && !isMicros(s['duration'])) return 'duration';
  for (const e of ['localEndpoint', 'remoteEndpoint']) {
    if (s[e] !== undefined) {
      const why = checkEndpoint(e, s[e]);
      if (why !== undefined) return why;
    }
  }
  if (s['annotations'] !== undefined) {
    if (!Array.isArray(s['annotations'])) return 'annotations: not an array';
    for (const a of s['annotations'] as unknown[]) {
      const ann = a as Record<string, unknown>;
      if (
        !isMicros(ann['timestamp']) ||
        typeof ann['value'] !== 'string' ||
        Object.keys(ann).length !== 2
      ) {
        return `annotation ${JSON.stringify(a)}`;
      }
    }
  }
  if (s['tags'] !== undefined) {
    if (typeof s['tags'] !== 'object' || s['tags'] === null) return 'tags: not an object';
    for (const [k, v] of Object.entries(s['tags']))
      if (typeof v !== 'string') return `tag ${k}: not a string`;
  }
  for (const b of ['debug', 'shared'])
    if (s[b] !== undefined && typeof s[b] !== 'boolean') return b;
  return undefined;
}

export async function startZipkinCollector(): Promise<ZipkinCollector> {
  const spans: ZipkinSpan[] = [];
  const rejected: string[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const refuse = (why: string): void => {
        rejected.push(why);
        res.writeHead(400, { 'content-type': 'text/plain' }).end(why);
      };
      if (req.method !== 'POST' || req.url !== '/api/v2/spans')
        return refuse(`${req.method} ${req.url}`);
      if (!(req.headers['content-type'] ?? '').startsWith('application/json')) {
        return refuse(`content-type ${req.headers['content-type']}`);
      }
      let body: unknown;
      try {
        body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      } catch (err) {
        return refuse(`malformed JSON: ${(err as Error).message}`);
      }
      if (!Array.isArray(body)) return refuse('body: not a list of spans');
      for (const span of body) {
        const why = validate(span);
        if (why !== undefined) return refuse(why);
      }
      spans.push(...(body as ZipkinSpan[]));
      res.writeHead(202).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/api/v2/spans`,
    spans,
    rejected,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

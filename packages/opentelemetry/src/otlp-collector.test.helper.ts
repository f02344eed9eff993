// A protocol-faithful double of an OTLP/HTTP trace endpoint (POST /v1/traces, the JSON
// encoding of ExportTraceServiceRequest per the OTLP specification: hex ids, int64 as strings
// or numbers, enums as integers). It validates every span and answers 200 with an
// ExportTraceServiceResponse, or 400 with the reason. Used by the export tests; 127.0.0.1 only.
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface OtlpSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: number;
  startTimeUnixNano: string | number;
  endTimeUnixNano: string | number;
  attributes?: { key: string; value: Record<string, unknown> }[];
  events?: { name: string; timeUnixNano: string | number; attributes?: unknown[] }[];
  links?: unknown[];
  status?: { code?: number; message?: string };
  resource: Record<string, unknown>;
  scope: string;
}

export interface OtlpCollector {
  readonly url: string;
  readonly spans: OtlpSpan[];
  readonly rejected: string[];
  close(): Promise<void>;
}

const anyValueKinds = new Set([
  'stringValue',
  'boolValue',
  'intValue',
  'doubleValue',
  'arrayValue',
  'kvlistValue',
  'bytesValue',
]);

function isInt64(v: unknown): boolean {
  return (
    (typeof v === 'string' && /^\d+$/.test(v)) ||
    (typeof v === 'number' && Number.isInteger(v) && v >= 0)
  );
}

function checkAttributes(where: string, attrs: unknown): string | undefined {
  if (attrs === undefined) return undefined;
  if (!Array.isArray(attrs)) return `${where}: attributes not a list`;
  for (const kv of attrs as Record<string, unknown>[]) {
    if (typeof kv['key'] !== 'string') return `${where}: attribute without key`;
    const value = kv['value'] as Record<string, unknown> | undefined;
    const kinds = Object.keys(value ?? {});
    if (kinds.length !== 1 || !anyValueKinds.has(kinds[0] as string)) {
      return `${where}: attribute ${kv['key']} value ${JSON.stringify(value)}`;
    }
  }
  return undefined;
}

function flatten(
  attrs: { key: string; value: Record<string, unknown> }[] | undefined,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const kv of attrs ?? []) out[kv.key] = Object.values(kv.value)[0];
  return out;
}

/** validate returns why one request is not a valid ExportTraceServiceRequest, or undefined. */
export function validate(body: unknown, into: OtlpSpan[]): string | undefined {
  const rs = (body as { resourceSpans?: unknown }).resourceSpans;
  if (!Array.isArray(rs)) return 'resourceSpans: not a list';
  for (const r of rs as Record<string, unknown>[]) {
    const resource = r['resource'] as { attributes?: unknown } | undefined;
    const why = checkAttributes('resource', resource?.attributes);
    if (why !== undefined) return why;
    if (!Array.isArray(r['scopeSpans'])) return 'scopeSpans: not a list';
    for (const ss of r['scopeSpans'] as Record<string, unknown>[]) {
      const scope = ss['scope'] as { name?: unknown } | undefined;
      if (typeof scope?.name !== 'string') return 'scope.name';
      if (!Array.isArray(ss['spans'])) return 'spans: not a list';
      for (const s of ss['spans'] as Record<string, unknown>[]) {
        if (typeof s['traceId'] !== 'string' || !/^[0-9a-f]{32}$/.test(s['traceId']))
          return `traceId ${String(s['traceId'])}`;
        if (typeof s['spanId'] !== 'string' || !/^[0-9a-f]{16}$/.test(s['spanId']))
          return `spanId ${String(s['spanId'])}`;
        const parent = s['parentSpanId'];
        if (
          parent !== undefined &&
          parent !== '' &&
          (typeof parent !== 'string' || !/^[0-9a-f]{16}$/.test(parent))
        ) {
          return `parentSpanId ${String(parent)}`;
        }
        if (typeof s['name'] !== 'string' || s['name'] === '') return 'name';
        if (!(
          Number.isInteger(s['kind']) &&
          (s['kind'] as number) >= 0 &&
          (s['kind'] as number) <= 5
        ))
          return `kind ${String(s['kind'])}`;
        if (!isInt64(s['startTimeUnixNano']) || !isInt64(s['endTimeUnixNano'])) return 'times';
        if (BigInt(s['endTimeUnixNano'] as string) < BigInt(s['startTimeUnixNano'] as string))
          return 'ends before it starts';
        const attrWhy = checkAttributes(`span ${s['name']}`, s['attributes']);
        if (attrWhy !== undefined) return attrWhy;
        for (const e of (s['events'] ?? []) as Record<string, unknown>[]) {
          if (typeof e['name'] !== 'string' || !isInt64(e['timeUnixNano'])) return 'event';
          const evWhy = checkAttributes(`event ${e['name']}`, e['attributes']);
          if (evWhy !== undefined) return evWhy;
        }
        const status = s['status'] as { code?: unknown } | undefined;
        if (status?.code !== undefined && ![0, 1, 2].includes(status.code as number))
          return 'status.code';
        into.push({
          ...(s as unknown as OtlpSpan),
          resource: flatten(resource?.attributes as OtlpSpan['attributes']),
          scope: scope.name,
        });
      }
    }
  }
  return undefined;
}

export async function startOtlpCollector(): Promise<OtlpCollector> {
  const spans: OtlpSpan[] = [];
  const rejected: string[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const refuse = (why: string): void => {
        rejected.push(why);
        res
          .writeHead(400, { 'content-type': 'application/json' })
          .end(JSON.stringify({ code: 3, message: why }));
      };
      if (req.method !== 'POST' || req.url !== '/v1/traces')
        return refuse(`${req.method} ${req.url}`);
      if (req.headers['content-type'] !== 'application/json') {
        return refuse(`content-type ${req.headers['content-type']} (this double speaks OTLP/JSON)`);
      }
      let body: unknown;
      try {
        body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      } catch (err) {
        return refuse(`malformed JSON: ${(err as Error).message}`);
      }
      const got: OtlpSpan[] = [];
      const why = validate(body, got);
      if (why !== undefined) return refuse(why);
      spans.push(...got);
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/v1/traces`,
    spans,
    rejected,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

export { flatten };

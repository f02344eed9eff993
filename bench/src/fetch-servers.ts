/**
 * The Fetch-runtime servers of the `http` bench suite, one per child process, run by Bun or
 * Deno (not Node): `bun fetch-servers.js <kind>` or `deno run -A fetch-servers.js <kind>` starts
 * the uppercase service with <kind> (bun-raw | hono-bun | svckit-bun | deno-raw | svckit-deno)
 * on a free port of 127.0.0.1 and prints `port <n>`. The wire is the one of http-servers.ts:
 * POST /uppercase `{"s":"..."}` -> `{"v":"..."}\n`, 400 on bad JSON.
 *
 * Raw and svckit share the routing in front of them (Bun's `routes` table; on Deno one
 * `pathname` comparison), so each ratio measures the Fetch face, not a router.
 */
import type { Context } from '@svckit/core/context';
import { ServiceError } from '@svckit/core/errors';
import { createServer, decodeJSONRequest, encodeJSONResponse } from '@svckit/core/transport/http';

type FetchHandler = (request: Request, info?: unknown) => Response | Promise<Response>;

interface BunRuntime {
  serve(options: {
    port: number;
    hostname: string;
    routes?: Record<string, Record<string, FetchHandler>>;
    fetch: FetchHandler;
  }): { port: number; stop(): void };
}
interface DenoRuntime {
  serve(
    options: { port: number; hostname: string; onListen: (addr: { port: number }) => void },
    handler: FetchHandler,
  ): { shutdown(): Promise<void> };
  args: string[];
  exit(code: number): never;
  addSignalListener(signal: 'SIGTERM', f: () => void): void;
}

const bun = (globalThis as { Bun?: BunRuntime }).Bun;
const deno = (globalThis as { Deno?: DenoRuntime }).Deno;

interface UppercaseResponse {
  v: string;
  err?: string;
}

/** The service: plain code shared by every server. */
function uppercase(s: string): UppercaseResponse {
  return s === '' ? { v: '', err: 'empty string' } : { v: s.toUpperCase() };
}

const jsonHeaders = { 'content-type': 'application/json; charset=utf-8' };
const notFound = (): Response => new Response('404 page not found\n', { status: 404 });

/** raw: hand-written JSON handling on the runtime's own Request/Response. */
async function raw(request: Request): Promise<Response> {
  let s: unknown;
  try {
    s = ((await request.json()) as { s?: unknown } | null)?.s;
  } catch {
    s = undefined;
  }
  if (typeof s !== 'string') return new Response('bad request', { status: 400 });
  return new Response(JSON.stringify(uppercase(s)) + '\n', { headers: jsonHeaders });
}

/** svckit: endpoint + JSON codec helpers, Fetch face. */
function svckit(): FetchHandler {
  const badRequest = new ServiceError('invalid_argument', 's must be a string');
  return createServer(
    async (_ctx: Context, s: string) => uppercase(s),
    decodeJSONRequest((body) => {
      const s = (body as { s?: unknown } | null)?.s;
      if (typeof s !== 'string') throw badRequest;
      return s;
    }),
    encodeJSONResponse,
  ).fetch;
}

/** Hono 4 on Bun, idiomatic: `c.req.json()` and `c.json()`. */
async function hono(): Promise<FetchHandler> {
  const { Hono } = await import('hono');
  const app = new Hono();
  app.post('/uppercase', async (c) => {
    let s: unknown;
    try {
      s = ((await c.req.json()) as { s?: unknown } | null)?.s;
    } catch {
      s = undefined;
    }
    if (typeof s !== 'string') return c.text('bad request', 400);
    return c.json(uppercase(s));
  });
  return (request) => app.fetch(request);
}

function serveBun(handler: FetchHandler, routed: boolean): void {
  if (bun === undefined) throw new Error('this kind runs under Bun');
  const s = bun.serve({
    port: 0,
    hostname: '127.0.0.1',
    ...(routed ? { routes: { '/uppercase': { POST: handler } } } : {}),
    fetch: routed ? notFound : handler,
  });
  console.log(`port ${s.port}`);
}

function serveDeno(handler: FetchHandler): void {
  if (deno === undefined) throw new Error('this kind runs under Deno');
  deno.serve(
    { port: 0, hostname: '127.0.0.1', onListen: ({ port }) => console.log(`port ${port}`) },
    (request, info) =>
      new URL(request.url).pathname === '/uppercase' ? handler(request, info) : notFound(),
  );
}

const kinds: Record<string, () => void | Promise<void>> = {
  'bun-raw': () => serveBun(raw, true),
  'svckit-bun': () => serveBun(svckit(), true),
  'hono-bun': async () => serveBun(await hono(), false),
  'deno-raw': () => serveDeno(raw),
  'svckit-deno': () => serveDeno(svckit()),
};

const argv = deno?.args ?? process.argv.slice(2);
const make = kinds[argv[0] ?? ''];
if (make === undefined) {
  console.error(`usage: fetch-servers.js <${Object.keys(kinds).join('|')}>`);
  (deno?.exit ?? process.exit)(2);
} else await make();

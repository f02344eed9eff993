import { createServer } from 'node:http';
import type { Server } from 'node:http';
import { background, withSignal } from '@svckit/core/context';
import type { Endpoint } from '@svckit/core/endpoint';

/** HelloRequest is the decoded body of POST /hello. */
export interface HelloRequest {
  readonly name: string;
}

/** HelloResponse is the encoded reply of /hello. */
export interface HelloResponse {
  readonly greeting: string;
}

/** greet is the whole service: plain code, no transport concerns. */
export function greet(name: string): string {
  return `hello, ${name === '' ? 'world' : name}`;
}

/** helloEndpoint adapts the service to an svckit endpoint. */
export const helloEndpoint: Endpoint<HelloRequest, HelloResponse> = async (_ctx, req) => ({
  greeting: greet(req.name),
});

const maxBody = 64 * 1024;

/**
 * listen serves helloEndpoint at /hello on host:port (port 0 picks a free one). Bad JSON gets a
 * 400, a body over 64 KiB a 413, any other path a 404.
 */
export function listen(host: string, port: number): Promise<Server> {
  const server = createServer((req, res) => {
    const reply = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
      res.end(`${JSON.stringify(body)}\n`);
    };
    if (req.url !== '/hello') return reply(404, { error: 'not found' });
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBody) {
        reply(413, { error: 'request body too large' });
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      let name: string;
      try {
        const text = Buffer.concat(chunks).toString('utf8');
        const body: unknown = text === '' ? {} : JSON.parse(text);
        const raw = (body as { name?: unknown } | null)?.name;
        if (raw !== undefined && typeof raw !== 'string') {
          return reply(400, { error: 'name must be a string' });
        }
        name = raw ?? '';
      } catch (err) {
        return reply(400, { error: `invalid JSON: ${(err as Error).message}` });
      }
      const controller = new AbortController();
      res.once('close', () => controller.abort());
      const [ctx, cancel] = withSignal(background(), controller.signal);
      helloEndpoint(ctx, { name })
        .then(
          (out) => reply(200, out),
          (err: unknown) => reply(500, { error: String(err) }),
        )
        .finally(cancel);
    });
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve(server));
  });
}

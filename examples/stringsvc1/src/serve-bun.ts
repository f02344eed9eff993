/**
 * stringsvc1 on Bun, through the Fetch face: `bun dist/serve-bun.js [port]`. Prints
 * `listening <port>` once serving. The same handler as on Node, no Node HTTP involved.
 */
import { makeHandler } from './transport.js';

interface BunServer {
  readonly port: number;
  stop(): void;
}
declare const Bun: {
  serve(options: {
    port: number;
    hostname: string;
    fetch: (request: Request, server: unknown) => Promise<Response>;
  }): BunServer;
};

const handler = makeHandler();
const server = Bun.serve({
  port: Number(process.argv[2] ?? 0),
  hostname: '127.0.0.1',
  fetch: handler.fetch,
});
console.log(`listening ${server.port}`);
process.once('SIGTERM', () => {
  server.stop();
  process.exit(0);
});

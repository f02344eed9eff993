/**
 * Runs the hello service: `npm start -w examples/hello` (port 8080, or `PORT`), then
 * `curl -d '{"name":"ada"}' http://127.0.0.1:8080/hello`. Ctrl-C stops it gracefully.
 */
import type { AddressInfo } from 'node:net';
import { listen, shutdown } from '@svckit/core/transport/http';
import { handler } from './hello.js';

const server = await listen(handler.node, { port: Number(process.env['PORT'] ?? 8080) });
console.log(`hello: listening on http://127.0.0.1:${(server.address() as AddressInfo).port}/hello`);
const stop = (): void => void shutdown(server).then(() => process.exit(0));
process.once('SIGINT', stop);
process.once('SIGTERM', stop);

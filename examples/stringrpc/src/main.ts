/**
 * Runs stringrpc: the JSON-RPC service on 127.0.0.1:8084 and the gateway on :8080 (or
 * `RPC_PORT`, `PORT`), then
 * `curl -d '[{"jsonrpc":"2.0","method":"uppercase","params":["hi"],"id":1},{"jsonrpc":"2.0","method":"count","params":{"s":"héllo"},"id":2}]' http://127.0.0.1:8080/rpc`.
 * Ctrl-C stops both gracefully.
 */
import type { AddressInfo } from 'node:net';
import { listen, shutdown } from '@svckit/core/transport/http';
import { gateway } from './gateway.js';
import { rpc } from './stringsvc.js';

const service = await listen(rpc.node, { port: Number(process.env['RPC_PORT'] ?? 8084) });
const target = `http://127.0.0.1:${(service.address() as AddressInfo).port}`;
const front = await listen(gateway(target).node, { port: Number(process.env['PORT'] ?? 8080) });
console.log(
  `stringrpc: JSON-RPC at ${target}/, gateway at http://127.0.0.1:${(front.address() as AddressInfo).port}/rpc`,
);
const stop = (): void =>
  void Promise.all([shutdown(front), shutdown(service)]).then(() => process.exit(0));
process.once('SIGINT', stop);
process.once('SIGTERM', stop);

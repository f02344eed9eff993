/**
 * A fault-test fixture process: `node slow-server.js <url> <queue> <delayMs>` serves `queue`
 * (auto-ack, as addsvc) with an endpoint that takes delayMs, prints `ready` once consuming, and
 * on SIGTERM drains (server.close, then conn.close) and exits 0, printing `drained <served>`.
 */
import { createConnection, createServer, decodeJSONRequest, encodeJSONResponse } from '../index.js';

const [url, queue, delay] = process.argv.slice(2);
const conn = await createConnection(url ?? '');
let served = 0;
const server = createServer(
  async (_ctx, r: { i: number }) => {
    await new Promise((resolve) => setTimeout(resolve, Number(delay)));
    served++;
    return r.i;
  },
  decodeJSONRequest<{ i: number }>,
  encodeJSONResponse,
);
await server.consume(conn, queue ?? '', { declare: { autoDelete: false } });
process.stdout.write('ready\n');
process.once('SIGTERM', () => {
  void server
    .close()
    .then(() => conn.close())
    .then(() => {
      process.stdout.write(`drained ${served}\n`);
      process.exit(0);
    });
});

/**
 * A fault-test fixture process: `node slow-server.js <url> <subject> <delayMs>` serves
 * `subject` with an endpoint that takes delayMs, prints `ready` once subscribed, and on SIGTERM
 * drains (server.close, then nc.drain) and exits 0, printing `drained <served>`.
 */
import { connect } from '@nats-io/transport-node';
import { createServer, decodeJSONRequest, encodeJSONResponse } from '../index.js';

const [url, subject, delay] = process.argv.slice(2);
const nc = await connect({ servers: url ?? '' });
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
server.subscribe(nc, subject ?? '', { queue: 'slow' });
await nc.flush();
process.stdout.write('ready\n');
process.once('SIGTERM', () => {
  void server
    .close()
    .then(() => nc.drain())
    .then(() => {
      process.stdout.write(`drained ${served}\n`);
      process.exit(0);
    });
});

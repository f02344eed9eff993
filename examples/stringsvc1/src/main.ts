/**
 * stringsvc1 on Node: `npm start -w examples/stringsvc1 -- --listen 127.0.0.1:8080`, then
 * `curl -d '{"s":"hello"}' http://127.0.0.1:8080/uppercase`.
 */
import { parseArgs } from 'node:util';
import { listen } from '@svckit/core/transport/http';
import { makeHandler } from './transport.js';

const { values } = parseArgs({
  options: { listen: { type: 'string', default: '127.0.0.1:8080' } },
});
const address = values.listen ?? '127.0.0.1:8080';
const colon = address.lastIndexOf(':');
const host = colon <= 0 ? '0.0.0.0' : address.slice(0, colon).replace(/^\[|\]$/g, '');
const port = Number(address.slice(colon + 1));
const server = await listen(makeHandler().node, { host, port });
const bound = server.address();
console.log(
  `msg=listening transport=HTTP addr=${typeof bound === 'object' && bound ? `${bound.address}:${bound.port}` : String(bound)}`,
);
const stop = (): void => {
  server.close(() => process.exit(0));
  server.closeIdleConnections();
};
process.once('SIGINT', stop);
process.once('SIGTERM', stop);

/**
 * stringsvc2 on Node (Go kit's `stringsvc2/main.go`):
 *
 *   npm start -w examples/stringsvc2 -- --listen 127.0.0.1:8080
 *
 * `--listen` is the HTTP address (default `:8080`, all interfaces, as Go). Logs go to stderr in
 * logfmt; `/metrics` serves the Prometheus metrics. SIGINT/SIGTERM stop it gracefully.
 */
import { parseArgs } from 'node:util';
import { logfmtLogger } from '@svckit/core/log';
import { listen, shutdown } from '@svckit/core/transport/http';
import { makeApp } from './app.js';

// Go's flag package takes `-listen` as well as `--listen`: accept Go kit's command lines as is.
const args = process.argv.slice(2).map((a) => (/^-listen(=|$)/.test(a) ? `-${a}` : a));
const { values } = parseArgs({ args, options: { listen: { type: 'string', default: ':8080' } } });
const address = values.listen ?? ':8080';
const logger = logfmtLogger(process.stderr);

const colon = address.lastIndexOf(':');
const port = Number(address.slice(colon + 1));
if (colon < 0 || !Number.isInteger(port) || port < 0 || port > 65535) {
  logger.log('err', `invalid --listen address ${JSON.stringify(address)}: want host:port`);
  process.exit(2);
}
const host = colon === 0 ? '0.0.0.0' : address.slice(0, colon).replace(/^\[|\]$/g, '');

const { handler } = makeApp(logger);
const server = await listen(handler.node, { host, port }).catch((err: unknown) => {
  logger.log('err', err);
  process.exit(1);
});
const bound = server.address();
logger.log(
  'msg',
  'HTTP',
  'addr',
  typeof bound === 'object' && bound !== null ? `${bound.address}:${bound.port}` : String(bound),
);

let stopping = false;
const stop = (): void => {
  if (stopping) return;
  stopping = true;
  void shutdown(server).then(() => process.exit(0));
};
process.once('SIGINT', stop);
process.once('SIGTERM', stop);

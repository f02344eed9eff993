/**
 * stringsvc3 on Node (Go kit's `stringsvc3/main.go`):
 *
 *   npm start -w examples/stringsvc3 -- --listen 127.0.0.1:8080 --proxy 127.0.0.1:8081,127.0.0.1:8082
 *
 * `--listen` is the HTTP address (default `:8080`, all interfaces, as Go); `--proxy` an
 * optional comma-separated list of instances that serve `uppercase` for this one. Logs go to
 * stderr in logfmt. SIGINT/SIGTERM stop it gracefully: no new connections, requests in flight
 * finish (within 10 s), then the process exits 0.
 */
import { Agent } from 'node:http';
import { parseArgs } from 'node:util';
import { defaultCaller, logfmtLogger, withContext } from '@svckit/core/log';
import { listen, shutdown } from '@svckit/core/transport/http';
import { loggingMiddleware } from './logging.js';
import { proxyingMiddleware } from './proxying.js';
import { stringService } from './service.js';
import type { StringService } from './service.js';
import { makeHandler } from './transport.js';

// Go's flag package takes `-listen` as well as `--listen`: accept Go kit's command lines as is.
const args = process.argv.slice(2).map((a) => (/^-(listen|proxy)(=|$)/.test(a) ? `-${a}` : a));
const { values } = parseArgs({
  args,
  options: {
    listen: { type: 'string', default: ':8080' },
    proxy: { type: 'string', default: '' },
  },
});
const address = values.listen ?? ':8080';
const base = logfmtLogger(process.stderr);
const logger = withContext(base, 'listen', address, 'caller', defaultCaller);

const colon = address.lastIndexOf(':');
const port = Number(address.slice(colon + 1));
if (colon < 0 || !Number.isInteger(port) || port < 0 || port > 65535) {
  logger.log('err', `invalid --listen address ${JSON.stringify(address)}: want host:port`);
  process.exit(2);
}
const host = colon === 0 ? '0.0.0.0' : address.slice(0, colon).replace(/^\[|\]$/g, '');

const agent = new Agent({ keepAlive: true });
let svc: StringService = stringService;
try {
  svc = proxyingMiddleware(values.proxy ?? '', { logger, agent })(svc);
} catch (err) {
  logger.log('err', err);
  process.exit(2);
}
svc = loggingMiddleware(logger)(svc);

const server = await listen(makeHandler(svc).node, { host, port }).catch((err: unknown) => {
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
const stop = (signal: string): void => {
  if (stopping) return;
  stopping = true;
  logger.log('msg', 'shutting down', 'signal', signal);
  void shutdown(server).then((report) => {
    agent.destroy();
    logger.log('msg', 'stopped', 'graceful', report.graceful, 'destroyed', report.destroyed);
    process.exit(0);
  });
};
process.once('SIGINT', stop);
process.once('SIGTERM', stop);

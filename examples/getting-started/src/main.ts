/**
 * The getting-started service's program (docs/getting-started.md, step 5):
 *
 *   npm start -w examples/getting-started -- --listen 127.0.0.1:8080
 *
 * Logs go to stderr in logfmt (the first line says where it listens); SIGINT/SIGTERM stop it
 * gracefully.
 */
// #region main
import { defaultTimestampUTC, logfmtLogger, withContext } from '@svckit/core/log';
import { listen, shutdown } from '@svckit/core/transport/http';
import { Registry } from '@svckit/prometheus';
import type { AddressInfo } from 'node:net';
import { parseArgs } from 'node:util';
import { makeServer } from './server.js';
import { stringService } from './service.js';

const { values } = parseArgs({
  options: { listen: { type: 'string', default: '127.0.0.1:8080' } },
});
const at = values.listen.lastIndexOf(':');
const [host, port] = [values.listen.slice(0, at), Number(values.listen.slice(at + 1))];

const logger = withContext(logfmtLogger(process.stderr), 'ts', defaultTimestampUTC);
const server = await listen(makeServer(stringService, logger, new Registry()).node, { host, port });
logger.log('msg', 'listening', 'addr', `http://${host}:${(server.address() as AddressInfo).port}`);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    logger.log('msg', 'stopping', 'signal', signal);
    void shutdown(server, { timeout: 5000 }).then(() => process.exit(0));
  });
}
// #endregion main

/**
 * @module
 * The graceful shutdown example of packages/core/README.md (the region below is that code
 * block); `readme.test.ts` runs it as a program and sends it SIGTERM.
 */
// #region shutdown
import { createServer } from 'node:http';
import { shutdown } from '@svckit/core/transport/http';

const server = createServer((_req, res) => res.end('ok'));
server.listen(0, '127.0.0.1', () => console.log('listening on', server.address()));

process.once('SIGTERM', async () => {
  const report = await shutdown(server, { timeout: 5000 });
  if (!report.graceful) console.error(`shutdown: destroyed ${report.destroyed} connections`);
  process.exit(0);
});
// #endregion shutdown

/**
 * stringsvc4 on Node (Go kit's `stringsvc4/main.go`):
 *
 *   npm start -w examples/stringsvc4 -- -nats-url nats://127.0.0.1:4222 -listen 127.0.0.1:8080
 *
 * then `curl -d '{"s":"hello"}' http://127.0.0.1:8080/uppercase`. SIGINT/SIGTERM drain: the
 * requests in flight are answered, then the subscriptions and the connection close.
 */
import { logfmtLogger } from '@svckit/core/log';
import { main } from './run.js';

const logger = logfmtLogger(process.stderr);
const running = await main(process.argv.slice(2), logger).catch((err: unknown) => {
  logger.log('err', err);
  process.exit(1);
});
const stop = (signal: string): void => {
  logger.log('msg', 'shutting down', 'signal', signal);
  void running.stop().then(() => {
    logger.log('msg', 'stopped');
    process.exit(0);
  });
};
process.once('SIGINT', stop);
process.once('SIGTERM', stop);

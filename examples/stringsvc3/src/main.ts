/**
 * stringsvc3 on Node (Go kit's `stringsvc3/main.go`):
 *
 *   npm start -w examples/stringsvc3 -- --listen 127.0.0.1:8080 --proxy 127.0.0.1:8081,127.0.0.1:8082
 *
 * `--listen` is the HTTP address (default `:8080`, all interfaces, as Go); `--proxy` an
 * optional comma-separated list of instances that serve `uppercase` for this one. The service
 * goes through the proxying middleware, then stringsvc2's wiring (logging, instrumenting,
 * `/metrics`); flags, the listen log line and the graceful stop are stringsvc1's `runMain`.
 * Logs go to stderr in logfmt, each with `listen=… caller=…`.
 */
import { Agent } from 'node:http';
import { defaultCaller, logfmtLogger, withContext } from '@svckit/core/log';
import { runMain, stringService } from '@svckit/example-stringsvc1';
import { makeApp } from '@svckit/example-stringsvc2';
import { proxyingMiddleware } from './proxying.js';

const agent = new Agent({ keepAlive: true });
await runMain({
  flags: { proxy: '' },
  logger: (flags) =>
    withContext(logfmtLogger(process.stderr), 'listen', flags.listen, 'caller', defaultCaller),
  handler: (flags, logger) =>
    makeApp(logger, proxyingMiddleware(flags.proxy, { logger, agent })(stringService)).handler,
  onStop: () => agent.destroy(),
});

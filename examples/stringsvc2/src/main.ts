/**
 * stringsvc2 on Node (Go kit's `stringsvc2/main.go`):
 *
 *   npm start -w examples/stringsvc2 -- --listen 127.0.0.1:8080
 *
 * `--listen` is the HTTP address (default `:8080`, all interfaces, as Go). Logs go to stderr in
 * logfmt; `/metrics` serves the Prometheus metrics. SIGINT/SIGTERM stop it gracefully
 * (stringsvc1's `runMain`).
 */
import { runMain } from '@svckit/example-stringsvc1';
import { makeApp } from './app.js';

await runMain({ handler: (_flags, logger) => makeApp(logger).handler });

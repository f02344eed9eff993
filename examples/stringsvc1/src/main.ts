/**
 * stringsvc1 on Node (Go kit's `stringsvc1/main.go`):
 *
 *   npm start -w examples/stringsvc1 -- --listen 127.0.0.1:8080
 *
 * then `curl -d '{"s":"hello"}' http://127.0.0.1:8080/uppercase`. `--listen` defaults to
 * `127.0.0.1:8080`; SIGINT/SIGTERM stop it gracefully ({@link runMain}). `--etcd-url` and
 * `--consul-addr` register it for discovery (as `stringsvc`; see `register.ts`), deregistered
 * first when it stops.
 */
import { registerFromFlags, registrationFlags } from './register.js';
import { runMain } from './run-main.js';
import { makeHandler } from './transport.js';

await runMain({
  listen: '127.0.0.1:8080',
  flags: registrationFlags,
  handler: () => makeHandler(),
  onListen: (address, flags, logger) => registerFromFlags('stringsvc', address, flags, logger),
});
